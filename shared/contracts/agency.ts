import * as z from 'zod';
import { say } from '../domain/field-messages';
import { FEE_STATES } from '../domain/dossier';
import { DossierStatus } from '../domain/dossier-lifecycle';
import { DeliveryMethod, MimeType, ProcedureCodeString, Sha256Base64, Slug, Vnd } from '../domain/procedure';
import { onFirstUse } from '../domain/on-first-use';
import { defineContract } from '../http/contract';
import { Answers, ApplicantInput, Delivery, DossierId, HistoryAction, PAPER_VERIFICATION_CODES, PaperDeclaration } from './dossiers';

/**
 * One-stop processing (một cửa): the officer's inbox and actions.
 * Officers see and act only on dossiers routed to their agency (anything else is 404); admins on any.
 * Bodies and response schemas are built on first use (z.lazy, onFirstUse), not at every cold start (issue 19).
 */

const OFFICERS = ['officer', 'admin'] as const;

const Instant = z.iso.datetime({ offset: true });
const Reason = z.string().trim().min(3).max(2000);
const Version = z.number().int().min(1).optional().meta({ description: 'The version the officer saw; a newer one answers 409 CONFLICT.' });
const Note = z.string().trim().max(2000).optional();
const Presigned = z.object({ url: z.string(), expiresAt: z.string() });

const Step = z.lazy(() =>
  z
    .object({
      index: z.number().int().min(0),
      id: z.string(),
      title: z.string(),
      role: z.enum(['desk', 'specialist', 'head', 'leader']),
      unit: z.string().optional(),
      startedAt: z.string(),
      dueAt: z.string().meta({ description: "The step's own deadline: its working hours from when it started." }),
      assignee: z.string().optional(),
      approved: z.object({ by: z.string(), at: z.string() }).optional(),
      overdueNotified: z.boolean().optional().meta({ description: "true once this step's deadline passed and `dossier.step_overdue` was raised." }),
    })
    .meta({ id: 'DossierStep' }),
);

const HistoryEntry = z.lazy(() =>
  z
    .object({
      at: z.string(),
      action: HistoryAction,
      actor: z.object({ sub: z.string(), role: z.string(), agencyId: z.string().optional() }),
      from: DossierStatus,
      to: DossierStatus,
      note: z.string().optional(),
      step: Step.optional().meta({ description: 'The internal step the dossier is in after this entry, with its deadline.' }),
    })
    .meta({ id: 'HistoryEntry' }),
);

const inboxItem = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      code: z.string().optional(),
      procedureCode: z.string(),
      status: DossierStatus,
      statusCode: z.number().int().nullable(),
      version: z.number().int(),
      agencyId: z.string().optional(),
      applicantName: z.string(),
      submittedAt: z.string().optional(),
      appointmentAt: z.string().optional(),
      overdue: z.boolean(),
      step: z
        .object({ index: z.number().int(), id: z.string(), dueAt: z.string(), unit: z.string().optional(), assignee: z.string().optional(), overdue: z.boolean() })
        .optional()
        .meta({ description: 'The internal step that holds it (procedures with internal steps).' }),
    })
    .meta({ id: 'InboxItem' }),
);
export const InboxItem = z.lazy(inboxItem);

const officerDossier = onFirstUse(() =>
  inboxItem()
    .extend({
      unitId: z.string(),
      applicant: z.object({ fullName: z.string(), nationalId: z.string(), phone: z.string().optional(), email: z.string().optional(), address: z.string().optional() }),
      answers: z.record(z.string(), z.unknown()),
      papers: z.array(
        z.object({
          paperId: z.string(),
          fileName: z.string(),
          contentType: z.string(),
          size: z.number(),
          sha256: z.string(),
          verifiedAt: z.string().optional(),
          download: Presigned.optional().meta({ description: 'A short-lived GET of the file; absent once the retention period removed the files.' }),
        }),
      ),
      fee: z.object({ amount: z.number().int(), state: z.enum(FEE_STATES), refunded: z.number().int().optional() }),
      pausedAt: z.string().optional(),
      request: z.object({ reason: z.string(), papers: z.array(z.string()).optional(), deadline: z.string().optional() }).optional(),
      delivery: z.object({ method: DeliveryMethod, address: z.string().optional() }).optional(),
      result: z.object({ decision: z.string().optional(), hasDocument: z.boolean(), resolvedAt: z.string(), download: Presigned.optional() }).optional(),
      allowedActions: z.array(z.string()),
      currentStep: Step.optional(),
      stepActions: z.array(z.enum(['assign', 'forward', 'send-back', 'approve'])).meta({ description: 'The internal-step actions open now (none without declared steps, or once approved).' }),
      history: z.array(HistoryEntry),
    })
    .meta({ id: 'OfficerDossier' }),
);
export const OfficerDossier = z.lazy(officerDossier);

