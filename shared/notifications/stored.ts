import { putNotification } from '../store/notifications';
import type { Channel, Notifier } from './notifier';

/**
 * The default adapter of both channels, in AWS and locally: the notification is stored as an
 * outbound record (status PENDING) in the main table, where the citizen can read it back
 * (GET /dossiers/{id}/notifications) and from where a sender hands it to SES or SNS (see
 * README, Processing). Storing first means a provider outage loses nothing.
 */
export function storedNotifier(channel: Channel): Notifier {
  return { channel, send: (notification) => putNotification({ ...notification, channel, status: 'PENDING' }) };
}

/** Email (thư điện tử) and SMS (tin nhắn), as the notifier consumer uses them. */
export const defaultNotifiers = (): Notifier[] => [storedNotifier('email'), storedNotifier('sms')];
