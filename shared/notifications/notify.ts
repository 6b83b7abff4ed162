import { NotFoundError } from '../domain/errors';
import type { Caller } from '../http/caller';
import type { Logger } from '../http/logger';
import { messageFor } from './messages';
import type { Notifier, OutboundNotification } from './notifier';
import { getDossier } from '../store/dossiers';
import { listNotifications } from '../store/notifications';

export interface CitizenEvent {
  detailType: string;
  eventId: string;
  occurredAt: string;
  data: { dossierId: string; code?: string } & Record<string, unknown>;
}

/**
 * The notifier: turns a citizen-facing event into one message per channel the applicant gave
 * (email, SMS). Addresses are read from the dossier, never from the event. Idempotent by
 * construction: a notification's id is `<eventId>.<channel>` and is written once, so a redelivered
 * event sends nothing twice. A notifier that throws fails the invocation, and EventBridge retries.
 */
export async function notifyCitizen(event: CitizenEvent, notifiers: readonly Notifier[], log: Logger): Promise<{ sent: number; duplicates: number }> {
  const message = messageFor(event.detailType, event.data);
  if (!message) return { sent: 0, duplicates: 0 };
  const dossier = await getDossier(event.data.dossierId);
  if (!dossier) throw new Error(`${event.detailType} names a dossier that does not exist`);
  const addresses = { email: dossier.applicant.email, sms: dossier.applicant.phone };
  let sent = 0;
  let duplicates = 0;
  for (const notifier of notifiers) {
    const to = addresses[notifier.channel];
    if (!to) continue;
    const notification: OutboundNotification = {
      id: `${event.eventId}.${notifier.channel}`,
      dossierId: dossier.id,
      channel: notifier.channel,
      to,
      ...(notifier.channel === 'email' ? { subject: message.subject } : {}),
      text: message.text,
      eventType: event.detailType,
      eventId: event.eventId,
      status: 'PENDING',
      createdAt: event.occurredAt,
    };
    if (await notifier.send(notification)) sent += 1;
    else duplicates += 1;
  }
  log.info('notify.done', { sent, duplicates });
  return { sent, duplicates };
}

/** GET /dossiers/{id}/notifications: the owner reads what was sent to them; anyone else gets 404. */
export async function notificationsForCitizen(caller: Caller, dossierId: string) {
  const dossier = await getDossier(dossierId);
  if (!dossier || dossier.ownerSub !== caller.sub) throw new NotFoundError('No such dossier.');
  const items = await listNotifications(dossierId);
  return { items: items.map(({ id, channel, to, subject, text, eventType, status, createdAt }) => ({ id, channel, to, ...(subject ? { subject } : {}), text, eventType, status, createdAt })) };
}