const ActionResult = z.lazy(() =>
  z
    .object({
      dossier: officerDossier().omit({ history: true, papers: true }).partial().extend({ id: z.string(), status: DossierStatus, version: z.number().int() }),
      upload: Presigned.extend({ method: z.literal('PUT'), headers: z.record(z.string(), z.string()), objectKey: z.string() })
        .optional()
        .meta({ description: 'resolve with a document: PUT the file here, with these headers.' }),
      verifyUrl: z
        .url()
        .optional()
        .meta({ description: "resolve: the URL the result's QR code must carry (LEGAL.md R12). Print it on the document before signing it; GET /verify/{token} answers once the result is returned." }),
    })
    .meta({ id: 'ActionResult' }),
);

export const listInbox = defineContract({
  operationId: 'listAgencyDossiers',
  summary: "The inbox of the officer's agency",
  description:
    "One status at a time (default SUBMITTED), oldest appointment date first, from an index partition (no scan): the officer's agency. `overdue=true` keeps those past their appointment date; `appointmentFrom`/`appointmentTo` bound it (from later than to is 400). `assignee=me` keeps the dossiers whose internal step is assigned to the caller, `unit=<department>` those whose step is held by that department (filters on the page read: a page may hold fewer items than `limit` and still have a `nextCursor`). Admins name the agency with `agencyId`.",
  tag: 'agency',
  access: OFFICERS,
  query: z
    .object({
      status: DossierStatus.exclude(['DRAFT']).default('SUBMITTED'),
      overdue: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true'),
      appointmentFrom: Instant.optional(),
      appointmentTo: Instant.optional(),
      agencyId: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
        .optional()
        .meta({ description: 'Admins only: whose inbox.' }),
      assignee: z.literal('me').optional().meta({ description: 'Only those whose internal step is assigned to me.' }),
      unit: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
        .optional()
        .meta({ description: 'Only those whose internal step is held by this department of the agency.' }),
      cursor: z.string().max(1024).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    })
    .refine((q) => !q.appointmentFrom || !q.appointmentTo || new Date(q.appointmentFrom) <= new Date(q.appointmentTo), {
      message: say('appointmentRange'),
      path: ['appointmentFrom'],
    }),
  response: z.lazy(() => z.object({ items: z.array(InboxItem), nextCursor: z.string().optional() })),
});

export const getDossier = defineContract({
  operationId: 'getAgencyDossier',
  summary: "A dossier of the officer's agency, with its papers (presigned GETs) and history",
  tag: 'agency',
  access: OFFICERS,
  params: DossierId,
  response: OfficerDossier,
  errorCodes: ['NOT_FOUND'],
});

const action = <const Name extends string, B extends z.ZodRawShape>(name: Name, summary: string, shape: B, errorCodes: readonly string[] = [], example: Record<string, unknown> = {}) =>
  defineContract({
    operationId: `officer${name.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase())}`,
    summary,
    tag: 'agency',
    access: OFFICERS,
    idempotent: true,
    params: DossierId,
    body: z.lazy(() => z.object({ version: Version, note: Note, ...shape }).strict()),
    response: ActionResult,
    errorCodes: ['NOT_FOUND', 'OWN_DOSSIER', 'ILLEGAL_TRANSITION', 'CONFLICT', ...errorCodes],
    example: { version: 3, ...example },
  });

