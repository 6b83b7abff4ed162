import { events } from '../../events/catalog';
import { now } from '../clock';
import { changeDossier, dossierRef, expectVersion, type Dossier } from '../domain/dossier';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { RoutingRule, routingRuleId } from '../domain/routing';
import type { Caller } from '../http/caller';
import { getAgency, listRoutingRules, putRoutingRule } from '../store/catalogue';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { listUnrouted, unroutedMarkerDelete } from '../store/inbox';
import { outboxEvent } from '../store/outbox';
import { officerActor } from '../agency/access';
import { AWAITING_ROUTING } from './router';
import { say } from '../domain/field-messages';

/** GET /admin/dossiers/unroutable: submitted dossiers no agency took, oldest first (gsi2, no scan). */
export const listUnroutableDossiers = (limit: number, cursor?: string) => listUnrouted(limit, cursor);

/**
 * POST /admin/dossiers/{id}/assign: an admin gives an unroutable dossier to an agency. It enters
 * that agency's inbox, leaves the admins' list, and dossier.routed is emitted, in one transaction.
 */
export async function assignDossier(caller: Caller, id: string, input: { agencyId: string; reason?: string; version?: number }, options: { correlationId?: string } = {}): Promise<Dossier> {
  const current = await getDossier(id);
  if (!current || current.status === 'DRAFT') throw new NotFoundError('No such dossier.');
  expectVersion(current, input.version);
  if (!AWAITING_ROUTING.includes(current.status) || current.routed) {
    throw new ConflictError('Only a submitted (or desk-received) dossier that no agency has yet can be assigned; transfer it instead.', 'ALREADY_ROUTED');
  }
  if (!(await getAgency(input.agencyId))) throw new UnprocessableError('No such agency.', 'UNKNOWN_AGENCY', [{ path: 'body.agencyId', message: say('notInCatalogue') }]);
  const at = now();
  const { dossier: next, history } = changeDossier(current, { action: 'route', actor: officerActor(caller), at, set: { agencyId: input.agencyId, routed: true }, note: input.reason ?? `assigned → ${input.agencyId}` });
  await commitDossierChange({
    dossier: next,
    history,
    events: [
      outboxEvent(
        events.dossierRouted,
        { ...dossierRef(next, caller.sub), agencyId: input.agencyId, ...(current.agencyId ? { previousAgencyId: current.agencyId } : {}), ...(input.reason ? { reason: input.reason } : {}) },
        { at, ...(options.correlationId ? { correlationId: options.correlationId } : {}) },
      ),
    ],
    alsoWrite: { unroutedMarker: unroutedMarkerDelete(id) },
  });
  return next;
}

/**
 * PUT /admin/routing-rules/{id}: stores an override of the default routing (procedure × unit →
 * agency). The id is the rule's scope (`<procedureCode|*>#<unitId|*>`), so the path must match the body.
 */
export async function saveRoutingRule(id: string, rule: RoutingRule): Promise<{ id: string; rule: RoutingRule }> {
  const parsed = RoutingRule.parse(rule);
  const expected = routingRuleId(parsed);
  if (id !== expected) throw new UnprocessableError(`This rule's id is ${expected}.`, 'ROUTING_RULE_ID_MISMATCH', [{ path: 'params.id', message: say('mustBe', { value: expected }) }]);
  if (!(await getAgency(parsed.agencyId))) throw new UnprocessableError('No such agency.', 'UNKNOWN_AGENCY', [{ path: 'body.agencyId', message: say('notInCatalogue') }]);
  await putRoutingRule(parsed);
  return { id, rule: parsed };
}

/** GET /admin/routing-rules: every rule (a small list, cached with the catalogue). */
export async function listRules(): Promise<{ items: { id: string; rule: RoutingRule }[] }> {
  const rules = await listRoutingRules();
  return { items: rules.map((rule) => ({ id: routingRuleId(rule), rule })).sort((a, b) => a.id.localeCompare(b.id)) };
}
