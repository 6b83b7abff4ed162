import * as z from 'zod';
import { onFirstUse } from './on-first-use';
import { say } from './field-messages';

/**
 * A procedure (thủ tục hành chính) of the catalogue, with everything a citizen needs to apply and an
 * agency needs to process: papers, fees, processing time, the application form as JSON Schema.
 *
 * The catalogue's models (Procedure, Agency, AdministrativeUnit and their parts, ~280 zod schemas)
 * are built on first use (z.lazy, onFirstUse): most routes import this module for a function or an
 * enum and never parse a procedure, and built at import they cost every such cold start (issue 19).
 * The ids other schemas reuse (Slug, ProcedureCodeString) are plain schemas.
 */

/** Level of online public service: 1 information, 2 forms, 3 online submission, 4 online payment and result. */
export const ServiceLevel = z.number().int().min(1).max(4);
/** Newer rules: "toàn trình" (fully online) or "một phần" (partly online). */
export const ServiceMode = z.enum(['FULLY_ONLINE', 'PARTLY_ONLINE']);
/** The tier of local government that handles a procedure (districts only in legacy data). */
export const Tier = z.enum(['province', 'district', 'commune']);
export type Tier = z.infer<typeof Tier>;
export const DeliveryMethod = z.enum(['online', 'post', 'desk']);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

/** The ids of papers, agencies, units, internal steps and form templates. */
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, say('slug'));
/** A media type (`type/subtype`), as papers, results and templates declare them. */
export const MimeType = z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, say('mimeType'));
/** Base64 of a SHA-256 digest, as S3's x-amz-checksum-sha256 carries it. */
export const Sha256Base64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, say('sha256Base64'));
/** Integer VND: money is never a float. */
export const Vnd = z.number().int().min(0).max(1_000_000_000_000);

/** A paper (thành phần hồ sơ) the applicant uploads. */
export const Paper = z.lazy(() =>
  z.object({
    id: Slug,
    name: z.string().min(1).max(300),
    required: z.boolean(),
    contentTypes: z.array(MimeType).min(1).max(10),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024),
    /**
     * Procedures whose returned result may stand for this paper (e.g. a birth certificate issued by
     * 1.001193): the citizen attaches it from their document store instead of uploading it (LEGAL.md R4).
     */
    acceptsResultOf: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/))
      .max(20)
      .optional(),
  }),
);
export type Paper = z.infer<typeof Paper>;

/** A fee rule: the amount applies when the form's answer at `field` equals `equals`. */
export const FeeRule = z.lazy(() => z.object({ field: z.string().min(1).max(100), equals: z.union([z.string(), z.number(), z.boolean()]), amount: Vnd, label: z.string().max(200).optional() }));
export const Fee = z.lazy(() => z.discriminatedUnion('kind', [z.object({ kind: z.literal('fixed'), amount: Vnd }), z.object({ kind: z.literal('rules'), rules: z.array(FeeRule).min(1).max(50), otherwise: Vnd })]));
export type Fee = z.infer<typeof Fee>;

/** One internal step: who holds the dossier (a role, and the agency's department if it is one), and for how many working hours. */
export const InternalStep = z.lazy(() =>
  z.object({
    id: Slug,
    title: z.string().min(1).max(300),
    role: z.enum(['desk', 'specialist', 'head', 'leader']).meta({ description: 'desk (một cửa), specialist (chuyên viên), head of department (lãnh đạo phòng), leader who signs (lãnh đạo cơ quan).' }),
    unit: Slug.optional().meta({ description: "The agency's department (phòng, ban) that holds the step, for the inbox's `unit` filter." }),
    hours: z.number().int().min(1).max(2920).meta({ description: 'Working hours (8 a working day).' }),
  }),
);
export type InternalStep = z.infer<typeof InternalStep>;

export const ProcessingTime = z.lazy(() =>
  z.object({
    amount: z.number().int().min(0).max(365),
    unit: z.enum(['working-days', 'calendar-days']),
  }),
);
export type ProcessingTime = z.infer<typeof ProcessingTime>;

/** A downloadable form template (mẫu đơn, tờ khai), stored in the documents bucket. */
export const formTemplateSchema = onFirstUse(() =>
  z.object({
    id: Slug,
    name: z.string().min(1).max(300),
    fileName: z.string().min(1).max(200),
    contentType: MimeType,
  }),
);
export const FormTemplate = z.lazy(formTemplateSchema);
export type FormTemplate = z.infer<typeof FormTemplate>;

/** The result's file (kết quả giải quyết): a PDF unless the procedure declares more, within a size. */
export const RESULT_MAX_BYTES = 20 * 1024 * 1024;
export const ResultDocument = z.lazy(() =>
  z.object({
    contentTypes: z.array(MimeType).min(1).max(5).default(['application/pdf']),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024)
      .default(RESULT_MAX_BYTES),
    /**
     * `required` (default): the file must be a PDF signed by a CA the stage trusts (LEGAL.md R4, R9),
     * checked at return (422 RESULT_NOT_SIGNED). `optional`: for results that are a decision text, an
     * unsigned file is accepted and recorded as unsigned; a signature that does not verify never is.
     */
    signature: z.enum(['required', 'optional']).default('required'),
    /** How long the result is valid, in days from its issue (e.g. a judicial record certificate); absent: no limit. */
    validityDays: z.number().int().min(1).max(36_500).optional(),
  }),
);
export type ResultDocument = z.infer<typeof ResultDocument>;
export const DEFAULT_RESULT_DOCUMENT: ResultDocument = { contentTypes: ['application/pdf'], maxBytes: RESULT_MAX_BYTES, signature: 'required' };

