import * as z from 'zod';
import { defineContract } from '../http/contract';

/** What the portal told a citizen about their dossier (email, SMS), as stored for delivery. */
export const listDossierNotifications = defineContract({
  operationId: 'listDossierNotifications',
  summary: 'The notifications sent about my dossier',
  tag: 'notifications',
  access: ['citizen'],
  params: z.object({ id: z.string().min(1).max(64) }),
  response: z.object({
    items: z.array(z.object({
      id: z.string(),
      channel: z.enum(['email', 'sms']),
      to: z.string(),
      subject: z.string().optional(),
      text: z.string(),
      eventType: z.string(),
      status: z.enum(['PENDING', 'SENT', 'FAILED']),
      createdAt: z.string(),
    })),
  }),
  errorCodes: ['NOT_FOUND'],
});
