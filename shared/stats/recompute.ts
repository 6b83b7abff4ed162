import { addCounts, countsOf, serviceIndex, zeroCounts, type CountedFact, type Counts, type InProgress } from '../domain/service-index';
import { PROVINCE_SCOPE } from '../store/keys';

export interface RecomputeQuery {
  from: string;
  to: string;
  agencyId?: string;
  unitId?: string;
}

const inScope = (fact: CountedFact, query: RecomputeQuery) => (query.agencyId ? fact.agencyId === query.agencyId : query.unitId ? fact.unitIds.includes(query.unitId) : true);

/**
 * Every figure of GET /admin/stats from the anonymised log (GET /admin/stats/log), as anyone holding
 * it can: the same `countsOf` and `serviceIndex` the counters and the report use, summed from the
 * lines instead of the counter items. Each event counts once (by its id), however many files repeat
 * it. What is in progress is read live from the inboxes, not from events: it is an input here.
 */
export function recompute(facts: Iterable<CountedFact>, query: RecomputeQuery, inProgress: InProgress) {
  const seen = new Set<string>();
  const total = zeroCounts();
  const byProcedure = new Map<string, Counts>();
  for (const fact of facts) {
    if (seen.has(fact.eventId) || fact.day < query.from || fact.day > query.to || !inScope(fact, query)) continue;
    seen.add(fact.eventId);
    const counts = countsOf(fact);
    addCounts(total, counts);
    byProcedure.set(fact.procedureCode, addCounts(byProcedure.get(fact.procedureCode) ?? zeroCounts(), counts));
  }
  return {
    from: query.from,
    to: query.to,
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    ...(query.unitId ? { unitId: query.unitId } : {}),
    scope: query.agencyId ?? query.unitId ?? PROVINCE_SCOPE,
    index: serviceIndex(total, inProgress, [...byProcedure.values()]),
    counts: total,
    procedures: [...byProcedure.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([procedureCode, counts]) => ({ procedureCode, counts })),
  };
}

/** The lines of an NDJSON export (blank lines skipped). */
export const parseLog = (text: string): CountedFact[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CountedFact);
