import { COUNTED_EVENTS } from '../events/subscriptions';
import type { EventDetail } from '../../events/envelope';
import { receivedCounter, timeliness, type Channel, type Counts } from '../domain/service-index';
import { vnDate } from '../domain/vietnam-time';
import type { Logger } from '../http/logger';
import { getAgency, unitWithAncestors } from '../store/catalogue';
import { getDossier } from '../store/dossiers';
import { countEvent } from '../store/stats';

/** The consumer's name: its processed-event records and its rule. */
export const STATS_CONSUMER = 'count-service-index';


type Counted = (typeof COUNTED_EVENTS)[number];

/**
 * The units a dossier's figures also count for: the administrative unit of the agency that processes
 * it (not the applicant's) and that unit's ancestors, so a district's figures hold its communes'.
 */
async function processingUnits(agencyId: string): Promise<string[]> {
  const agency = await getAgency(agencyId);
  return agency ? (await unitWithAncestors(agency.unitId)).map((unit) => unit.id) : [];
}

/**
 * Adds one event to the counters of its agency, its units and the province (shared/store/stats.ts), on the
 * Vietnamese day it happened (a submission on the day it was received). Reads the dossier only for
 * what the event does not carry (channel, fee, appointment date); never anything personal.
 */
export async function countForServiceIndex(detailType: Counted['detailType'], detail: EventDetail<Counted>, log: Logger): Promise<'counted' | 'duplicate'> {
  const data = detail.data as { dossierId: string; procedureCode?: string; agencyId?: string };
  const dossier = await getDossier(data.dossierId);
  if (!dossier) throw new Error(`${detailType} names a dossier that does not exist`); // committed together: corrupt, to the DLQ
  const occurredAt = new Date(detail.metadata.occurredAt);
  let counts: Partial<Counts>;
  let day = vnDate(occurredAt);
  switch (detailType) {
    case 'dossier.submitted': {
      const channel = ((dossier as { channel?: Channel }).channel ?? 'online');
      counts = { [receivedCounter(channel)]: 1, receivedWithFee: dossier.fee.amount > 0 ? 1 : 0, receivedWithPapers: dossier.papers.length > 0 ? 1 : 0 };
      day = vnDate(new Date((detail.data as { submittedAt: string }).submittedAt));
      break;
    }
    case 'dossier.not_accepted': counts = { notAccepted: 1 }; break;
    case 'dossier.supplement_requested': counts = { supplementRequested: 1 }; break;
    case 'dossier.withdrawn': counts = { withdrawn: 1 }; break;
    case 'dossier.stopped': counts = { stopped: 1 }; break;
    case 'dossier.resolved':
      counts = { [timeliness(occurredAt, dossier.appointmentAt ? new Date(dossier.appointmentAt) : undefined)]: 1, eResults: (detail.data as { hasDocument: boolean }).hasDocument ? 1 : 0 };
      break;
    case 'dossier.rated': {
      const { score, overall } = detail.data as { score: number; overall: 0 | 1 | 2 };
      counts = { ratings: 1, ratingScore: score, verySatisfied: overall === 2 ? 1 : 0, satisfied: overall === 1 ? 1 : 0, dissatisfied: overall === 0 ? 1 : 0 };
      break;
    }
    case 'payment.confirmed': counts = { paidOnline: 1, paidOnlineAmount: (detail.data as { amount: number }).amount }; break;
  }
  const counted = await countEvent(STATS_CONSUMER, detail.metadata.eventId, { ...(dossier.agencyId ? { agencyId: dossier.agencyId, unitIds: await processingUnits(dossier.agencyId) } : {}), day, procedureCode: dossier.procedureCode }, counts);
  if (!counted) log.info('stats.duplicate');
  return counted ? 'counted' : 'duplicate';
}
