import { config } from '../config';
import { putNotification } from '../store/notifications';
import { sesEmail, snsSms } from './aws-transports';
import { deliveringNotifier } from './delivering';
import type { Channel, Notifier } from './notifier';

/**
 * The adapter of a channel without a provider (locally, or where none is configured): the
 * notification is stored as an outbound record (status PENDING) in the main table, where the
 * citizen can read it back (GET /dossiers/{id}/notifications).
 */
export function storedNotifier(channel: Channel): Notifier {
  return { channel, send: (notification) => putNotification({ ...notification, channel, status: 'PENDING' }) };
}

/**
 * Email (thư điện tử) and SMS (tin nhắn), as the notifier consumer uses them: through SES when
 * NOTIFY_EMAIL_FROM names a verified identity, through SNS when NOTIFY_SMS=on, stored only otherwise.
 */
export function defaultNotifiers(): Notifier[] {
  const { notifyEmailFrom, notifySms } = config();
  return [notifyEmailFrom ? deliveringNotifier('email', sesEmail(notifyEmailFrom)) : storedNotifier('email'), notifySms === 'on' ? deliveringNotifier('sms', snsSms()) : storedNotifier('sms')];
}
