import { eventConsumer } from '../../shared/events/consumer';
import { issueSlip, SLIP_EVENT_DEFINITIONS, type SlipEvent } from '../../shared/slips/issue';

/** dossier.received, supplement_requested, not_accepted, rescheduled, resolved, stopped → the slip each calls for (forms 01-05), once per event. */
export const handler = eventConsumer('issue-slip', SLIP_EVENT_DEFINITIONS, ({ detailType, detail, eventId, log }) =>
  issueSlip({ detailType: detailType as SlipEvent['detailType'], eventId, occurredAt: detail.metadata.occurredAt, data: detail.data as SlipEvent['data'] }, log),
);
