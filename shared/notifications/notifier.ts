/**
 * Notifications to citizens (thông báo): one port, one adapter per channel. The use case
 * (shared/notifications/notify.ts) decides what to say and to whom; an adapter only delivers.
 */
export type Channel = 'email' | 'sms';

/** One message to one recipient. `to` is personal data: stored for delivery, never logged or put in an event. */
export interface OutboundNotification {
  /** `<eventId>.<channel>`: one notification per event and channel, whatever the redeliveries. */
  id: string;
  dossierId: string;
  channel: Channel;
  to: string;
  subject?: string;
  text: string;
  /** The event that caused it. */
  eventType: string;
  eventId: string;
  /**
   * PENDING until a sender (SES / SNS) hands it over; SENT or FAILED after. SUPPRESSED: not sent, for
   * `suppressed` (nobody vouched for the contact, or a quota was spent); `to` is then masked.
   */
  status: 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';
  suppressed?: 'unverified' | 'rate-limited';
  createdAt: string;
}

/** A channel's delivery. Returns false when this notification was already taken (a redelivered event). */
export interface Notifier {
  readonly channel: Channel;
  send(notification: OutboundNotification): Promise<boolean>;
}
