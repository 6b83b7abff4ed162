import { events } from '../../events/catalog';
import { CITIZEN_FACING } from '../notifications/messages';

/**
 * What each processing consumer subscribes to, declared once (pure: events/rules.ts, CDK and the
 * local bus import it without pulling in any SDK client).
 */
/** The router consumer (events/rules.ts) by name, and what it consumes: its rule and its handler read both from here. */
export const ROUTER = 'route-dossier';
export const ROUTER_SUBSCRIPTION = [events.dossierSubmitted] as const;
export const ROUTER_EVENTS = ROUTER_SUBSCRIPTION.map((event) => event.detailType);

/** The applicant hears about these (shared/notifications/messages.ts has one message each). */
export const CITIZEN_EVENTS = CITIZEN_FACING;

/** An agency's own system hears about its cases by signed webhook: new or transferred, supplemented, withdrawn, overdue, an internal step overdue. */
export const AGENCY_CASE_EVENTS = [events.dossierRouted, events.dossierSupplemented, events.dossierWithdrawn, events.dossierOverdue, events.dossierStepOverdue];

/** The service index counts these (shared/stats/record.ts). */
export const COUNTED_EVENTS = [
  events.dossierSubmitted,
  events.dossierNotAccepted,
  events.dossierSupplementRequested,
  events.dossierWithdrawn,
  events.dossierStopped,
  events.dossierResolved,
  events.dossierRated,
  events.paymentConfirmed,
  events.feedbackReceived,
  events.feedbackAnswered,
  events.feedbackOverdue,
] as const;
/** The events that issue a statutory slip (shared/slips/issue.ts maps each to its form). */
export const SLIP_EVENTS = [events.dossierReceived, events.dossierSupplementRequested, events.dossierNotAccepted, events.dossierRescheduled, events.dossierResolved, events.dossierStopped].map(
  (event) => event.detailType,
);
/** A dossier closes with these: the retention period starts (shared/retention). */
export const CLOSING_EVENTS = [events.dossierReturned, events.dossierNotAccepted, events.dossierWithdrawn, events.dossierStopped] as const;
