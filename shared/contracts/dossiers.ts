import * as z from 'zod';
import { say } from '../domain/field-messages';
import { FEE_STATES, type HistoryEntry } from '../domain/dossier';
import { DossierAction, DossierStatus } from '../domain/dossier-lifecycle';
import { DOSSIER_CODE_PATTERN } from '../domain/dossier-code';
import { DeliveryMethod, MimeType, ProcedureCodeString, Sha256Base64, Slug } from '../domain/procedure';
import { ANSWER_BOUNDS, withinBounds } from '../domain/json-bounds';
import { onFirstUse } from '../domain/on-first-use';
import { defineContract } from '../http/contract';
import { DOCUMENT_ID_PATTERN } from '../domain/documents';

/**
 * Level 3, citizen side: a citizen's dossiers (hồ sơ) from draft to submission, papers uploaded
 * through presigned URLs, withdrawal and supplements. A dossier that is not the caller's is 404.
 */

/*
 * Bodies and responses are built on first use (z.lazy): response schemas serve the OpenAPI document
 * and the tests' response check, never a handler, and each route validates only its own body; zod
 * builds each schema at some cost, and built at import every dossier route's cold start paid for all
 * of the area's (issue 19). The document is byte for byte the same.
 */

/** The path parameter of every route about one dossier: its id (a UUID), not its code. */
export const DossierId = z.object({ id: z.uuid().meta({ id: 'DossierId', description: 'The dossier id (a UUID), not its code.', examples: ['0b8f6a7e-8b1c-4c5e-9d39-3f3c2a1d4e5f'] }) });

export const ApplicantInput = z.lazy(() =>
  z
    .object({
      fullName: z.string().trim().min(1).max(200),
      nationalId: z.string().regex(/^\d{12}$/, say('nationalId')),
      phone: z
        .string()
        .regex(/^(\+84|0)\d{9,10}$/, say('phone'))
        .optional(),
      email: z.email().max(254).optional(),
      address: z.string().trim().max(500).optional(),
      organisation: z
        .object({
          taxCode: z.string().regex(/^\d{10}(-\d{3})?$/, say('taxCode')),
          name: z.string().trim().min(1).max(300),
        })
        .optional()
        .meta({ description: "When filing for an organisation: `nationalId` is then its legal representative's (yours)." }),
    })
    .meta({
      id: 'Applicant',
      description:
        "The applicant's identity number must be yours (a verified claim of your token), or one you hold a recorded authority for: a child under 14 of yours (population database), a mandate in force for this procedure (POST /me/mandates), an organisation you represent. Otherwise 403 APPLICANT_NOT_CALLER.",
    }),
);

export const Answers = z.lazy(() =>
  z
    .record(z.string().min(1).max(ANSWER_BOUNDS.maxKeyLength), z.unknown())
    .superRefine(withinBounds(ANSWER_BOUNDS))
    .meta({
      description: `Answers to the procedure's application form (its JSON Schema); validated at submit. Bounded whatever the form says (400, with the path): at most ${ANSWER_BOUNDS.maxDepth} levels of objects and arrays, ${ANSWER_BOUNDS.maxValues} values, strings of ${ANSWER_BOUNDS.maxStringLength} characters, field names of 1-${ANSWER_BOUNDS.maxKeyLength} characters, numbers within ±(2^53-1) and either 0 or at least 1e-130 in size.`,
    }),
);
export const Delivery = z.lazy(() =>
  z.object({ method: DeliveryMethod, address: z.string().trim().min(1).max(500).optional() }).refine((d) => d.method !== 'post' || d.address !== undefined, { message: say('postalAddress'), path: ['address'] }),
);
const Version = z.number().int().min(1).meta({ description: 'The version you read: a stale one is 409 CONFLICT.' });

const PaperView = z.lazy(() =>
  z
    .object({
      attachmentId: z.uuid(),
      paperId: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      declaredAt: z.iso.datetime(),
      verifiedAt: z.iso.datetime().optional().meta({ description: 'Set once the upload was verified (at submit or supplement); only verified papers count.' }),
      reused: z.object({ documentId: z.string(), fromDossierId: z.uuid() }).optional().meta({ description: 'Taken from your document store (GET /me/documents) instead of uploaded: verified already.' }),
    })
    .meta({ id: 'DossierPaper' }),
);

