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
  /** Browsers PUT or GET directly with presigned URLs. */
  cors: ReadonlyArray<'GET' | 'PUT'>;
}

export const attachmentsBucket = {
  id: 'Attachments',
  expire: [{ prefix: 'quarantine/', days: 2 }],
  versioned: false,
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
