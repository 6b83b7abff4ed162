import { consumerRules, schedules } from '../events/rules';
import { routes } from './routes';

/** The function that carries the outbox table's stream to the bus: neither a route nor a rule. */
export const PUBLISHER_HANDLER = 'functions/events/publish.ts';

/** Every function CDK deploys, by handler file, with what invokes it: routes, consumers, schedules, the outbox publisher. */
export function deployedHandlers(): Map<string, string[]> {
  const handlers = new Map<string, string[]>();
  const add = (handler: string, usedBy: string) => handlers.set(handler, [...(handlers.get(handler) ?? []), usedBy]);
  for (const route of routes) add(route.handler, `${route.method} ${route.path}`);
  for (const rule of consumerRules) add(rule.handler, `rule ${rule.id}`);
  for (const schedule of schedules) add(schedule.handler, `schedule ${schedule.id}`);
  add(PUBLISHER_HANDLER, 'outbox publisher');
  return handlers;
}
