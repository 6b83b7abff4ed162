import { now } from '../clock';
import { serviceIndex, type Counts, type InProgress } from '../domain/service-index';
import { listAgencies } from '../store/catalogue';
import { PROVINCE_SCOPE } from '../store/keys';
import { countInbox, sumCounts } from '../store/stats';

/** Statuses whose clock runs: in progress, within or past the appointment date. */
const RUNNING = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'PAYMENT_REQUIRED'] as const;

/** In progress now, from the inbox partitions of gsi2 (COUNT queries, no scan); paused = supplement awaited. */
async function inProgressOf(agencyIds: readonly string[], at: Date): Promise<InProgress> {
  const figures = await Promise.all(agencyIds.map(async (agencyId) => {
    const [totals, past, paused] = await Promise.all([
      Promise.all(RUNNING.map((status) => countInbox(agencyId, status))),
      Promise.all(RUNNING.map((status) => countInbox(agencyId, status, at.toISOString()))),
      countInbox(agencyId, 'SUPPLEMENT_REQUESTED'),
    ]);
    const total = totals.reduce((a, b) => a + b, 0);
    const pastDeadline = past.reduce((a, b) => a + b, 0);
    return { total: total + paused, withinDeadline: total - pastDeadline, pastDeadline, paused };
  }));
  return figures.reduce((sum, one) => ({ total: sum.total + one.total, withinDeadline: sum.withinDeadline + one.withinDeadline, pastDeadline: sum.pastDeadline + one.pastDeadline, paused: sum.paused + one.paused }), { total: 0, withinDeadline: 0, pastDeadline: 0, paused: 0 });
}

const procedureRows = (byProcedure: Map<string, Counts>) =>
  [...byProcedure.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([procedureCode, counts]) => ({ procedureCode, counts }));

/**
 * GET /admin/stats and GET /stats/public: the QĐ 766 groups for an agency or the whole province over
 * the Vietnamese days [from, to], from the event counters, plus what is in progress now.
 */
export async function serviceIndexReport(query: { from: string; to: string; agencyId?: string }) {
  const at = now();
  const agencies = query.agencyId ? [query.agencyId] : (await listAgencies()).map((agency) => agency.id);
  const [{ total, byProcedure }, inProgress] = await Promise.all([
    sumCounts(query.agencyId ?? PROVINCE_SCOPE, query.from, query.to),
    inProgressOf(agencies, at),
  ]);
  return {
    from: query.from,
    to: query.to,
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    computedAt: at.toISOString(),
    index: serviceIndex(total, inProgress),
    counts: total,
    procedures: procedureRows(byProcedure),
  };
}