/** The gateways a citizen pays through: VNPay, or PayGov (the national payment platform). */
export const CheckoutProvider = z.enum(['vnpay', 'paygov']);
export type CheckoutProvider = z.infer<typeof CheckoutProvider>;

/** A procedure's national code, e.g. 1.001193. */
export const ProcedureCodeString = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/);

export const procedureSchema = onFirstUse(() =>
  z.object({
    /** National code, e.g. 1.001193. */
    code: ProcedureCodeString,
    name: z.string().min(1).max(300),
    nameEn: z.string().max(300).optional(),
    description: z.string().max(5000).default(''),
    /** Lĩnh vực, e.g. "Hộ tịch". */
    field: z.string().min(1).max(200),
    level: ServiceLevel,
    mode: ServiceMode,
    tier: Tier,
    /** The kind of agency responsible (e.g. commune-committee, justice-department); routing picks one. */
    agencyKind: Slug,
    steps: z
      .array(z.object({ title: z.string().min(1).max(300), description: z.string().max(2000).default('') }))
      .max(30)
      .default([]),
    /**
     * The internal steps (quy trình nội bộ) a dossier passes through inside the agency, from the desk to
     * the leader who signs; their hours must fit the legal processing time (admin checks, catalogue/admin.ts).
     */
    internalSteps: z.array(InternalStep).max(20).default([]),
    papers: z.array(Paper).max(30).default([]),
    fee: Fee,
    processingTime: ProcessingTime,
    legalBasis: z.array(z.string().min(1).max(500)).max(30).default([]),
    /** The application form (tờ khai) as a JSON Schema; frontends render it, the server validates answers. */
    applicationForm: z.record(z.string(), z.unknown()),
    forms: z.array(FormTemplate).max(20).default([]),
    /** What the result's file may be; absent: a PDF of at most 20 MiB. */
    resultDocument: ResultDocument.optional(),
    delivery: z.array(DeliveryMethod).min(1),
    active: z.boolean().default(true),
    /** The identity assurance level a citizen's login needs to file it (2: VNeID level 2, verified by face or fingerprint); none by default. */
    minAssurance: z.number().int().min(1).max(2).optional(),
    /** A paid fee is refunded by itself when the applicant withdraws before processing starts (SUBMITTED or RECEIVED); otherwise an admin decides. */
    refundOnEarlyWithdrawal: z.boolean().optional(),
    /**
     * Days after a dossier closes (returned, refused, withdrawn, stopped) until its personal data is
     * removed, figures kept (shared/retention); absent: kept, as a procedure's archive rules decide.
     */
    retentionDays: z.number().int().min(1).max(36_500).optional(),
    /** Its record in the national procedure database (CSDL TTHC), kept by the catalogue sync (shared/dvcqg/catalogue-sync.ts). */
    national: z
      .object({
        code: z.string().max(40),
        id: z.string().max(100).optional(),
        decisionId: z.string().max(100).optional(),
        status: z.string().max(40).optional(),
        resultName: z.string().max(500).optional(),
        hash: z.string().max(100),
        syncedAt: z.iso.datetime(),
        listed: z.boolean().meta({ description: 'false: the national list no longer has it (the procedure is kept: dossiers refer to it)' }),
      })
      .optional(),
    /** The gateway its fees are paid through; unset, the agency's, else VNPay (shared/domain/payment.ts paymentProviderFor). */
    paymentProvider: CheckoutProvider.optional(),
  }),
);
export const Procedure = z.lazy(procedureSchema);
export type Procedure = z.infer<typeof Procedure>;

/** The account an agency's fees are paid into (tài khoản thụ hưởng), printed on its receipts. */
export const BeneficiaryAccount = z.lazy(() =>
  z.object({
    account: z.string().regex(/^\d{6,20}$/, say('accountNumber')),
    bankCode: z.string().regex(/^[A-Z0-9]{2,16}$/, say('bankCode')),
    name: z.string().min(1).max(200),
  }),
);

/** An agency (cơ quan) that receives and processes dossiers. `code` prefixes its dossier codes. */
export const agencySchema = onFirstUse(() =>
  z.object({
    id: Slug,
    code: z.string().regex(/^[A-Z0-9]{2,16}$/, say('upperCaseCode')),
    name: z.string().min(1).max(300),
    unitId: Slug,
    kind: Slug,
    beneficiary: BeneficiaryAccount.optional(),
    /** The gateway its dossiers' fees are paid through, unless the procedure names one; unset, VNPay. */
    paymentProvider: CheckoutProvider.optional(),
  }),
);
export const Agency = z.lazy(agencySchema);
export type Agency = z.infer<typeof Agency>;

/** An administrative unit (đơn vị hành chính): a tree of any depth. */
export const unitSchema = onFirstUse(() =>
  z.object({
    id: Slug,
    name: z.string().min(1).max(200),
    tier: Tier,
    parentId: Slug.optional(),
  }),
);
export const AdministrativeUnit = z.lazy(unitSchema);
export type AdministrativeUnit = z.infer<typeof AdministrativeUnit>;

/** The fee due for a dossier of this procedure, given the applicant's answers. */
export function feeFor(procedure: Pick<Procedure, 'fee'>, answers: Record<string, unknown>): number {
  const { fee } = procedure;
  if (fee.kind === 'fixed') return fee.amount;
  const match = fee.rules.find((rule) => valueAt(answers, rule.field) === rule.equals);
  return match ? match.amount : fee.otherwise;
}

/** `a.b.c` into nested answers. */
function valueAt(answers: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), answers);
}

/** Whether citizens can submit this procedure online (levels 3 and 4). */
export const acceptsOnlineSubmission = (procedure: Pick<Procedure, 'level' | 'active'>) => procedure.active && procedure.level >= 3;