/** Every name a history entry's `action` takes (HistoryEntry in shared/domain/dossier.ts). */
export const HistoryAction = z
  .enum([...DossierAction.options, 'assign', 'forward', 'send-back', 'approve', 'create', 'edit', 'route', 'overdue', 'step-overdue', 'receipt-overdue', 'refund', 'remove-personal-data'])
  .meta({
    id: 'HistoryAction',
    description:
      "What a history entry records. The lifecycle actions: submit, withdraw, supplement, pay (the citizen, or the payment's confirmation), receive, refuse, process, request-supplement, request-payment, transfer, resolve, stop, return, reschedule (officers). Internal steps: assign, forward, send-back, approve. Bookkeeping: create (the draft), edit (a draft changed), route (the competent agency chosen by the router or an admin), overdue / step-overdue (the deadline watcher noticed a missed deadline), receipt-overdue (a result not collected in time), refund (a fee given back), remove-personal-data (retention).",
  });
type HistoryActionsCovered = [HistoryEntry['action']] extends [z.infer<typeof HistoryAction>] ? ([z.infer<typeof HistoryAction>] extends [HistoryEntry['action']] ? true : never) : never;
const historyActionsCovered: HistoryActionsCovered = true;
void historyActionsCovered;

const HistoryView = z.lazy(() =>
  z
    .object({
      at: z.iso.datetime(),
      action: HistoryAction,
      actor: z.object({ role: z.enum(['citizen', 'officer', 'admin', 'system']), agencyId: z.string().optional() }),
      from: DossierStatus,
      to: DossierStatus,
      note: z.string().optional(),
    })
    .meta({ id: 'CitizenHistoryEntry' }),
);

