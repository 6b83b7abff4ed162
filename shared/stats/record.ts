import { COUNTED_EVENTS } from '../events/subscriptions';
import type { EventDetail } from '../../events/envelope';
import { countsOf, type Channel, type CountedFact } from '../domain/service-index';
import { vnDate } from '../domain/vietnam-time';
import type { Logger } from '../logger';
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

/** The anonymised fact of one event (shared/domain/service-index.ts), from the event and, for a dossier's, the dossier. */
async function factOf(detailType: Counted['detailType'], detail: EventDetail<Counted>): Promise<CountedFact> {
  const at = detail.metadata.occurredAt;
  const base = { eventId: detail.metadata.eventId, type: detailType, at, day: vnDate(new Date(at)) };
  if (detailType.startsWith('feedback.')) {
    const data = detail.data as { agencyId: string; procedureCode?: string; onTime?: boolean };
    return { ...base, agencyId: data.agencyId, unitIds: await processingUnits(data.agencyId), procedureCode: data.procedureCode ?? '-', ...(data.onTime !== undefined ? { onTime: data.onTime } : {}) };
  }
  const data = detail.data as { dossierId: string; submittedAt?: string; papersDigitised?: number; papersReused?: number; hasDocument?: boolean; score?: number; overall?: 0 | 1 | 2; amount?: number };
  const dossier = await getDossier(data.dossierId);
  if (!dossier) throw new Error(`${detailType} names a dossier that does not exist`); // committed together: corrupt, to the DLQ
  const where = { ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}), unitIds: dossier.agencyId ? await processingUnits(dossier.agencyId) : [], procedureCode: dossier.procedureCode };
  switch (detailType) {
    case 'dossier.submitted':
      // The paper counts as the submission had them (the event's), not as a later supplement left the dossier.
      return {
        ...base,
        ...where,
        day: vnDate(new Date(data.submittedAt!)),
        channel: (dossier as { channel?: Channel }).channel ?? 'online',
        withFee: dossier.fee.amount > 0,
        withPapers: dossier.papers.length > 0,
        papersDigitised: data.papersDigitised ?? 0,
        papersReused: data.papersReused ?? 0,
      };
    case 'dossier.resolved':
      return { ...base, ...where, hasDocument: data.hasDocument === true, ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}) };
    case 'dossier.rated':
      return { ...base, ...where, score: data.score!, overall: data.overall! };
    case 'payment.confirmed':
      return { ...base, ...where, amount: data.amount! };
    default:
      return { ...base, ...where };
  }
}

/**
 * Adds one event to the counters of its agency, its units and the province (shared/store/stats.ts),
 * on the Vietnamese day it happened (a submission on the day it was submitted), and keeps its
 * anonymised fact in that day's log. Reads the dossier only for what the event does not carry
 * (channel, fee, papers, appointment date); never anything personal.
 */
export async function countForServiceIndex(detailType: Counted['detailType'], detail: EventDetail<Counted>, log: Logger): Promise<'counted' | 'duplicate'> {
  const fact = await factOf(detailType, detail);
  const counted = await countEvent(STATS_CONSUMER, fact, countsOf(fact));
  if (!counted) log.info('stats.duplicate');
  return counted ? 'counted' : 'duplicate';
}
