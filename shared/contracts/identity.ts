import * as z from 'zod';
import { say } from '../domain/field-messages';
import { Sha256Base64 } from '../domain/procedure';
import { defineContract } from '../http/contract';

/**
 * Identity (issue 14): my profile from the national population database (prefill), who looked me
 * up, and the mandates (ủy quyền) I give and receive. Every route needs a verified identity number
 * in the token (403 IDENTITY_NOT_VERIFIED without one).
 */

const citizen = ['citizen'] as const;
const NationalId = z.string().regex(/^\d{12}$/, say('nationalId'));
const LocalDate = z.iso.date().meta({ description: 'A Vietnamese calendar day, YYYY-MM-DD.' });

const Relative = z.object({ fullName: z.string(), nationalId: z.string().optional() });

export const ProfileView = z.object({
  identity: z
    .object({
      nationalId: NationalId,
      fullName: z.string().optional(),
      birthDate: LocalDate.optional(),
      phone: z.string().optional().meta({ description: 'Verified by the identity provider.' }),
      email: z.string().optional().meta({ description: 'Verified by the identity provider.' }),
      assurance: z.number().int().meta({ description: 'Assurance level of this login (VNeID level 2: verified by face or fingerprint).' }),
      taxCode: z.string().optional(),
    })
    .meta({ description: 'What the identity provider verified (from the token).' }),
  population: z
    .object({
      fullName: z.string(),
      birthDate: LocalDate,
      gender: z.enum(['male', 'female']).optional(),
      nationality: z.string().optional(),
      permanentAddress: z.string().optional(),
      currentAddress: z.string().optional(),
      father: Relative.optional(),
      mother: Relative.optional(),
      guardian: Relative.optional(),
    })
    .nullable()
    .meta({ description: 'The national population database record (CSDL quốc gia về dân cư); null when it has none. The lookup is audited.' }),
});

export const getProfile = defineContract({
  operationId: 'getMyProfile',
  summary: 'My profile: what the identity provider verified, and my population database record (for prefill)',
  description: 'Each call is one audited lookup in the national population database (who, when, why); GET /me/lookups lists them.',
  tag: 'identity',
  access: citizen,
  response: ProfileView,
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'SERVICE_UNAVAILABLE'],
});

export const LookupView = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  who: z.object({ role: z.enum(['citizen', 'officer', 'admin']), agencyId: z.string().optional(), self: z.boolean().meta({ description: 'True when it was you.' }) }),
  purpose: z.enum(['profile', 'prefill', 'authority']),
  dossierId: z.string().optional(),
  procedureCode: z.string().optional(),
  outcome: z.enum(['found', 'not-found', 'failed']).optional(),
});

export const listLookups = defineContract({
  operationId: 'listMyLookups',
  summary: 'Who looked me up in the population database, newest first',
  description: 'Nghị định 13/2023: the subject may know who processed their data. The 100 latest lookups.',
  tag: 'identity',
  access: citizen,
  response: z.lazy(() => z.object({ items: z.array(LookupView) })),
  errorCodes: ['IDENTITY_NOT_VERIFIED'],
});

const MandatePaper = z.object({
  fileName: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\u0000-\u001f\u007f]+$/, say('noControlCharacters')),
  contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024),
  sha256: Sha256Base64,
});

export const MandateView = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['PENDING_PAPER', 'ACTIVE', 'REVOKED']).meta({ description: 'Only an ACTIVE mandate, between its dates and for its procedures, lets the agent file.' }),
  principalNationalId: NationalId,
  agentNationalId: NationalId,
  procedures: z.array(z.string()),
  validFrom: LocalDate,
  validUntil: LocalDate,
  note: z.string().optional(),
  paper: MandatePaper.extend({ verifiedAt: z.iso.datetime().optional() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});

const Upload = z.object({ url: z.url(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() });

export const giveMandate = defineContract({
  operationId: 'giveMandate',
  summary: 'Give a mandate (ủy quyền): let someone file the listed procedures for me between two dates',
  description: 'Upload the signed mandate paper with `PUT upload.url` sending exactly `upload.headers`, then `POST /me/mandates/{id}/confirm`. Until confirmed it does not count.',
  tag: 'identity',
  access: citizen,
  idempotent: true,
  body: z.lazy(() =>
    z.object({
      agentNationalId: NationalId.meta({ description: 'Who may file for me.' }),
      procedures: z
        .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/))
        .min(1)
        .max(20)
        .meta({ description: 'The procedures (codes) the mandate covers.' }),
      validFrom: LocalDate,
      validUntil: LocalDate,
      paper: MandatePaper,
      note: z.string().trim().max(500).optional(),
    }),
  ),
  example: {
    agentNationalId: '079188000111',
    procedures: ['1.001193'],
    validFrom: '2026-03-01',
    validUntil: '2026-12-31',
    paper: { fileName: 'giấy ủy quyền.pdf', contentType: 'application/pdf', size: 184_320, sha256: 'QFcLTirASb2bQ158rZJqfkQORjsOv4UOl1RwsIs1iGM=' },
    note: 'Ủy quyền cho em gái nộp hồ sơ đăng ký khai sinh cho con.',
  },
  status: 201,
  response: z.lazy(() => z.object({ mandate: MandateView, upload: Upload })),
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'MANDATE_TO_SELF', 'MANDATE_DATES', 'PROCEDURE_NOT_FOUND'],
});

const MandateId = z.object({ id: z.uuid() });

export const confirmMandate = defineContract({
  operationId: 'confirmMandate',
  summary: 'Confirm a mandate once its paper is uploaded: the paper is verified and the mandate counts',
  tag: 'identity',
  access: citizen,
  idempotent: true,
  params: MandateId,
  response: MandateView,
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'NOT_FOUND', 'MANDATE_NOT_PENDING', 'PAPER_NOT_UPLOADED', 'PAPER_CHECKSUM_MISMATCH', 'PAPER_INFECTED', 'CONFLICT', 'SERVICE_UNAVAILABLE'],
});

export const revokeMandate = defineContract({
  operationId: 'revokeMandate',
  summary: 'Revoke a mandate I gave: from now on it lets nobody file',
  description: 'Dossiers already filed under it stay; a draft under it can no longer be submitted.',
  tag: 'identity',
  access: citizen,
  idempotent: true,
  params: MandateId,
  response: MandateView,
  errorCodes: ['IDENTITY_NOT_VERIFIED', 'NOT_FOUND', 'CONFLICT'],
});

export const listMandates = defineContract({
  operationId: 'listMyMandates',
  summary: 'The mandates I gave and those I received',
  tag: 'identity',
  access: citizen,
  response: z.lazy(() => z.object({ given: z.array(MandateView), received: z.array(MandateView) })),
  errorCodes: ['IDENTITY_NOT_VERIFIED'],
});
