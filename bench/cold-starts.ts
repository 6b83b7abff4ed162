import { consumerRules } from '../events/rules';
import { routes } from '../infra/routes';
import type { LifecycleReport } from './operations';

/**
 * How often a request meets a cold function, from the lifecycle's call mix: each function's
 * invocations arrive as a Poisson stream (rate = its calls per lifecycle × dossiers a month, spread
 * over the month or over office hours), and an invocation starts cold when
 * none came in the `keepWarmMinutes` before it (Lambda keeps an idle instance 5-10 minutes; one
 * instance per function, as at a province's traffic). The share of cold invocations is then
 * Σ calls × e^(−λT) / Σ calls. Groupings: what each function serves.
 */
export type Grouping = 'per route (as deployed)' | 'per area' | 'one for the API';
export const GROUPINGS: readonly Grouping[] = ['per route (as deployed)', 'per area', 'one for the API'];

/** When the calls come: over the whole month (an upper bound), or in office hours (22 days × 10 h), as most do. */
export const TRAFFIC = { 'whole month': 30 * 86_400, 'office hours': 22 * 10 * 3_600 } as const;
export type Traffic = keyof typeof TRAFFIC;

/** The handler module a lifecycle step ran: `POST /dossiers` → its route's, `consumer x` → its rule's. */
function handlerOf(step: string): { handler: string; http: boolean } | undefined {
  const consumer = /^consumer (.+)$/.exec(step)?.[1];
  if (consumer) {
    const rule = consumerRules.find((r) => r.id === consumer);
    return rule && { handler: rule.handler, http: false };
  }
  const [method, path] = step.split(' ');
  const route = routes.find((r) => r.method === method && r.path === path);
  return route && { handler: route.handler, http: true };
}

const area = (handler: string) => handler.split('/')[1] ?? handler;

function functionOf(grouping: Grouping, step: { handler: string; http: boolean }): string {
  if (grouping === 'per route (as deployed)') return step.handler;
  if (grouping === 'per area' || !step.http) return area(step.handler);
  return 'api';
}

export interface ColdStartFigure {
  grouping: Grouping;
  traffic: Traffic;
  dossiersPerMonth: number;
  keepWarmMinutes: number;
  functions: number;
  coldShare: number;
}

export function coldStartShare(lifecycle: LifecycleReport, grouping: Grouping, traffic: Traffic, dossiersPerMonth: number, keepWarmMinutes: number): ColdStartFigure {
  const callsPerLifecycle = new Map<string, number>();
  for (const step of lifecycle.steps) {
    const ran = handlerOf(step.name);
    if (!ran) continue;
    const fn = functionOf(grouping, ran);
    callsPerLifecycle.set(fn, (callsPerLifecycle.get(fn) ?? 0) + step.invocations);
  }
  let calls = 0;
  let cold = 0;
  for (const perLifecycle of callsPerLifecycle.values()) {
    const rate = (perLifecycle * dossiersPerMonth) / TRAFFIC[traffic];
    const n = perLifecycle * dossiersPerMonth;
    calls += n;
    cold += n * Math.exp(-rate * keepWarmMinutes * 60);
  }
  return { grouping, traffic, dossiersPerMonth, keepWarmMinutes, functions: callsPerLifecycle.size, coldShare: calls ? cold / calls : 0 };
}

/** Every grouping and traffic shape at each volume, with instances kept 10 and 5 minutes. */
export function coldStartTable(lifecycle: LifecycleReport, volumes: readonly number[]): ColdStartFigure[] {
  return GROUPINGS.flatMap((grouping) => (Object.keys(TRAFFIC) as Traffic[]).flatMap((traffic) => volumes.flatMap((volume) => [10, 5].map((minutes) => coldStartShare(lifecycle, grouping, traffic, volume, minutes)))));
}
