import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';
import { dynamo, s3 } from './clients';
import { slipKeys, verificationKeys } from './keys';
import { queryItems } from './query';
import { failedOn, transact } from './transaction';

/**
 * Issued slips (phiếu) and the verification records behind their QR codes. A slip is claimed once
 * per event (its key holds the event id), then its PDF is stored in the documents bucket under
 * `slips/<dossierId>/<eventId>.pdf`, then it is marked stored with the PDF's SHA-256.
 */
export interface SlipRecord {
  dossierId: string;
  /** The id of the event that caused it: one slip per event. */
  eventId: string;
  kind: string;
  form: string;
  documentName: string;
  issuedAt: string;
  /** The verify token printed in the QR, and the URL it makes. */
  token: string;
  verifyUrl: string;
  objectKey: string;
  /** Base64 SHA-256 of the PDF, once stored. */
  sha256?: string;
}

/**
 * What GET /verify/{token} answers: generic over the kind of document (a slip now, a signed result
 * later), so that one route and one QR scheme serve every document motcua issues.
 */
export interface Verification {
  token: string;
  /** `slip` | `result` | … */
  documentKind: string;
  /** The document it stands for, e.g. `slip:<dossierId>/<eventId>`. */
  reference: string;
  documentName: string;
  /** The QR's fields, the applicant id masked. */
  fields: Record<string, string>;
  issuer: string;
  issuedAt: string;
  sha256?: string;
  /** A signed result's signature as checked at issue: status, signer and signing time. */
  signature?: { status: 'valid' | 'unsigned'; signer?: string; organization?: string; certificateIssuer?: string; signedAt?: string };
  /** Until when the document is valid, where the procedure says. */
  validUntil?: string;
}

export const slipObjectKey = (dossierId: string, eventId: string) => `slips/${dossierId}/${eventId}.pdf`;
export const SLIP_DOWNLOAD_SECONDS = 300;

/**
 * Claims the slip of an event with its verification record, in one transaction; a redelivered or
 * concurrent event finds the first claim and gets it back (same token), so a slip is issued once.
 */
export async function claimSlip(slip: SlipRecord, verification: Verification): Promise<SlipRecord> {
  const { tableName } = config();
  try {
    await transact({
      slip: { Put: { TableName: tableName, Item: { ...slipKeys.slip(slip.dossierId, slip.issuedAt, slip.eventId), type: 'SLIP', slip }, ConditionExpression: 'attribute_not_exists(pk)' } },
      verification: verificationWrite(verification),
    });
    return slip;
  } catch (error) {
    if (!failedOn(error, 'slip')) throw error;
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: slipKeys.slip(slip.dossierId, slip.issuedAt, slip.eventId), ConsistentRead: true }));
    return Item!.slip as SlipRecord;
  }
}

/** Stores the PDF, then records its hash on the slip and on its verification record. */
export async function storeSlipPdf(slip: SlipRecord, pdf: Uint8Array): Promise<SlipRecord> {
  const sha256 = createHash('sha256').update(pdf).digest('base64');
  await s3().send(new PutObjectCommand({ Bucket: config().documentsBucket, Key: slip.objectKey, Body: pdf, ContentType: 'application/pdf', ChecksumSHA256: sha256 }));
  const { tableName } = config();
  await transact({
    slip: {
      Update: {
        TableName: tableName,
        Key: slipKeys.slip(slip.dossierId, slip.issuedAt, slip.eventId),
        UpdateExpression: 'SET #slip.sha256 = :sha',
        ExpressionAttributeNames: { '#slip': 'slip' },
        ExpressionAttributeValues: { ':sha': sha256 },
      },
    },
    verification: {
      Update: {
        TableName: tableName,
        Key: verificationKeys.token(slip.token),
        UpdateExpression: 'SET #v.sha256 = :sha',
        ExpressionAttributeNames: { '#v': 'verification' },
        ExpressionAttributeValues: { ':sha': sha256 },
      },
    },
  });
  return { ...slip, sha256 };
}

/** A dossier's slips, oldest first (one Query of the dossier's slip partition). */
export async function listSlips(dossierId: string): Promise<SlipRecord[]> {
  const slips: SlipRecord[] = [];
  const query = { TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': slipKeys.slips(dossierId).pk }, ConsistentRead: true };
  for await (const item of queryItems(query)) slips.push(item.slip as SlipRecord);
  return slips;
}

/** The verify record of a document issued with a change (a result at return): committed in the change's transaction, once. */
export function verificationWrite(verification: Verification) {
  return { Put: { TableName: config().tableName, Item: { ...verificationKeys.token(verification.token), type: 'VERIFICATION', verification }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

export async function getVerification(token: string): Promise<Verification | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: verificationKeys.token(token) }));
  return Item?.verification as Verification | undefined;
}

/** A short-lived GET of a stored slip, saved under a readable file name. */
export async function presignSlipDownload(slip: SlipRecord, fileName: string): Promise<{ url: string; expiresAt: string }> {
  const command = new GetObjectCommand({
    Bucket: config().documentsBucket,
    Key: slip.objectKey,
    ResponseContentType: 'application/pdf',
    ResponseContentDisposition: `attachment; filename="${fileName}"`,
  });
  return { url: await getSignedUrl(s3(), command, { expiresIn: SLIP_DOWNLOAD_SECONDS }), expiresAt: new Date(Date.now() + SLIP_DOWNLOAD_SECONDS * 1000).toISOString() };
}

// ---- The tracking book (sổ theo dõi hồ sơ, form 06): one line per dossier an agency received. ----

/** Records that an agency received a dossier at `receivedAt`; idempotent (same key, same item). */
export async function putBookEntry(agencyId: string, receivedAt: string, dossierId: string): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...slipKeys.bookEntry(agencyId, receivedAt, dossierId), type: 'BOOK_ENTRY', dossierId, receivedAt } }));
}

/** The dossiers an agency received between two instants, in order: one Query per month partition, at most `limit`. */
export async function bookEntries(agencyId: string, from: string, to: string, limit: number): Promise<{ dossierIds: Array<{ dossierId: string; receivedAt: string }>; truncated: boolean }> {
  const dossierIds: Array<{ dossierId: string; receivedAt: string }> = [];
  for (const month of slipKeys.bookMonths(from, to)) {
    const query = {
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': slipKeys.bookPartition(agencyId, month), ':from': from, ':to': `${to}\uffff` },
    };
    for await (const item of queryItems(query)) {
      if (dossierIds.length === limit) return { dossierIds, truncated: true };
      dossierIds.push({ dossierId: item.dossierId as string, receivedAt: item.receivedAt as string });
    }
  }
  return { dossierIds, truncated: false };
}

/** Stores a rendered book (PDF or CSV) and hands out a short-lived GET. */
export async function storeBook(objectKey: string, body: Uint8Array | string, contentType: string, fileName: string): Promise<{ url: string; expiresAt: string }> {
  await s3().send(new PutObjectCommand({ Bucket: config().documentsBucket, Key: objectKey, Body: body, ContentType: contentType }));
  const command = new GetObjectCommand({ Bucket: config().documentsBucket, Key: objectKey, ResponseContentType: contentType, ResponseContentDisposition: `attachment; filename="${fileName}"` });
  return { url: await getSignedUrl(s3(), command, { expiresIn: SLIP_DOWNLOAD_SECONDS }), expiresAt: new Date(Date.now() + SLIP_DOWNLOAD_SECONDS * 1000).toISOString() };
}
