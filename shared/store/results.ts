import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';
import { copyObject, deleteQuietly, inspectObject, presignBoundUpload, readObject, type BoundUpload, type PresignedUpload } from './attachments';
import { s3 } from './clients';
import { expiry, OFFICER_DOWNLOAD_SECONDS, type PresignedUrl } from './inbox';

/**
 * Result documents in the documents bucket. The officer uploads to `results/<dossierId>/<uuid>`
 * through a PUT bound to the type, length and SHA-256 declared at resolve (S3 refuses other bytes);
 * at return the upload is copied to `results/<dossierId>/returned/<uuid>`, a key no URL can write,
 * and the copy is what gets checked and served, so no later PUT can change a returned result.
 */
export const RESULT_UPLOAD_SECONDS = 300;

/** The key of a new result upload: generated, never from a file name. */
export const newResultKey = (dossierId: string) => `results/${dossierId}/${randomUUID()}`;
const returnedKey = (dossierId: string) => `results/${dossierId}/returned/${randomUUID()}`;

export const presignResultUpload = (input: BoundUpload): Promise<PresignedUpload> => presignBoundUpload(config().documentsBucket, input, RESULT_UPLOAD_SECONDS);

/**
 * A short-lived GET of a result document, always as an attachment of its recorded type, so a file
 * is never rendered inline under the API's trust (whatever was uploaded).
 */
export async function presignResultDownload(objectKey: string, options: { fileName?: string; contentType?: string } = {}): Promise<PresignedUrl> {
  const command = new GetObjectCommand({
    Bucket: config().documentsBucket,
    Key: objectKey,
    ResponseContentDisposition: `attachment${options.fileName ? `; filename="${options.fileName}"` : ''}`,
    ResponseContentType: options.contentType ?? 'application/octet-stream',
  });
  return { url: await getSignedUrl(s3(), command, { expiresIn: OFFICER_DOWNLOAD_SECONDS }), expiresAt: expiry(OFFICER_DOWNLOAD_SECONDS) };
}

/**
 * The upload, copied where nothing can overwrite it: its key and what the copy holds, its bytes
 * included (a result is at most 50 MiB; its signature is checked on them). Undefined: nothing uploaded.
 */
export async function freezeResult(dossierId: string, uploadKey: string): Promise<{ key: string; sha256: string; size: number; head: Buffer; bytes: Buffer } | undefined> {
  const bucket = config().documentsBucket;
  if (!(await inspectObject(uploadKey, bucket))) return undefined;
  const key = returnedKey(dossierId);
  await copyObject(uploadKey, key, bucket);
  const bytes = await readObject(key, bucket);
  if (!bytes) return undefined;
  return { key, bytes, sha256: createHash('sha256').update(bytes).digest('base64'), size: bytes.length, head: bytes.subarray(0, 16) };
}

/** Best effort: drops a frozen copy that did not commit (or failed its check). */
export const discardResultCopy = (key: string) => deleteQuietly(config().documentsBucket, key);