export const receive = action('receive', 'Receive the dossier (tiếp nhận): SUBMITTED → RECEIVED', {}, [], { note: 'Đủ thành phần hồ sơ.' });
export const startProcessing = action('process', 'Hand it to the specialist unit: RECEIVED → PROCESSING', {}, [], { note: 'Chuyển phòng Tư pháp - Hộ tịch.' });
export const refuse = action('refuse', 'Refuse the dossier (không tiếp nhận), with a reason: → NOT_ACCEPTED', { reason: Reason }, [], { reason: 'Thủ tục không thuộc thẩm quyền của UBND xã.' });
export const requestSupplement = action(
  'request-supplement',
  'Ask for a supplement, once: the papers or answers needed, and a deadline; the clock pauses',
  {
    reason: Reason,
    papers: z.array(z.string().trim().min(1).max(300)).min(1).max(30).meta({ description: 'Paper ids or names needed; `answers.<path>` for form answers.' }),
    deadline: Instant.optional(),
  },
  [],
  { reason: 'Thiếu bản sao giấy chứng sinh.', papers: ['giay-chung-sinh'], deadline: '2025-09-15T17:00:00+07:00' },
);
export const requestPayment = action(
  'request-payment',
  "Ask for a fee (integer VND) before processing continues: → PAYMENT_REQUIRED; never less than the catalogue's fee for the dossier (422 FEE_BELOW_CATALOGUE)",
  { amount: Vnd.min(1) },
  ['FEE_BELOW_CATALOGUE'],
  { amount: 50_000 },
);
export const transfer = action(
  'transfer',
  'Transfer to another agency, with a reason: it leaves this inbox and enters theirs',
  {
    agencyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    reason: Reason,
  },
  ['UNKNOWN_AGENCY', 'SAME_AGENCY'],
  { agencyId: 'ubnd-xa-an-phu', reason: 'Người nộp cư trú tại xã An Phú.' },
);
export const resolve = action(
  'resolve',
  'Record the result: a decision text and/or a document to upload (presigned PUT): → RESOLVED; with internal steps, only once the leader approved (409 NOT_APPROVED)',
  {
    decision: z.string().trim().min(1).max(5000).optional(),
    document: z
      .object({
        contentType: MimeType.meta({ description: "application/pdf unless the procedure's resultDocument lists more (422 RESULT_TYPE_NOT_ACCEPTED)." }),
        size: z
          .number()
          .int()
          .min(1)
          .max(50 * 1024 * 1024)
          .meta({ description: "Exact length in bytes; at most the procedure's resultDocument.maxBytes (default 20 MiB, 422 RESULT_TOO_LARGE)." }),
        sha256: Sha256Base64.meta({ description: 'Base64 SHA-256 of the file, as in x-amz-checksum-sha256.' }),
      })
      .strict()
      .optional()
      .meta({
        description:
          "Ask for an upload URL for the result document: a PUT bound to this type, length and SHA-256 (5 minutes). `return` checks the stored bytes against them (409 RESULT_MISMATCH) and, unless the procedure's resultDocument.signature is `optional`, that it is a PDF signed by a CA this stage trusts (422 RESULT_NOT_SIGNED, with the reason).",
      }),
  },
  ['RESULT_TYPE_NOT_ACCEPTED', 'RESULT_TOO_LARGE', 'NOT_APPROVED'],
  { decision: 'Cấp Giấy khai sinh số 123/2025.', document: { contentType: 'application/pdf', size: 183_204, sha256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' } },
);
export const stop = action('stop', 'Stop processing, with a reason: → STOPPED', { reason: Reason }, [], { reason: 'Người nộp đề nghị dừng giải quyết.' });
export const returnResult = defineContract({
  ...action(
    'return',
    'Return the result: online, by post (with an address) or at the desk: → RETURNED',
    {
      method: DeliveryMethod,
      address: z.string().trim().min(5).max(500).optional(),
    },
    ['RESULT_NOT_UPLOADED', 'RESULT_MISMATCH', 'RESULT_NOT_SIGNED', 'FEE_DUE'],
    { method: 'post', address: 'Số 12 đường Lê Lợi, xã An Bình' },
  ),
  body: z.lazy(() =>
    z
      .object({ version: Version, note: Note, method: DeliveryMethod, address: z.string().trim().min(5).max(500).optional() })
      .strict()
      .refine((body) => body.method !== 'post' || body.address !== undefined, { message: say('postalAddress'), path: ['address'] }),
  ),
});
export const reschedule = action(
  'reschedule',
  'Apologise and set a new appointment date (thư xin lỗi, hẹn lại)',
  {
    appointmentAt: Instant,
    reason: Reason,
  },
  ['NO_APPOINTMENT'],
  { appointmentAt: '2025-09-20T09:00:00+07:00', reason: 'Cần xác minh thêm với cơ quan công an.' },
);

// Internal steps (procedures that declare them): RECEIVED or PROCESSING.
const stepCodes = ['NO_INTERNAL_STEPS', 'ALREADY_APPROVED', 'NOT_ASSIGNED', 'STEP_MOVED'];
const OfficerSub = z.string().trim().min(1).max(128);
const StepId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
  .meta({ description: 'The id of the step you act on (`currentStep.id` as you saw it): 409 STEP_MOVED if the dossier has moved on, so two officers forwarding at once move it once.' });
export const assign = action('assign', 'Assign the current internal step to an officer (any officer of the agency may hand out work)', { officerSub: OfficerSub, step: StepId.optional() }, stepCodes, {
  officerSub: 'officer-7f3a',
  step: 'tham-dinh',
});
export const forward = action(
  'forward',
  'Hand the dossier to the next internal step (its deadline starts now); from RECEIVED it also goes to PROCESSING',
  { step: StepId, assignee: OfficerSub.optional() },
  [...stepCodes, 'LAST_STEP'],
  { step: 'tham-dinh', assignee: 'officer-2b9c' },
);
export const sendBack = action('send-back', 'Send the dossier back to the previous internal step, with a reason', { step: StepId, reason: Reason }, [...stepCodes, 'FIRST_STEP'], {
  step: 'phe-duyet',
  reason: 'Cần thẩm định lại số liệu.',
});
export const approve = action('approve', 'The leader approves on the last internal step; the dossier may then be resolved', { step: StepId }, [...stepCodes, 'NOT_LAST_STEP'], { step: 'phe-duyet' });

/** The body schema of each action, applied by the one handler of POST /agency/dossiers/{id}/{action}. */
export const ACTION_BODIES = {
  receive: receive.body,
  process: startProcessing.body,
  refuse: refuse.body,
  'request-supplement': requestSupplement.body,
  'request-payment': requestPayment.body,
  transfer: transfer.body,
  resolve: resolve.body,
  stop: stop.body,
  return: returnResult.body,
  reschedule: reschedule.body,
  assign: assign.body,
  forward: forward.body,
  'send-back': sendBack.body,
  approve: approve.body,
} as const;
export type OfficerActionName = keyof typeof ACTION_BODIES;

/**
 * One route and one function for every officer action (the architecture's path): ten functions
 * would cost ~90 CloudFormation resources. The body is validated against the action's own schema.
 */
export const act = defineContract({
  operationId: 'actOnDossier',
  summary: 'Act on a dossier: receive | process | refuse | request-supplement | request-payment | transfer | resolve | stop | return | reschedule | assign | forward | send-back | approve',
  description:
    'Every action checks the lifecycle (409 ILLEGAL_TRANSITION) and the version (409 CONFLICT; pass `version` to pin the one you saw), writes a history entry with the officer, and emits its event. The document lists each action as its own operation, with its body.',
  tag: 'agency',
  access: OFFICERS,
  idempotent: true,
  params: DossierId.extend({ action: z.enum(Object.keys(ACTION_BODIES) as [OfficerActionName, ...OfficerActionName[]]) }),
  // Validated per action by the handler (ACTION_BODIES), so that field errors name `body.<field>` of that action.
  body: z.lazy(() => z.looseObject({}).optional()),
  response: ActionResult,
  errorCodes: [
    'NOT_FOUND',
    'OWN_DOSSIER',
    'ILLEGAL_TRANSITION',
    'CONFLICT',
    'UNKNOWN_AGENCY',
    'SAME_AGENCY',
    'RESULT_NOT_UPLOADED',
    'RESULT_MISMATCH',
    'RESULT_NOT_SIGNED',
    'RESULT_TYPE_NOT_ACCEPTED',
    'RESULT_TOO_LARGE',
    'FEE_BELOW_CATALOGUE',
    'FEE_DUE',
    'NOT_APPROVED',
    ...stepCodes,
    'LAST_STEP',
    'FIRST_STEP',
    'NOT_LAST_STEP',
  ],
  variants: {
    param: 'action',
    contracts: {
      receive,
      process: startProcessing,
      refuse,
      'request-supplement': requestSupplement,
      'request-payment': requestPayment,
      transfer,
      resolve,
      stop,
      return: returnResult,
      reschedule,
      assign,
      forward,
      'send-back': sendBack,
      approve,
    } satisfies Record<OfficerActionName, unknown>,
  },
});

// -- the audit of officers' reads (issue 16) --

export const listAudit = defineContract({
  operationId: 'listDossierReads',
  summary: 'Who read a dossier, when and what, newest first (admin)',
  description:
    "Every officer's or admin's read of a dossier's personal data (GET /agency/dossiers/{id}, its slips) is recorded before it is answered (Nghị định 13/2023). Kept when the dossier's personal data is removed at the end of its retention.",
  tag: 'agency',
  access: ['admin'],
  query: z
    .object({
      dossierId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[\w-]+$/),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().max(1024).optional(),
    })
    .strict(),
  response: z.lazy(() =>
    z.object({
      items: z.array(
        z.object({ id: z.string(), at: z.string(), who: z.object({ sub: z.string(), role: z.string(), agencyId: z.string().optional() }), what: z.enum(['dossier', 'slips']), correlationId: z.string().optional() }),
      ),
      nextCursor: z.string().optional(),
    }),
  ),
  errorCodes: ['INVALID_CURSOR'],
});

// -- the CAs trusted to sign results (issue 16) --

/** A self-signed example CA (P-256, CN "CA vi du - khong dung that"): parses and is a CA, so the server accepts it; trusted nowhere. */
const RESULT_TRUST_EXAMPLE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIB7DCCAZGgAwIBAgIUEpnTQEgiTqXlMgsUYUcICZXLMiwwCgYIKoZIzj0EAwIw',
  'QzELMAkGA1UEBhMCVk4xDzANBgNVBAoMBm1vdGN1YTEjMCEGA1UEAwwaQ0Egdmkg',
  'ZHUgLSBraG9uZyBkdW5nIHRoYXQwHhcNMjYxMjAxMjExNDA0WhcNMzYxMTI4MjEx',
  'NDA0WjBDMQswCQYDVQQGEwJWTjEPMA0GA1UECgwGbW90Y3VhMSMwIQYDVQQDDBpD',
  'QSB2aSBkdSAtIGtob25nIGR1bmcgdGhhdDBZMBMGByqGSM49AgEGCCqGSM49AwEH',
  'A0IABPbM4kAQp3yd25ic+p0XgUUv5qrU2KMInvj/WADcqw4FeuFWQgNV0s6h9NEN',
  'POvoeSOzZytxRSD4TdEwdR4/S8ajYzBhMB0GA1UdDgQWBBR1fLTLLuoENflXjRib',
  'j2PidIshEDAfBgNVHSMEGDAWgBR1fLTLLuoENflXjRibj2PidIshEDAPBgNVHRMB',
  'Af8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNJADBGAiEAi5s9',
  'DovVHeNl5RJBD0bS5JRqBu7UT9yTdu2olGmT7O4CIQCONpe1R2sHFhkFwB1XOn1r',
  'rgcGzCuKG5xto2miiJUOLA==',
  '-----END CERTIFICATE-----',
].join('\n');

