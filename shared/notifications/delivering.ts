import { getNotification, markNotificationSent, putNotification } from '../store/notifications';
import type { Channel, Notifier, OutboundNotification } from './notifier';

/** A provider that hands a message over (SES for email, SNS for SMS). Throws when it could not. */
export interface Transport {
  deliver(notification: OutboundNotification): Promise<void>;
}

/**
 * Stores the notification first (the citizen can read it, and a provider outage loses nothing),
 * then hands it to the provider and marks it SENT. A redelivered event re-sends only what is still
 * PENDING; a provider failure throws, so the event is retried.
 */
export function deliveringNotifier(channel: Channel, transport: Transport): Notifier {
  return {
    channel,
    send: async (notification) => {
      const first = await putNotification({ ...notification, channel, status: 'PENDING' });
      if (!first && (await getNotification(notification))?.status === 'SENT') return false;
      await transport.deliver(notification);
      await markNotificationSent(notification, new Date());
      return first;
    },
  };
}
