import * as z from 'zod';
import { defineContract } from '../http/contract';
import { SlipKind } from '../domain/slip-kind';

/**
 * The statutory slips (phiếu, Thông tư 01/2018/TT-VPCP forms 01-05) a dossier receives, the
 * agency's tracking book (form 06), and the public verification of a QR code.
 */

import { DossierId } from './dossiers';
const Presigned = z.object({ url: z.string(), expiresAt: z.string() });

export const SlipView = z.object({
  id: z.string().meta({ description: 'The id of the event that issued it' }),
  kind: SlipKind,
  form: z.string().meta({ examples: ['01'] }),
  documentName: z.string().meta({ examples: ['Giấy tiếp nhận hồ sơ và hẹn trả kết quả'] }),
  issuedAt: z.string(),
  verifyUrl: z.string(),
  sha256: z.string().meta({ description: 'Base64 SHA-256 of the PDF' }),
  download: Presigned.meta({ description: 'A 5-minute presigned GET of the PDF' }),
});

const SlipList = z.object({ items: z.array(SlipView) });

export const listMySlips = defineContract({
  operationId: 'listMyDossierSlips',
  summary: 'The slips of my dossier (receipt, supplement request, refusal, apology, control slip), as PDF downloads',
  description: 'Oldest first. A slip is issued once per event (e.g. the receipt when the dossier is received) and appears here within seconds.',
  tag: 'slips',
  access: ['citizen'],
  params: DossierId,
  response: SlipList,
  errorCodes: ['NOT_FOUND'],
});

export const listOfficerSlips = defineContract({
  operationId: 'listAgencyDossierSlips',
  summary: "The slips of a dossier of the officer's agency, as PDF downloads",
  tag: 'slips',
  access: ['officer', 'admin'],
  params: DossierId,
  response: SlipList,
  errorCodes: ['NOT_FOUND'],
});

const Day = z.iso.date();

export const trackingBook = defineContract({
  operationId: 'getTrackingBook',
  summary: "The agency's tracking book (sổ theo dõi hồ sơ, form 06) for a period, as PDF or CSV",
  description:
    'Every dossier the agency received between `from` and `to` (Vietnamese calendar days, both included, at most 31 days, at most 2000 dossiers), with its current dates. Admins name the agency with `agencyId`.',
  tag: 'slips',
  access: ['officer', 'admin'],
  query: z.object({
    from: Day,
    to: Day,
    format: z.enum(['pdf', 'csv']).default('pdf'),
    agencyId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .optional()
      .meta({ description: 'Admins only: whose book.' }),
  }),
  response: z.lazy(() => z.object({ agencyId: z.string(), from: Day, to: Day, format: z.enum(['pdf', 'csv']), count: z.number().int(), download: Presigned })),
  errorCodes: ['INVALID_PERIOD', 'TOO_MANY_DOSSIERS', 'AGENCY_REQUIRED'],
});

export const VerificationView = z.object({
  valid: z.literal(true),
  documentKind: z.string().meta({ description: '`slip` (the one-stop slips) or `result` (a returned result)', examples: ['slip', 'result'] }),
  documentName: z.string(),
  issuer: z.string(),
  issuedAt: z.string(),
  dossierCode: z.string(),
  procedureCode: z.string(),
  applicantId: z
    .string()
    .optional()
    .meta({ description: 'Slips only. Masked: only the last 4 digits', examples: ['********2345'] }),
  systemName: z.string().optional().meta({ description: 'Slips only' }),
  appointmentAt: z.string().optional(),
  sha256: z.string().optional().meta({ description: 'Base64 SHA-256 of the file as issued: compare an electronic copy with it' }),
  validUntil: z.string().optional().meta({ description: 'Results: until when the document is valid, where the procedure limits it' }),
  signature: z
    .object({
      status: z.enum(['valid', 'unsigned']).meta({ description: 'valid: signed by a CA the stage trusted, checked at issue; unsigned: a decision the procedure allows unsigned' }),
      signer: z.string().optional(),
      organization: z.string().optional(),
      certificateIssuer: z.string().optional(),
      signedAt: z.string().optional(),
    })
    .optional()
    .meta({ description: 'Results: the digital signature as checked when the result was returned' }),
});

export const verify = defineContract({
  operationId: 'verifyDocument',
  summary: 'Check a document by the token of its QR code (public)',
  description: 'Answers what the QR states, with the applicant id masked; an unknown or forged token is 404.',
  tag: 'slips',
  access: 'public',
  params: z.object({ token: z.string().min(1).max(200) }),
  response: VerificationView,
  errorCodes: ['NOT_FOUND'],
});
