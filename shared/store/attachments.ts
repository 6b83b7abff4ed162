import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';
import { noScanner, signatureScanner, type PaperScanner } from '../domain/malware';
import { ServiceUnavailableError } from '../domain/errors';
import { QUARANTINE_PREFIX } from './buckets';
import { s3 } from './clients';

/**
 * Citizens' papers in the attachments bucket. A declared paper gets a quarantine key
 * (`quarantine/<dossierId>/<uuid>`, never derived from the file name) and a presigned PUT that
 * makes S3 check the length and the SHA-256. Quarantine expires (bucket lifecycle, buckets.ts), so
 * abandoned uploads disappear; a paper that passes verification is copied to
 * `dossiers/<dossierId>/papers/<uuid>/<attempt>`, where no presigned URL can ever overwrite it.
 * The attempt (one per submit or supplement request) makes each copy its own: two racing requests
 * never share a key, so the loser's cleanup cannot remove what the winner committed.
 * Any S3 failure but "no such object" is a ServiceUnavailableError (503): the client may retry.
 */
export const UPLOAD_URL_SECONDS = 900;

export interface PresignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the client must send exactly (they are signed); content-length is the declared size. */
  headers: Record<string, string>;
  expiresAt: string;
}

export const quarantineKey = (dossierId: string) => `${QUARANTINE_PREFIX}${dossierId}/${randomUUID()}`;

export const isQuarantined = (objectKey: string) => objectKey.startsWith(QUARANTINE_PREFIX);

const unavailable = (error: unknown): never => {
  throw new ServiceUnavailableError('The file store is unavailable; retry later.', 2, error);
};
const isMissing = (error: unknown) => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
};

/** A presigned PUT bound to the content type, the exact length and the SHA-256 (base64) the client declared. */
export const presignPaperUpload = (input: BoundUpload) => presignBoundUpload(config().attachmentsBucket, input, UPLOAD_URL_SECONDS);

export interface BoundUpload {
  objectKey: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** The same binding in any bucket (results go to the documents bucket, shared/store/results.ts). */
export async function presignBoundUpload(bucket: string, input: BoundUpload, expiresIn: number): Promise<PresignedUpload> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: input.objectKey,
    ContentType: input.contentType,
    ContentLength: input.size,
    ChecksumSHA256: input.sha256,
  });
  const url = await getSignedUrl(s3(), command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
    // Kept as a header (not hoisted to the query) so that S3 checks the body against it.
    unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
  }).catch(unavailable);
  return {
    url,
    method: 'PUT',
    headers: { 'content-type': input.contentType, 'content-length': String(input.size), 'x-amz-checksum-sha256': input.sha256 },
    expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

/** Size and content type of a stored object, or undefined when there is none. */
export async function inspectObject(objectKey: string, bucket = config().attachmentsBucket): Promise<{ size: number; contentType?: string } | undefined> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
    return { size: head.ContentLength ?? 0, ...(head.ContentType ? { contentType: head.ContentType } : {}) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    return unavailable(error);
  }
}

let scanner: PaperScanner | undefined;
/** The stage's malware scanner (PAPER_SCANNER): the port a province replaces with its own (README "Malware scanning"). */
export function paperScanner(): PaperScanner {
  scanner ??= config().paperScanner === 'none' ? noScanner : signatureScanner();
  return scanner;
}

/** What a read of the object sends before its bytes: length and type (no HeadObject needed), and the body to stream. */
export interface OpenedObject {
  size: number;
  contentType?: string;
  body: Readable;
  /** Stops the read without taking the rest of the bytes (a refused paper is never hashed). */
  abandon(): void;
}

/** Opens a GetObject on the object, or undefined when there is none. */
export async function openObject(objectKey: string, bucket = config().attachmentsBucket): Promise<OpenedObject | undefined> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    const body = object.Body as Readable;
    return { size: object.ContentLength ?? 0, ...(object.ContentType ? { contentType: object.ContentType } : {}), body, abandon: () => body.destroy() };
  } catch (error) {
    if (isMissing(error)) return undefined;
    return unavailable(error);
  }
}

export interface ObjectDigest {
  /** Base64 SHA-256. */
  sha256: string;
  size: number;
  /** The first bytes, for a type check. */
  head: Buffer;
  threat?: string;
}

/** Streams an opened object through SHA-256 (and the scanner, if given): its digest, length, first bytes and any threat found, in one read. */
export async function digestOpened(object: OpenedObject, scanWith?: PaperScanner): Promise<ObjectDigest> {
  try {
    const hash = createHash('sha256');
    const scan = scanWith?.start();
    let size = 0;
    const first: Buffer[] = [];
    for await (const chunk of object.body) {
      const bytes = chunk as Buffer;
      if (size < 16) first.push(bytes.subarray(0, 16 - size));
      size += bytes.length;
      hash.update(bytes);
      scan?.update(bytes);
    }
    const threat = await scan?.verdict();
    return { sha256: hash.digest('base64'), size, head: Buffer.concat(first), ...(threat ? { threat } : {}) };
  } catch (error) {
    return unavailable(error);
  }
}

/** Streams the object through SHA-256 (and the scanner, if given), in one read; undefined when there is none. */
export async function digestObject(objectKey: string, bucket = config().attachmentsBucket, scanWith?: PaperScanner): Promise<ObjectDigest | undefined> {
  const object = await openObject(objectKey, bucket);
  return object && digestOpened(object, scanWith);
}

/** The whole object (undefined: it does not exist); for files small enough to hold, like a result. */
export async function readObject(objectKey: string, bucket = config().attachmentsBucket): Promise<Buffer | undefined> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch (error) {
    if (isMissing(error)) return undefined;
    return unavailable(error);
  }
}

/** Copies an object within a bucket (by default the attachments bucket), or into it from `sourceBucket` (a stored result reused as a paper). */
export async function copyObject(from: string, to: string, bucket = config().attachmentsBucket, sourceBucket = bucket): Promise<void> {
  await s3()
    .send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${sourceBucket}/${from.split('/').map(encodeURIComponent).join('/')}` }))
    .catch(unavailable);
}

/** copyObject, false when the source does not exist (one round trip where a HeadObject would take a second). */
export async function copyIfPresent(from: string, to: string, bucket = config().attachmentsBucket): Promise<boolean> {
  try {
    await s3().send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}` }));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    return unavailable(error);
  }
}

/** Best effort: removes a copy that failed verification (lifecycle rules would not catch it outside quarantine). */
export const deleteObjectQuietly = (objectKey: string) => deleteQuietly(config().attachmentsBucket, objectKey);

/** Deletes objects, failing if S3 does (a retention run must know what it did not remove); a missing object is no failure. */
export async function deleteObjects(bucket: string, objectKeys: readonly string[]): Promise<void> {
  await Promise.all(
    objectKeys.map((Key) =>
      s3()
        .send(new DeleteObjectCommand({ Bucket: bucket, Key }))
        .catch(unavailable),
    ),
  );
}

export async function deleteQuietly(bucket: string, objectKey: string): Promise<void> {
  await s3()
    .send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey }))
    .catch(() => undefined);
}
