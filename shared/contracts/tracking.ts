import * as z from 'zod';
import { DossierStatus } from '../domain/dossier-lifecycle';
import { DOSSIER_CODE_PATTERN } from '../domain/dossier-code';
import { defineContract } from '../http/contract';

/** Public tracking (tra cứu hồ sơ) by dossier code: procedure, status and appointment date, never personal data. */
export const TrackingView = z
  .object({
    code: z.string(),
    procedure: z.object({ code: z.string(), name: z.string() }),
    status: DossierStatus,
    statusCode: z.number().int().nullable(),
    appointmentAt: z.iso.datetime().optional(),
  })
  .meta({ examples: [{ code: 'UBNDAB-270205-0001', procedure: { code: '1.001193', name: 'Đăng ký khai sinh' }, status: 'SUBMITTED', statusCode: 1, appointmentAt: '2027-02-11T08:00:00.000Z' }] });

export const trackDossier = defineContract({
  operationId: 'trackDossier',
  summary: 'Public status of a dossier by its code (no personal data)',
  tag: 'tracking',
  access: 'public',
  params: z.object({ dossierCode: z.string().max(64).regex(DOSSIER_CODE_PATTERN, 'a dossier code like ABC-260309-0001').meta({ examples: ['UBNDAB-270205-0001'] }) }),
  response: TrackingView,
  errorCodes: ['NOT_FOUND'],
});