const ResultTrustView = z.lazy(() =>
  z.object({
    certificates: z.array(z.object({ subject: z.string(), fingerprint256: z.string(), validFrom: z.iso.datetime(), validTo: z.iso.datetime() })),
    updatedAt: z.iso.datetime().optional(),
    updatedBy: z.string().optional(),
  }),
);

export const getResultTrust = defineContract({
  operationId: 'getResultTrust',
  summary: 'The certification authorities whose signatures on results this stage accepts',
  tag: 'agency',
  access: ['admin'],
  response: ResultTrustView,
});

export const putResultTrust = defineContract({
  operationId: 'putResultTrust',
  summary: 'Replace the certification authorities whose signatures on results this stage accepts',
  description:
    'PEM CA certificates (e.g. the Government root CA of Ban Cơ yếu Chính phủ and the licensed public CAs the province accepts). Each must parse and be a CA (basicConstraints); a bad one is 422 CERTIFICATE_INVALID at `body.certificates.<i>` and nothing is changed. Results already returned keep the verdict recorded at their return.',
  tag: 'agency',
  access: ['admin'],
  idempotent: true,
  body: z.lazy(() => z.object({ certificates: z.array(z.string().min(100).max(20_000)).max(20) }).strict()),
  example: { certificates: [RESULT_TRUST_EXAMPLE] },
  response: ResultTrustView,
  errorCodes: ['CERTIFICATE_INVALID', 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
});

// -- intake at the one-stop desk and by post (issue 15) --

const Upload = z.lazy(() => z.object({ url: z.url(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }));

const DeskDossier = z.lazy(() =>
  z.object({
    id: z.uuid(),
    version: z.number().int(),
    code: z.string().optional().meta({ description: 'Mã hồ sơ, issued at submit-desk: the applicant follows the case with it (GET /tracking/{code}).' }),
    status: DossierStatus,
    statusCode: z.number().int().nullable(),
    channel: z.enum(['desk', 'post']),
    procedureCode: z.string(),
    unitId: z.string(),
    agencyId: z.string().optional().meta({ description: 'The competent agency, chosen at submit as for online dossiers (absent: unroutable, listed for admins).' }),
    applicant: ApplicantInput,
    receivedBy: z.object({ officerSub: z.string(), agencyId: z.string().optional() }).optional(),
    submittedAt: z.iso.datetime().optional(),
    appointmentAt: z.iso.datetime().optional().meta({ description: 'Ngày hẹn trả.' }),
    fee: z.object({ amount: z.number().int(), state: z.enum(FEE_STATES) }),
    delivery: Delivery.optional(),
    papers: z.array(
      z.object({
        paperId: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        declaredAt: z.iso.datetime(),
        verifiedAt: z.iso.datetime().optional(),
        digitized: z.object({ officerSub: z.string(), agencyId: z.string(), at: z.iso.datetime() }).meta({ description: 'Scanned at the desk: by whom, at which agency, when.' }),
      }),
    ),
  }),
);

const DeskUploads = z.lazy(() =>
  z.object({
    dossier: DeskDossier,
    uploads: z.array(z.object({ paperId: z.string(), upload: Upload })).meta({ description: 'One presigned PUT per scanned paper: send exactly `upload.headers` (S3 checks length and SHA-256); 15 minutes.' }),
  }),
);

const deskCodes = [
  'PROCEDURE_NOT_FOUND',
  'PROCEDURE_INACTIVE',
  'UNIT_NOT_FOUND',
  'DELIVERY_NOT_OFFERED',
  'FORBIDDEN',
  'OWN_DOSSIER',
  'FORM_INVALID',
  'DOSSIER_INCOMPLETE',
  'PAPER_MISSING',
  'PAPER_UNKNOWN',
  'PAPER_TYPE_NOT_ACCEPTED',
  'PAPER_TOO_LARGE',
  'PAPER_DUPLICATE',
  'PAPER_INVALID',
] as const;

export const startDeskIntake = defineContract({
  operationId: 'startDeskIntake',
  summary: "Enter a walk-in or postal applicant's dossier at the one-stop desk (step 1 of 2: the draft and the scans' upload URLs)",
  description:
    'An officer of any receiving agency of the province (Nghị định 118/2025: regardless of administrative boundary) enters the dossier: channel `desk` (walk-in) or `post` (received by the public post), the applicant, the answers and one declaration per scanned paper. Everything that can be checked without the files is checked now (procedure in force, any level; unit; delivery; answers against the form; each declaration; required papers declared, each once): any failure is 4xx with `errors[]` and nothing is written. Then upload each scan with its `upload` and call `POST /agency/dossiers/{id}/submit-desk`.',
  tag: 'agency',
  access: ['officer'],
  idempotent: true,
  body: z.lazy(() =>
    z
      .object({
        channel: z.enum(['desk', 'post']),
        procedureCode: ProcedureCodeString,
        unitId: Slug.meta({ description: "The applicant's administrative unit: routing to the competent agency starts there." }),
        applicant: ApplicantInput.meta({ description: 'The applicant, whose identity papers the officer checked in person (or, by post, on the copies received).' }),
        answers: Answers.default({}),
        delivery: Delivery.optional(),
        papers: z.array(PaperDeclaration).max(30).default([]),
      })
      .strict(),
  ),
  example: {
    channel: 'desk',
    procedureCode: '1.001193',
    unitId: 'xa-an-binh',
    applicant: { fullName: 'Trần Thị Mai', nationalId: '001199000123', phone: '0912345678' },
    answers: {
      child: { fullName: 'Nguyễn Minh An', sex: 'male', birthDate: '2026-02-20', birthPlace: 'Trạm y tế xã An Bình, tỉnh Demo' },
      mother: { fullName: 'Trần Thị Mai', birthDate: '1999-05-02', nationalId: '001199000123' },
      relationship: 'mother',
    },
    delivery: { method: 'desk' },
    papers: [{ paperId: 'giay-chung-sinh', fileName: 'giấy chứng sinh (bản quét).pdf', contentType: 'application/pdf', size: 245_760, sha256: 'UpztahdYaJez0b07ED2taWuEY2IF3CtlhCJfZvI5M84=' }],
  },
  status: 201,
  response: DeskUploads,
  errorCodes: [...deskCodes],
});

export const redeclareDeskPaper = defineContract({
  operationId: 'redeclareDeskPaper',
  summary: 'Scan a paper of a desk dossier again (a draft), or one its applicant brings while a supplement is requested: a new upload URL (replaces its unverified scan)',
  tag: 'agency',
  access: ['officer'],
  idempotent: true,
  params: DossierId,
  body: PaperDeclaration,
  example: { paperId: 'giay-chung-sinh', fileName: 'giấy chứng sinh (bản quét).pdf', contentType: 'application/pdf', size: 245_760, sha256: 'UpztahdYaJez0b07ED2taWuEY2IF3CtlhCJfZvI5M84=' },
  status: 201,
  response: DeskUploads,
  errorCodes: ['NOT_FOUND', 'PAPERS_LOCKED', 'PAPER_UNKNOWN', 'PAPER_TYPE_NOT_ACCEPTED', 'PAPER_TOO_LARGE', 'PAPER_INVALID', 'TOO_MANY_PAPERS', 'PROCEDURE_INACTIVE'],
});

export const supplementDeskDossier = defineContract({
  operationId: 'supplementDeskDossier',
  summary: "Bring a desk applicant's supplement: the papers scanned again (POST /agency/dossiers/{id}/papers first) and/or new answers; the clock resumes",
  description:
    "For dossiers entered at the desk or by post, whose applicant has no account: the officers of the receiving desk (404 for others) bring the supplement under the citizen's rules (every paper asked for scanned since the request, new answers validated, papers verified; 422 with `errors[]`, nothing changes). The appointment date and the internal step's deadline move by the working time waited.",
  tag: 'agency',
  access: ['officer'],
  idempotent: true,
  params: DossierId,
  body: z.lazy(() =>
    z
      .object({ version: z.number().int().min(1).optional(), answers: Answers.optional(), note: z.string().trim().max(2000).optional() })
      .strict()
      .optional(),
  ),
  example: { version: 5, note: 'Công dân mang đến bản chụp giấy chứng sinh rõ nét hơn theo yêu cầu bổ sung.' },
  response: DeskDossier,
  errorCodes: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT', 'OWN_DOSSIER', 'PROCEDURE_INACTIVE', 'FORM_INVALID', 'DOSSIER_INCOMPLETE', ...PAPER_VERIFICATION_CODES, 'SERVICE_UNAVAILABLE'],
});

export const submitDeskDossier = defineContract({
  operationId: 'submitDeskDossier',
  summary: 'Submit a desk dossier once its scans are uploaded (step 2 of 2): verified, code and appointment date issued, RECEIVED at once',
  description:
    "Only officers of the receiving agency (404 otherwise). The scans are verified as citizens' uploads are (exists, size, type, SHA-256; 422 with `errors[]` at `papers.<paperId>`, nothing changes), then the dossier goes through the common submission (competent agency, code, appointment date, fee) and is received by this officer in the same transaction: `dossier.submitted` (counted under its channel) and `dossier.received` (receipt slip 01). Racing calls: one wins, the others are 409.",
  tag: 'agency',
  access: ['officer'],
  idempotent: true,
  params: DossierId,
  body: z.lazy(() =>
    z
      .object({ version: z.number().int().min(1).optional() })
      .strict()
      .optional(),
  ),
  example: { version: 2 },
  response: DeskDossier,
  errorCodes: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT', 'FORBIDDEN', 'OWN_DOSSIER', 'PROCEDURE_INACTIVE', 'FORM_INVALID', 'DOSSIER_INCOMPLETE', ...PAPER_VERIFICATION_CODES, 'SERVICE_UNAVAILABLE'],
});
