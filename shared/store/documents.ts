import { HeadObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';
import type { FormTemplate } from '../domain/procedure';
import { s3 } from './clients';

/**
 * The documents bucket's form templates (mẫu đơn, tờ khai): admins upload them with a presigned PUT,
 * citizens download them with a short-lived presigned GET. Keys are built here from the procedure
 * code and form id, never from a file name.
 */
export const FORM_DOWNLOAD_SECONDS = 300;
export const FORM_UPLOAD_SECONDS = 900;

export const formTemplateKey = (procedureCode: string, formId: string) => `forms/${procedureCode}/${formId}`;

export interface PresignedUrl {
  url: string;
  expiresAt: string;
}

const expiry = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** RFC 6266/5987: Vietnamese file names survive the download; the ASCII fallback has no marks. */
function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Whether the template's file has been uploaded. */
export async function formTemplateExists(procedureCode: string, formId: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: config().documentsBucket, Key: formTemplateKey(procedureCode, formId) }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

/** A presigned GET of the template, saved under its file name. */
export async function presignFormDownload(procedureCode: string, form: FormTemplate): Promise<PresignedUrl> {
  const command = new GetObjectCommand({
    Bucket: config().documentsBucket,
    Key: formTemplateKey(procedureCode, form.id),
    ResponseContentType: form.contentType,
    ResponseContentDisposition: attachment(form.fileName),
  });
  return { url: await getSignedUrl(s3(), command, { expiresIn: FORM_DOWNLOAD_SECONDS }), expiresAt: expiry(FORM_DOWNLOAD_SECONDS) };
}

/** A presigned PUT of the template; the uploader must send the same Content-Type. */
export async function presignFormUpload(procedureCode: string, form: FormTemplate): Promise<PresignedUrl & { headers: Record<string, string> }> {
  const command = new PutObjectCommand({ Bucket: config().documentsBucket, Key: formTemplateKey(procedureCode, form.id), ContentType: form.contentType });
  return {
    url: await getSignedUrl(s3(), command, { expiresIn: FORM_UPLOAD_SECONDS }),
    expiresAt: expiry(FORM_UPLOAD_SECONDS),
    headers: { 'content-type': form.contentType },
  };
}

/** Stores a template directly (the seed script; admins go through presignFormUpload). */
export async function putFormTemplate(procedureCode: string, form: FormTemplate, body: Uint8Array): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: config().documentsBucket, Key: formTemplateKey(procedureCode, form.id), ContentType: form.contentType, Body: body }));
}
