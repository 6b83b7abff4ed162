import * as z from 'zod';
import { say } from '../domain/field-messages';
import { defineContract } from '../http/contract';
import { DossierId } from './dossiers';

/** What the portal told a citizen about their dossier (email, SMS), as stored for delivery. */
export const listDossierNotifications = defineContract({
  operationId: 'listDossierNotifications',
  summary: 'The notifications sent about my dossier',
  tag: 'notifications',
  access: ['citizen'],
  params: DossierId,
  response: z.lazy(() =>
    z.object({
      items: z.array(
        z.object({
          id: z.string(),
          channel: z.enum(['email', 'sms']),
          to: z.string(),
          subject: z.string().optional(),
          text: z.string(),
          eventType: z.string(),
          status: z.enum(['PENDING', 'SENT', 'FAILED', 'SUPPRESSED']),
          suppressed: z.enum(['unverified', 'rate-limited']).optional().meta({ description: 'Why it was not sent: nobody vouched for the contact (confirm it at POST /me/contacts), or a daily quota was spent.' }),
          createdAt: z.string(),
        }),
      ),
    }),
  ),
  errorCodes: ['NOT_FOUND'],
});

const Channel = z.enum(['email', 'sms']).meta({ description: '`sms` for a phone number' });
const Address = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .meta({ description: 'A phone number (0xxxxxxxxx or +84…) or an email address', examples: ['0912345678'] });
const ContactStatus = z.object({
  channel: Channel,
  address: z.string().meta({ description: 'Masked: enough for its owner to recognise' }),
  status: z.enum(['CODE_SENT', 'CONFIRMED']),
  expiresAt: z.string().optional().meta({ description: 'Until when the code is valid (15 minutes)' }),
});

/**
 * Contacts confirmed by code (issue 12 point 7): messages about dossiers go only to contacts the
 * identity provider verified, that came vouched for (DVCQG, the desk), or that the account confirmed.
 */
export const requestContactCode = defineContract({
  operationId: 'requestContactCode',
  summary: 'Send a confirmation code to a phone or email, so that messages about my dossiers may go there',
  description: 'A 6-digit code, valid 15 minutes, at most 3 a day per destination and 10 a day per account (429 `RATE_LIMITED` with `Retry-After`). An already confirmed contact answers `CONFIRMED` and sends nothing.',
  tag: 'notifications',
  access: ['citizen'],
  body: z.lazy(() => z.object({ channel: Channel, address: Address }).strict()),
  example: { channel: 'sms', address: '0912345678' },
  response: ContactStatus,
  status: 202,
  errorCodes: ['RATE_LIMITED'],
});

export const confirmContact = defineContract({
  operationId: 'confirmContact',
  summary: 'Confirm a phone or email with the code sent to it',
  description: '5 attempts per code (422 `CODE_EXHAUSTED`), then ask for a new one; a wrong code is 422 `CODE_INVALID`, an expired one `CODE_EXPIRED`.',
  tag: 'notifications',
  access: ['citizen'],
  body: z.lazy(() => z.object({ channel: Channel, address: Address, code: z.string().regex(/^\d{6}$/, say('confirmationCode')) }).strict()),
  example: { channel: 'sms', address: '0912345678', code: '482915' },
  response: ContactStatus,
  errorCodes: ['CODE_INVALID', 'CODE_EXPIRED', 'CODE_EXHAUSTED'],
});

export const listContacts = defineContract({
  operationId: 'listContacts',
  summary: 'My confirmed contacts',
  tag: 'notifications',
  access: ['citizen'],
  response: z.lazy(() => z.object({ items: z.array(z.object({ channel: Channel, address: z.string(), vouch: z.enum(['idp', 'code', 'source']), confirmedAt: z.string() })) })),
});
