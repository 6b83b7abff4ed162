import { allEvents } from '../../events/catalog';
import { CITIZEN_FACING } from '../../shared/notifications/messages';
import { defaultNotifiers } from '../../shared/notifications/stored';
import { eventConsumer } from '../../shared/events/consumer';
import { notifyCitizen } from '../../shared/notifications/notify';

const notifiers = defaultNotifiers();

/** Citizen-facing dossier events → an email and/or an SMS to the applicant. */
export const handler = eventConsumer(
  'notify-citizen',
  allEvents.filter((e) => CITIZEN_FACING.includes(e.detailType)),
  ({ detailType, detail, eventId, log }) => notifyCitizen({ detailType, eventId, occurredAt: detail.metadata.occurredAt, data: detail.data as { dossierId: string } }, notifiers, log),
);
