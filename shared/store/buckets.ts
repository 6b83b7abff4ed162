import { randomUUID } from 'node:crypto';

/**
 * The buckets, declared once for CDK (infra/stacks/stateful.ts) and the local stack.
 * Attachments: citizens' papers; uploads land under `quarantine/` and are verified at submit.
 * Documents: form templates published by admins and result documents issued by officers.
 */
export interface BucketDeclaration {
  id: string;
  /** Prefixes whose objects expire, e.g. abandoned uploads. */
  expire: ReadonlyArray<{ prefix: string; days: number }>;
  versioned: boolean;
  /** In a versioned bucket: days an overwritten or deleted version is kept, so a mistake can be undone. */
  keepNoncurrentDays?: number;
  /** Browsers PUT or GET directly with presigned URLs. */
  cors: ReadonlyArray<'GET' | 'PUT'>;
}

/**
 * Versioned: a paper a committed dossier references is never deleted by design (each submit copies to
 * its own keys), and versions are the second line: a delete by mistake only adds a marker for 90 days.
 */
export const attachmentsBucket = {
  id: 'Attachments',
  expire: [{ prefix: 'quarantine/', days: 2 }],
  versioned: true,
  keepNoncurrentDays: 90,
  cors: ['PUT', 'GET'],
} as const satisfies BucketDeclaration;

export const documentsBucket = {
  id: 'Documents',
  expire: [{ prefix: 'uploads/', days: 2 }],
  versioned: true,
  cors: ['PUT', 'GET'],
} as const satisfies BucketDeclaration;

export const buckets = [attachmentsBucket, documentsBucket] as const;

/** Where papers wait until they are verified at submit. Keys never come from the file name. */
export const QUARANTINE_PREFIX = 'quarantine/';

/** The verified copy's key: the paper's uuid, outside quarantine, under the attempt that made it. */
export function verifiedKey(dossierId: string, objectKey: string, attempt: string): string {
  return `dossiers/${dossierId}/papers/${paperUuid(objectKey)}/${attempt}`;
}

/** A new attempt id for verifiedKey: one per request that copies papers. */
export const newAttempt = () => randomUUID();

/** The paper's uuid in a quarantine key or a verified key (the citizen's attachment id). */
export function paperUuid(objectKey: string): string {
  const verified = /^dossiers\/[^/]+\/papers\/([^/]+)/.exec(objectKey);
  return verified ? verified[1]! : objectKey.slice(objectKey.lastIndexOf('/') + 1);
}