const summaryShape = () => ({
  id: z.uuid(),
  code: z.string().optional().meta({ description: 'Mã hồ sơ, issued at submit.' }),
  procedureCode: z.string(),
  status: DossierStatus,
  statusCode: z.number().int().nullable().meta({ description: "The National Public Service Portal's status code (1-10); null for a draft." }),
  appointmentAt: z.iso.datetime().optional().meta({ description: 'Ngày hẹn trả: the appointment date.' }),
  submittedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const DossierSummary = z.lazy(() => z.object(summaryShape()).meta({ id: 'DossierSummary' }));

export const DossierView = z.lazy(() =>
  z
    .object({
      ...summaryShape(),
      version: z.number().int(),
      unitId: z.string(),
      agencyId: z.string().optional(),
      applicant: ApplicantInput,
      filing: z
        .object({
          kind: z.enum(['self', 'guardian', 'mandate', 'legal-representative', 'desk']),
          relation: z.enum(['father', 'mother', 'guardian']).optional(),
          childBirthDate: z.iso.date().optional(),
          mandateId: z.uuid().optional(),
          taxCode: z.string().optional(),
        })
        .optional()
        .meta({
          description:
            "Under which authority you file for this applicant: yourself, as parent or guardian of a child under 14, under a mandate, as an organisation's legal representative; `desk` when an officer entered it at the one-stop desk.",
        }),
      answers: Answers,
      papers: z.array(PaperView),
      fee: z.object({
        amount: z.number().int().meta({ description: 'Integer VND; fixed at submit.' }),
        state: z
          .enum(FEE_STATES)
          .meta({ description: 'NONE, DUE, PAID; CANCELLED: the dossier ended before it was paid; REFUND_DUE: paid, but the dossier ended without a result, so it is owed back; PARTIALLY_REFUNDED, REFUNDED.' }),
        refunded: z.number().int().optional().meta({ description: 'Integer VND given back so far.' }),
        paymentId: z.string().optional().meta({ description: 'The payment that paid it (GET /payments/{id}).' }),
      }),
      delivery: Delivery.optional(),
      request: z.object({ reason: z.string(), papers: z.array(z.string()).optional(), deadline: z.string().optional() }).optional(),
      result: z.object({ decision: z.string().optional(), resolvedAt: z.iso.datetime(), hasDocument: z.boolean() }).optional(),
      allowedActions: z.array(DossierAction).meta({ description: 'What the citizen may do now (submit, withdraw, supplement, pay).' }),
      history: z.array(HistoryView).meta({ description: 'Nhật ký xử lý, oldest first.' }),
    })
    .meta({ id: 'Dossier' }),
);

const citizen = ['citizen'] as const;

/** Who may file for whom (shared/identity/authority.ts): checked at create, at an edit of the applicant, and again at submit. */
const filingCodes = ['APPLICANT_NOT_CALLER', 'ASSURANCE_TOO_LOW', 'SERVICE_UNAVAILABLE'] as const;

export const createDossier = defineContract({
  operationId: 'createDossier',
  summary: 'Create a draft dossier for a procedure',
  description:
    "The procedure must accept online submission (level 3 or 4). Answers may be incomplete in a draft; they are validated at submit. `unitId` is the applicant's administrative unit, from which the dossier is routed.",
  tag: 'dossiers',
  access: citizen,
  idempotent: true,
  body: z.lazy(() =>
    z.object({
      procedureCode: ProcedureCodeString,
      unitId: Slug,
      applicant: ApplicantInput.optional().meta({
        description:
          'Omitted: you, prefilled from the national population database (name, address; one audited lookup, listed at GET /me/lookups) and from what your identity provider verified (identity number, phone, email).',
      }),
      answers: Answers.default({}),
      delivery: Delivery.optional(),
    }),
  ),
  example: { procedureCode: '1.001193', unitId: 'xa-an-binh', answers: { childName: 'Nguyễn Minh An', childBirthDate: '2025-08-20' }, delivery: { method: 'online' } },
  status: 201,
  location: '/dossiers/{id}',
  response: DossierView,
  errorCodes: ['PROCEDURE_NOT_FOUND', 'PROCEDURE_NOT_ONLINE', 'UNIT_NOT_FOUND', 'DELIVERY_NOT_OFFERED', 'APPLICANT_NOT_FOUND', ...filingCodes],
});

export const deleteDossier = defineContract({
  operationId: 'deleteDossier',
  summary: 'Delete a draft dossier (its answers, papers and history)',
  description: "Only a draft (409 NOT_A_DRAFT: a submitted dossier is the agency's record, kept for its retention period). `?version=` pins the version you read (409 CONFLICT). 204; a second delete is 404.",
  tag: 'dossiers',
  access: citizen,
  params: DossierId,
  query: z.object({ version: z.coerce.number().int().min(1).optional() }).strict(),
  status: 204,
  errorCodes: ['NOT_FOUND', 'NOT_A_DRAFT', 'CONFLICT'],
});

export const updateDossier = defineContract({
  operationId: 'updateDossier',
  summary: 'Edit a draft dossier',
  description: 'Only a draft can be edited (409 NOT_A_DRAFT). `version` must be the one you read (409 CONFLICT). Fields given replace the stored ones; `answers` is replaced whole.',
  tag: 'dossiers',
  access: citizen,
  params: DossierId,
  body: z.lazy(() =>
    z.object({
      version: Version,
      unitId: Slug.optional(),
      applicant: ApplicantInput.optional(),
      answers: Answers.optional(),
      delivery: Delivery.optional(),
    }),
  ),
  example: {
    version: 2,
    unitId: 'xa-an-binh',
    applicant: { fullName: 'Trần Thị Mai', nationalId: '001199000123', phone: '0912345678', address: 'Số 12 đường Lê Lợi, thôn Đông, xã An Bình' },
    answers: {
      child: { fullName: 'Nguyễn Minh An', sex: 'male', birthDate: '2026-02-20', birthPlace: 'Trạm y tế xã An Bình, tỉnh Demo' },
      mother: { fullName: 'Trần Thị Mai', birthDate: '1999-05-02', nationalId: '001199000123' },
      relationship: 'mother',
    },
    delivery: { method: 'post', address: 'Số 12 đường Lê Lợi, thôn Đông, xã An Bình, tỉnh Demo' },
  },
  response: DossierView,
  errorCodes: ['NOT_FOUND', 'NOT_A_DRAFT', 'CONFLICT', 'UNIT_NOT_FOUND', 'DELIVERY_NOT_OFFERED', ...filingCodes],
});

/** A page of the caller's dossiers (GET /dossiers, GET /me/documents). */
const OwnerPage = z.object({
  cursor: z.string().max(512).optional().meta({ description: 'The `nextCursor` of the previous page (opaque).' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const listDossiers = defineContract({
  operationId: 'listDossiers',
  summary: 'My dossiers, newest first',
  tag: 'dossiers',
  access: citizen,
  query: OwnerPage,
  response: z.lazy(() => z.object({ items: z.array(DossierSummary), nextCursor: z.string().optional() })),
  errorCodes: ['INVALID_CURSOR'],
});

export const getDossier = defineContract({
  operationId: 'getDossier',
  summary: 'One of my dossiers: status and portal status code, history, papers, appointment date, fee',
  tag: 'dossiers',
  access: citizen,
  params: DossierId,
  response: DossierView,
  errorCodes: ['NOT_FOUND'],
});

const filedForMeShape = () => ({
  channel: z.enum(['online', 'dvcqg', 'desk', 'post']).meta({ description: 'How it came in: online here, forwarded by DVCQG, at the one-stop desk, by post.' }),
  mine: z.boolean().meta({ description: 'You filed it yourself (GET /dossiers/{id} has its actions); false when an agent, the desk or DVCQG did.' }),
});

export const listDossiersFiledForMe = defineContract({
  operationId: 'listDossiersFiledForMe',
  summary: 'The dossiers filed for me, whoever filed them, newest submission first',
  description:
    "Every submitted dossier whose applicant is your verified identity number: those you filed, those an agent filed under your mandate, those the one-stop desk entered for you and those DVCQG forwarded. Needs a verified identity number (403 IDENTITY_NOT_VERIFIED). Drafts are their filer's only.",
  tag: 'dossiers',
  access: citizen,
  query: OwnerPage,
  response: z.lazy(() => z.object({ items: z.array(z.object({ ...summaryShape(), ...filedForMeShape() }).meta({ id: 'DossierFiledForMe' })), nextCursor: z.string().optional() })),
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'INVALID_CURSOR'],
});

export const getDossierFiledForMe = defineContract({
  operationId: 'getDossierFiledForMe',
  summary: 'One dossier filed for me: status, history, papers, appointment date, fee',
  description: "As its applicant reads it. `allowedActions` is empty unless you filed it: the desk acts on a desk dossier, DVCQG's portal on a forwarded one. Anyone else's, and a draft, is 404.",
  tag: 'dossiers',
  access: citizen,
  params: DossierId,
  response: z.lazy(() => DossierView.unwrap().extend(filedForMeShape()).meta({ id: 'DossierFiledForMeView' })),
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'NOT_FOUND'],
});

const paperDeclaration = onFirstUse(() =>
  z.object({
    paperId: Slug.meta({ description: "The procedure's paper (thành phần hồ sơ) this file is." }),
    fileName: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^\u0000-\u001f\u007f]+$/, say('noControlCharacters'))
      .meta({ description: 'Shown to people only; never part of the storage key.' }),
    contentType: MimeType,
    size: z
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024)
      .meta({ description: 'Exact length in bytes; S3 refuses any other.' }),
    sha256: Sha256Base64.meta({ description: 'Base64 SHA-256 of the file, as in x-amz-checksum-sha256.' }),
  }),
);
export const PaperDeclaration = z.lazy(paperDeclaration);

/** A document of the caller's store (GET /me/documents). */
export const DocumentId = z.string().max(120).regex(DOCUMENT_ID_PATTERN, say('documentId'));

/** Either a file to upload (the declaration) or a stored document to reuse (`documentId`), never both. */
export const AttachmentInput = z.lazy(() =>
  z
    .object({
      paperId: paperDeclaration().shape.paperId,
      documentId: DocumentId.optional().meta({ description: 'Reuse a document of your store (GET /me/documents) instead of uploading: then give only `paperId` and `documentId`.' }),
      fileName: paperDeclaration().shape.fileName.optional(),
      contentType: paperDeclaration().shape.contentType.optional(),
      size: paperDeclaration().shape.size.optional(),
      sha256: paperDeclaration().shape.sha256.optional(),
    })
    .superRefine((input, context) => {
      const upload = ['fileName', 'contentType', 'size', 'sha256'] as const;
      if (input.documentId !== undefined) {
        for (const field of upload) if (input[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: say('notWithDocumentId') });
      } else {
        for (const field of upload) if (input[field] === undefined) context.addIssue({ code: 'custom', path: [field], message: say('requiredWithoutDocumentId') });
      }
    }),
);

export const declareAttachment = defineContract({
  operationId: 'declareAttachment',
  summary: 'Declare a paper and get a presigned upload URL, or attach a document of your store',
  description:
    'Allowed on a draft and while a supplement is requested. **Upload** (`paperId, fileName, contentType, size, sha256`): upload with `PUT upload.url` sending exactly `upload.headers` (S3 checks the length and the SHA-256); the URL expires after 15 minutes and an unfinished upload is deleted after 2 days. Declaring a paper again replaces its unverified upload. A paper counts only once verified at submit or supplement. **Reuse** (`paperId, documentId`): a document of GET /me/documents stands for the paper without another upload: it must be yours (else 404), still valid (422 DOCUMENT_EXPIRED), of the same paper code, or a result of a procedure the paper lists in `acceptsResultOf` (422 DOCUMENT_NOT_ACCEPTED), of a type and size the paper takes (422 PAPER_TYPE_NOT_ACCEPTED, PAPER_TOO_LARGE). Its bytes are copied server-side; the paper is answered verified and `reused`, with no `upload`, and submit does not check it again.',
  tag: 'dossiers',
  access: citizen,
  idempotent: true,
  params: DossierId,
  body: AttachmentInput,
  example: { paperId: 'giay-chung-sinh', fileName: 'giay-chung-sinh.pdf', contentType: 'application/pdf', size: 183_204, sha256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' },
  status: 201,
  response: z.lazy(() =>
    z.object({
      paper: PaperView,
      upload: z
        .object({ url: z.url(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() })
        .optional()
        .meta({ description: 'For an upload; absent when a stored document was reused.' }),
    }),
  ),
  errorCodes: [
    'NOT_FOUND',
    'PAPERS_LOCKED',
    'PAPER_UNKNOWN',
    'PAPER_TYPE_NOT_ACCEPTED',
    'PAPER_TOO_LARGE',
    'PAPER_INVALID',
    'TOO_MANY_PAPERS',
    'DOCUMENT_EXPIRED',
    'DOCUMENT_NOT_ACCEPTED',
    'DOCUMENT_NOT_REUSABLE',
    'CONFLICT',
    'SERVICE_UNAVAILABLE',
  ],
});

// -- the citizen's document store (issue 16) --

export const StoredDocumentView = z.lazy(() =>
  z.object({
    documentId: DocumentId.meta({ description: 'Stable; give it to POST /dossiers/{id}/attachments to reuse the document.' }),
    kind: z.enum(['paper', 'result']),
    paperId: z.string().optional().meta({ description: 'The paper code (thành phần hồ sơ), for papers.' }),
    procedureCode: z.string().meta({ description: 'The procedure of the dossier it came from; for a result, the procedure it is the result of.' }),
    name: z.string(),
    issuer: z
      .object({ kind: z.enum(['citizen', 'agency']), agencyId: z.string().optional(), name: z.string() })
      .meta({ description: 'A result: the agency that issued it. A paper: the citizen ("Công dân") who uploaded it, or the agency whose desk digitised it.' }),
    issuedAt: z.iso.datetime().meta({ description: 'A paper: when it was verified; a result: when it was returned.' }),
    validUntil: z.iso.datetime().optional().meta({ description: 'A result whose procedure limits its validity (resultDocument.validityDays); papers carry none.' }),
    source: z.enum(['upload', 'desk-digitised', 'dvcqg', 'result']),
    fileName: z.string().optional(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string().meta({ description: 'Base64 SHA-256 of the file, as verified.' }),
    dossierId: z.uuid(),
    dossierCode: z.string().optional(),
  }),
);

export const listMyDocuments = defineContract({
  operationId: 'listMyDocuments',
  summary: 'My document store: the verified papers and returned results of my dossiers',
  description:
    "Kho giấy tờ của công dân (Thông tư 01/2023 Art 24): read from your own dossiers, a page of `limit` dossiers at a time, newest first, like GET /dossiers (a page may hold no document and still have a `nextCursor`). A paper reused from the store is listed once, where it came from. Desk and DVCQG dossiers are not yours by account (they are the desk's and DVCQG's) and are not listed.",
  tag: 'dossiers',
  access: citizen,
  query: OwnerPage,
  response: z.lazy(() => z.object({ items: z.array(StoredDocumentView), nextCursor: z.string().optional() })),
  errorCodes: ['INVALID_CURSOR'],
});

/** What verifying uploaded papers answers (shared/dossiers/verify-papers.ts), at submit, supplement and the desk's submit. */
export const PAPER_VERIFICATION_CODES = [
  'PAPER_MISSING',
  'PAPER_NOT_UPLOADED',
  'PAPER_SIZE_MISMATCH',
  'PAPER_TOO_LARGE',
  'PAPER_TYPE_NOT_ACCEPTED',
  'PAPER_TYPE_MISMATCH',
  'PAPER_CHECKSUM_MISMATCH',
  'PAPER_INFECTED',
  'PAPER_UNKNOWN',
] as const;

export const submitDossier = defineContract({
  operationId: 'submitDossier',
  summary: 'Submit a draft: verify papers and answers, issue the dossier code and the appointment date',
  description:
    "Every paper is verified (exists, size and type within the procedure's limits, SHA-256 as declared) and the answers are validated against the procedure's form; any failure is 422 with `errors[]` (paths like `answers.child.fullName` or `papers.giay-chung-sinh`, each with its code) and nothing changes. The top-level code is the errors' common code (FORM_INVALID for form errors), or DOSSIER_INCOMPLETE when they differ. A retry with the same Idempotency-Key returns the first answer.",
  tag: 'dossiers',
  access: citizen,
  idempotent: true,
  params: DossierId,
  body: z.lazy(() => z.object({ version: Version.optional() }).optional()),
  example: { version: 2 },
  response: DossierView,
  errorCodes: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT', 'PROCEDURE_NOT_ONLINE', 'FORM_INVALID', 'DOSSIER_INCOMPLETE', ...PAPER_VERIFICATION_CODES, ...filingCodes],
});

export const withdrawDossier = defineContract({
  operationId: 'withdrawDossier',
  summary: 'Withdraw a submitted dossier before a decision',
  tag: 'dossiers',
  access: citizen,
  idempotent: true,
  params: DossierId,
  body: z.lazy(() => z.object({ version: Version.optional(), reason: z.string().trim().max(1000).optional() }).optional()),
  example: { version: 4, reason: 'Tôi nộp nhầm thủ tục.' },
  response: DossierView,
  errorCodes: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT'],
});

export const supplementDossier = defineContract({
  operationId: 'supplementDossier',
  summary: 'Answer a supplement request with new papers and/or answers',
  description:
    'Declare and upload the new papers first (POST /dossiers/{id}/attachments). Every paper the officer asked for must have been declared again since the request. The new papers are verified as at submit; the clock resumes and the appointment date moves forward by the working time the dossier waited.',
  tag: 'dossiers',
  access: citizen,
  idempotent: true,
  params: DossierId,
  body: z.lazy(() => z.object({ version: Version.optional(), answers: Answers.optional(), note: z.string().trim().max(2000).optional() }).optional()),
  example: { version: 5, note: 'Đã tải lên bản sao giấy chứng sinh.' },
  response: DossierView,
  errorCodes: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT', 'FORM_INVALID', 'DOSSIER_INCOMPLETE', ...PAPER_VERIFICATION_CODES, 'SERVICE_UNAVAILABLE'],
});

// -- the result (level 4) --

export const ResultView = z.lazy(() =>
  z.object({
    dossierId: z.string(),
    status: z.enum(['RESOLVED', 'RETURNED']),
    resolvedAt: z.iso.datetime(),
    decision: z.string().optional(),
    download: z.object({ url: z.url(), expiresAt: z.iso.datetime() }).optional(),
    delivery: z.object({ method: z.enum(['online', 'post', 'desk']), address: z.string().optional() }).optional(),
  }),
);

export const getResult = defineContract({
  operationId: 'getDossierResult',
  summary: 'The result of my dossier: a short-lived download of the result document',
  tag: 'dossiers',
  access: ['citizen'],
  params: DossierId,
  response: ResultView,
  errorCodes: ['NOT_FOUND', 'RESULT_NOT_READY', 'FEE_DUE'],
});

// -- public tracking --

/** Public tracking (tra cứu hồ sơ) by dossier code: procedure, status and appointment date, never personal data. */
export const TrackingView = z.lazy(() =>
  z
    .object({
      code: z.string(),
      procedure: z.object({ code: z.string(), name: z.string() }),
      status: DossierStatus,
      statusCode: z.number().int().nullable(),
      appointmentAt: z.iso.datetime().optional(),
    })
    .meta({ examples: [{ code: 'UBNDAB-270205-0001', procedure: { code: '1.001193', name: 'Đăng ký khai sinh' }, status: 'SUBMITTED', statusCode: 1, appointmentAt: '2027-02-11T08:00:00.000Z' }] }),
);

export const trackDossier = defineContract({
  operationId: 'trackDossier',
  summary: 'Public status of a dossier by its code (no personal data)',
  tag: 'dossiers',
  access: 'public',
  params: z.object({
    dossierCode: z
      .string()
      .max(64)
      .regex(DOSSIER_CODE_PATTERN, say('dossierCode'))
      .meta({ examples: ['UBNDAB-270205-0001'] }),
  }),
  response: TrackingView,
  errorCodes: ['NOT_FOUND'],
});
