import { NotFoundError } from '../domain/errors';
import type { Caller } from '../http/caller';
import type { Logger } from '../logger';
import { messageFor } from './messages';
import type { Notifier, OutboundNotification } from './notifier';
import { getDossier } from '../store/dossiers';
import { getNotification, listNotifications, putNotification } from '../store/notifications';
import { getConfirmedContact, takeQuota } from '../store/contacts';
import { contactId, maskContact, type ContactChannel } from '../domain/contacts';
import type { Dossier } from '../domain/dossier';
import { vnDate } from '../domain/vietnam-time';
import { config } from '../config';
import { ratingToken } from '../stats/rating-link';

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
export async function notifyCitizen(event: CitizenEvent, notifiers: readonly Notifier[], log: Logger): Promise<{ sent: number; duplicates: number; suppressed: number }> {
  const message = messageFor(event.detailType, event.data);
  if (!message) return { sent: 0, duplicates: 0, suppressed: 0 };
  if (event.detailType === 'dossier.returned') {
    // The one-click rating link, signed and expiring (shared/stats/rating-link.ts); the same on a redelivery.
    message.text += ` Đánh giá mức độ hài lòng: ${config().publicBaseUrl ?? ''}/ratings/${await ratingToken(event.data.dossierId, new Date(event.occurredAt))}`;
  }
  const dossier = await getDossier(event.data.dossierId);
  if (!dossier) throw new Error(`${event.detailType} names a dossier that does not exist`);
  const addresses = { email: dossier.applicant.email, sms: dossier.applicant.phone };
  let sent = 0;
  let duplicates = 0;
  let suppressed = 0;
  for (const notifier of notifiers) {
    const to = addresses[notifier.channel];
    if (!to) continue;
    let notification: OutboundNotification = {
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
    // A redelivered event: what was sent or suppressed stays so; what is still PENDING passed the
    // checks (and spent its quota) the first time, so it only goes to the provider again.
    const stored = await getNotification(notification);
    if (stored && stored.status !== 'PENDING') {
      duplicates += 1;
      continue;
    }
    const refusal = stored ? undefined : await whyNotSend(dossier, notifier.channel, to, new Date(event.occurredAt));
    if (refusal) {
      // Recorded, so the citizen sees why nothing came; never handed to a provider.
      notification = { ...notification, to: maskContact(notifier.channel, to), status: 'SUPPRESSED', suppressed: refusal };
      if (await putNotification(notification)) suppressed += 1;
      continue;
    }
    if (await notifier.send(notification)) sent += 1;
    else duplicates += 1;
  }
  log.info('notify.done', { sent, duplicates, suppressed });
  return { sent, duplicates, suppressed };
}

/** Daily quotas of messages about dossiers: per destination, and per account (all its dossiers). */
export const DESTINATION_QUOTA = 20;
export const ACCOUNT_QUOTA = 60;

/** Why a message must not go to `to`: nobody vouched for it, or a quota is spent (shared/domain/contacts.ts). */
async function whyNotSend(dossier: Dossier, channel: ContactChannel, to: string, at: Date): Promise<OutboundNotification['suppressed']> {
  const vouched = dossier.contactsVouched?.[channel] ?? ((await getConfirmedContact(dossier.ownerSub, channel, to)) ? 'code' : undefined);
  if (!vouched) return 'unverified';
  const day = vnDate(at);
  if (!(await takeQuota('destination', contactId(channel, to), day, DESTINATION_QUOTA))) return 'rate-limited';
  if (!(await takeQuota('account', dossier.ownerSub, day, ACCOUNT_QUOTA))) return 'rate-limited';
  return undefined;
}

/** GET /dossiers/{id}/notifications: the owner reads what was sent to them; anyone else gets 404. */
export async function notificationsForCitizen(caller: Caller, dossierId: string) {
  const dossier = await getDossier(dossierId);
  if (!dossier || dossier.ownerSub !== caller.sub) throw new NotFoundError('No such dossier.');
  const items = await listNotifications(dossierId);
  return {
    items: items.map(({ id, channel, to, subject, text, eventType, status, suppressed, createdAt }) => ({
      id,
      channel,
      to,
      ...(subject ? { subject } : {}),
      text,
      eventType,
      status,
      ...(suppressed ? { suppressed } : {}),
      createdAt,
    })),
  };
}
