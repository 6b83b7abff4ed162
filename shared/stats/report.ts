import { now } from '../clock';
import { serviceIndex, type Counts, type InProgress } from '../domain/service-index';
import { listAgencies, unitWithAncestors } from '../store/catalogue';
import { PROVINCE_SCOPE, unitScope } from '../store/keys';
import { countInbox, sumCounts } from '../store/stats';

/** Statuses whose clock runs: in progress, within or past the appointment date. */
const RUNNING = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'PAYMENT_REQUIRED'] as const;

/** In progress now, from the inbox partitions of gsi2 (COUNT queries, no scan); paused = supplement awaited. */
async function inProgressOf(agencyIds: readonly string[], at: Date): Promise<InProgress> {
  const figures = await Promise.all(
    agencyIds.map(async (agencyId) => {
      const [totals, past, paused] = await Promise.all([
        Promise.all(RUNNING.map((status) => countInbox(agencyId, status))),
        Promise.all(RUNNING.map((status) => countInbox(agencyId, status, at.toISOString()))),
        countInbox(agencyId, 'SUPPLEMENT_REQUESTED'),
      ]);
      const total = totals.reduce((a, b) => a + b, 0);
      const pastDeadline = past.reduce((a, b) => a + b, 0);
      return { total: total + paused, withinDeadline: total - pastDeadline, pastDeadline, paused };
    }),
  );
  return figures.reduce((sum, one) => ({ total: sum.total + one.total, withinDeadline: sum.withinDeadline + one.withinDeadline, pastDeadline: sum.pastDeadline + one.pastDeadline, paused: sum.paused + one.paused }), {
    total: 0,
    withinDeadline: 0,
    pastDeadline: 0,
    paused: 0,
  });
}

const procedureRows = (byProcedure: Map<string, Counts>) => [...byProcedure.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([procedureCode, counts]) => ({ procedureCode, counts }));

export interface ReportQuery {
  from: string;
  to: string;
  agencyId?: string;
  unitId?: string;
}

/** The agencies a report covers: one, those of a unit and its sub-units (from the catalogue), or all. */
async function agenciesOf(query: ReportQuery): Promise<string[]> {
  if (query.agencyId) return [query.agencyId];
  const agencies = await listAgencies();
  if (!query.unitId) return agencies.map((agency) => agency.id);
  const within = await Promise.all(agencies.map(async (agency) => (await unitWithAncestors(agency.unitId)).some((unit) => unit.id === query.unitId)));
  return agencies.filter((_, i) => within[i]).map((agency) => agency.id);
}

/** The counters' scope of a report. */
export const scopeOf = (query: ReportQuery) => query.agencyId ?? (query.unitId ? unitScope(query.unitId) : PROVINCE_SCOPE);

/**
 * GET /admin/stats and GET /stats/public: the QĐ 766 groups for an agency, a unit (with its sub-units)
 * or the whole province over the Vietnamese days [from, to], from the event counters, plus what is in
 * progress now.
 */
export async function serviceIndexReport(query: ReportQuery) {
  const at = now();
  const agencies = await agenciesOf(query);
  const [{ total, byProcedure }, inProgress] = await Promise.all([sumCounts(scopeOf(query), query.from, query.to), inProgressOf(agencies, at)]);
  return {
    from: query.from,
    to: query.to,
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    ...(query.unitId ? { unitId: query.unitId } : {}),
    computedAt: at.toISOString(),
    index: serviceIndex(total, inProgress, [...byProcedure.values()]),
    counts: total,
    procedures: procedureRows(byProcedure),
  };
}
