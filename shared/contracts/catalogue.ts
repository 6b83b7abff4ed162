import * as z from 'zod';
import { AdministrativeUnit, Agency, FormTemplate, Procedure, ProcedureCodeString, Slug, Tier, agencySchema, formTemplateSchema, procedureSchema, unitSchema } from '../domain/procedure';
import { defineContract } from '../http/contract';

/**
 * Levels 1 and 2 of online service: the procedure catalogue (thủ tục), administrative units (đơn vị
 * hành chính), agencies (cơ quan) and downloadable forms (mẫu đơn), with the admin writes behind them.
 * Bodies and responses are built on first use (z.lazy): a route builds only its own (issue 19).
 */

const birthRegistration = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  nameEn: 'Birth registration',
  description: 'Đăng ký việc sinh cho trẻ em tại Ủy ban nhân dân cấp xã nơi cư trú của cha hoặc mẹ.',
  field: 'Hộ tịch',
  level: 4,
  mode: 'FULLY_ONLINE',
  tier: 'commune',
  agencyKind: 'commune-committee',
  steps: [
    { title: 'Nộp hồ sơ', description: 'Nộp tờ khai và giấy chứng sinh.' },
    { title: 'Nhận kết quả', description: 'Giấy khai sinh bản điện tử hoặc bản giấy.' },
  ],
  papers: [{ id: 'giay-chung-sinh', name: 'Giấy chứng sinh', required: true, contentTypes: ['application/pdf', 'image/jpeg'], maxBytes: 5_242_880 }],
  fee: { kind: 'fixed', amount: 0 },
  processingTime: { amount: 1, unit: 'working-days' },
  legalBasis: ['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP'],
  applicationForm: { type: 'object', required: ['child'], properties: { child: { type: 'object', required: ['fullName'], properties: { fullName: { type: 'string', title: 'Họ, chữ đệm, tên' } } } } },
  forms: [{ id: 'to-khai-khai-sinh', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai-dang-ky-khai-sinh.pdf', contentType: 'application/pdf' }],
  delivery: ['online', 'post', 'desk'],
  active: true,
} satisfies z.input<typeof Procedure>;
const { code: _code, forms: _forms, ...birthDefinition } = birthRegistration;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' }) });
const pageQuery = (defaultLimit: number) => ({
  cursor: z.string().max(512).optional().meta({ description: 'The `nextCursor` of the previous page (opaque).' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(defaultLimit)
    .meta({ description: `Page size, 1 to 100 (default ${defaultLimit}).` }),
});

export const ProcedureSummary = z.lazy(() =>
  procedureSchema().pick({ code: true, name: true, nameEn: true, field: true, level: true, mode: true, tier: true, agencyKind: true, processingTime: true, fee: true, delivery: true }).meta({ id: 'ProcedureSummary' }),
);
export type ProcedureSummary = z.infer<typeof ProcedureSummary>;

const ProcedurePage = z.lazy(() => page(ProcedureSummary).meta({ examples: [{ items: [ProcedureSummary.parse(birthRegistration)], nextCursor: 'eyJhZnRlciI6IjEuMDAxMTkzIn0' }] }));
const ProcedureDetail = z.lazy(() => procedureSchema().meta({ id: 'Procedure', examples: [Procedure.parse(birthRegistration)] }));
const ProcedureCode = z.object({ code: ProcedureCodeString.meta({ description: 'Procedure code, e.g. 1.001193', examples: ['1.001193'] }) });

export const listProcedures = defineContract({
  operationId: 'listProcedures',
  summary: 'Search the procedure catalogue',
  description: '`q` matches code, name and field, ignoring Vietnamese diacritics and case ("dang ky khai sinh" finds "Đăng ký khai sinh"); every word must match. Ordered by code; cursor pagination.',
  tag: 'catalogue',
  access: 'public',
  query: z.object({
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .meta({ description: 'Words to find; diacritics and case are ignored.', examples: ['dang ky khai sinh'] }),
    agency: Slug.optional().meta({ description: "Only procedures this agency handles (its kind at its unit's tier).", examples: ['ubnd-xa-an-binh'] }),
    level: z.coerce.number().int().min(1).max(4).optional().meta({ description: 'Online service level, 1 to 4.' }),
    tier: Tier.optional().meta({ description: 'The tier of local government that handles it.' }),
    ...pageQuery(20),
  }),
  response: ProcedurePage,
});

export const getProcedure = defineContract({
  operationId: 'getProcedure',
  summary: 'A procedure: steps, papers, fees, processing time, legal basis, application form (JSON Schema), forms',
  tag: 'catalogue',
  access: 'public',
  params: ProcedureCode,
  response: ProcedureDetail,
  errorCodes: ['NOT_FOUND'],
});

export const FormDownload = z.lazy(() =>
  z
    .object({
      url: z.url().meta({ description: 'Presigned GET; valid for 5 minutes.' }),
      expiresAt: z.iso.datetime(),
      fileName: z.string(),
      contentType: z.string(),
    })
    .meta({
      examples: [
        {
          url: 'https://motcua-documents.s3.ap-southeast-1.amazonaws.com/forms/1.001193/to-khai-khai-sinh?X-Amz-Expires=300&X-Amz-Signature=3f1c0d9e',
          expiresAt: '2025-09-01T08:05:00.000Z',
          fileName: 'to-khai-dang-ky-khai-sinh.pdf',
          contentType: 'application/pdf',
        },
      ],
    }),
);

export const downloadForm = defineContract({
  operationId: 'downloadForm',
  summary: 'A downloadable form template of a procedure, as a short-lived presigned URL (level 2)',
  description: '404 when the procedure, the form or its uploaded file does not exist.',
  tag: 'catalogue',
  access: 'public',
  params: ProcedureCode.extend({ formId: Slug.meta({ examples: ['to-khai-khai-sinh'] }) }),
  response: FormDownload,
  errorCodes: ['NOT_FOUND'],
});

const unitExample = { id: 'xa-an-binh', name: 'Xã An Bình', tier: 'commune', parentId: 'tinh-demo' } as const;
export const listUnits = defineContract({
  operationId: 'listUnits',
  summary: 'Administrative units: the children of `parent`, or the provinces without it',
  tag: 'catalogue',
  access: 'public',
  query: z.object({ parent: Slug.optional().meta({ description: 'Parent unit id; omit for the top level.', examples: ['tinh-demo'] }), ...pageQuery(100) }),
  response: page(AdministrativeUnit).meta({ examples: [{ items: [unitExample] }] }),
  errorCodes: ['NOT_FOUND'],
});

const agencyExample = { id: 'ubnd-xa-an-binh', code: 'XAANBINH', name: 'Ủy ban nhân dân xã An Bình', unitId: 'xa-an-binh', kind: 'commune-committee' } as const;
export const listAgencies = defineContract({
  operationId: 'listAgencies',
  summary: 'Agencies, optionally of one unit and of one kind',
  tag: 'catalogue',
  access: 'public',
  query: z.object({
    unit: Slug.optional().meta({ examples: ['xa-an-binh'] }),
    kind: Slug.optional().meta({ examples: ['commune-committee'] }),
    ...pageQuery(100),
  }),
  response: page(Agency).meta({ examples: [{ items: [agencyExample] }] }),
});

// -- admin --

/** A procedure as an admin writes it: the code comes from the path, the forms from upload-url. */
export const ProcedureDefinition = z.lazy(() =>
  procedureSchema()
    .omit({ code: true, forms: true })
    .meta({ examples: [birthDefinition] }),
);
export const AgencyDefinition = z.lazy(() =>
  agencySchema()
    .omit({ id: true })
    .meta({ examples: [{ code: 'XAANBINH', name: 'Ủy ban nhân dân xã An Bình', unitId: 'xa-an-binh', kind: 'commune-committee' }] }),
);
export const UnitDefinition = z.lazy(() =>
  unitSchema()
    .omit({ id: true })
    .meta({ examples: [{ name: 'Xã An Bình', tier: 'commune', parentId: 'tinh-demo' }] }),
);

export const putProcedure = defineContract({
  operationId: 'putProcedure',
  summary: 'Create or replace a procedure (admin)',
  description:
    'The application form must be a JSON Schema (2020-12) of an object; fee rules must name fields of that form; paper and form ids unique; `agencyKind` must be the kind of an existing agency. Form templates are kept (they are managed by upload-url).',
  tag: 'catalogue',
  access: ['admin'],
  params: ProcedureCode,
  body: ProcedureDefinition,
  response: ProcedureDetail,
  errorCodes: ['VALIDATION_FAILED'],
});

export const putAgency = defineContract({
  operationId: 'putAgency',
  summary: 'Create or replace an agency (admin)',
  description: 'Its unit must exist and its code (the prefix of its dossier codes) must be unused by another agency.',
  tag: 'catalogue',
  access: ['admin'],
  params: z.object({ id: Slug.meta({ examples: ['ubnd-xa-an-binh'] }) }),
  body: AgencyDefinition,
  response: agencySchema().meta({ examples: [agencyExample] }),
  errorCodes: ['VALIDATION_FAILED', 'AGENCY_CODE_TAKEN'],
});

export const putUnit = defineContract({
  operationId: 'putUnit',
  summary: 'Create or replace an administrative unit (admin)',
  description: 'A unit without parent is a province; a child sits at a lower tier than its parent (province → district → commune).',
  tag: 'catalogue',
  access: ['admin'],
  params: z.object({ id: Slug.meta({ examples: ['xa-an-binh'] }) }),
  body: UnitDefinition,
  response: unitSchema().meta({ examples: [unitExample] }),
  errorCodes: ['VALIDATION_FAILED'],
});

/** What an admin may publish as a template: documents, not executables or archives. */
export const TemplateContentType = z.enum([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export const FormUploadRequest = z.lazy(() =>
  z
    .object({
      name: formTemplateSchema().shape.name,
      fileName: formTemplateSchema().shape.fileName,
      contentType: TemplateContentType,
    })
    .meta({ examples: [{ name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai-dang-ky-khai-sinh.pdf', contentType: 'application/pdf' }] }),
);

export const FormUpload = z.lazy(() =>
  z
    .object({
      form: FormTemplate,
      upload: z.object({ method: z.literal('PUT'), url: z.url(), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }),
    })
    .meta({
      examples: [
        {
          form: birthRegistration.forms[0],
          upload: {
            method: 'PUT',
            url: 'https://motcua-documents.s3.ap-southeast-1.amazonaws.com/forms/1.001193/to-khai-khai-sinh?X-Amz-Expires=900&X-Amz-Signature=3f1c0d9e',
            headers: { 'content-type': 'application/pdf' },
            expiresAt: '2025-09-01T08:15:00.000Z',
          },
        },
      ],
    }),
);

export const createFormUploadUrl = defineContract({
  operationId: 'createFormUploadUrl',
  summary: 'Record a form template on a procedure and get a presigned PUT for its file (admin)',
  description: 'Naturally idempotent: the same form id is recorded once and its file replaced (the bucket keeps versions).',
  tag: 'catalogue',
  access: ['admin'],
  params: ProcedureCode.extend({ formId: Slug.meta({ examples: ['to-khai-khai-sinh'] }) }),
  body: FormUploadRequest,
  response: FormUpload,
  errorCodes: ['NOT_FOUND'],
});
