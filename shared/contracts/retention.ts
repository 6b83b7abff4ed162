import * as z from 'zod';
import { defineContract } from '../http/contract';

/** Retention of personal data (issue 16, LEGAL.md R17): the run an admin tries dry first. */
export const runRetention = defineContract({
  operationId: 'runRetention',
  summary: 'Remove the personal data of closed dossiers whose retention period ended (or list them first)',
  description:
    'What the daily `retention` schedule does. A dossier falls due `retentionDays` (procedure) after it closed (returned, refused, withdrawn, stopped). Its applicant, answers, files (papers, result, slips) and free-text notes are removed; codes, statuses, dates, procedure, agency and fee stay, so every figure of the service index holds. `dryRun: true` lists what is due and changes nothing.',
  tag: 'retention',
  access: ['admin'],
  // No Idempotency-Key: a run is idempotent by nature (a repeat finds nothing due that was removed).
  body: z.lazy(() => z.object({ dryRun: z.boolean().default(true), limit: z.number().int().min(1).max(500).default(200) }).strict()),
  example: { dryRun: true, limit: 200 },
  response: z.lazy(() =>
    z.object({
      dryRun: z.boolean(),
      due: z.array(z.object({ dossierId: z.string(), code: z.string().optional(), procedureCode: z.string().optional(), closedAt: z.string(), dueAt: z.string() })),
      removed: z.number().int(),
      skipped: z.array(z.object({ dossierId: z.string(), reason: z.string() })),
    }),
  ),
});
