/**
 * Which agency (cơ quan) is responsible for a dossier: pure, decided at submit and stored on the dossier.
 *
 * Default: the agency of the procedure's kind whose unit is the applicant's unit, or its ancestor, at
 * the procedure's tier (a commune procedure goes to the commune committee of the applicant's commune).
 * Routing rules (data, kept in the catalogue) override it, the most specific first:
 * procedure + unit > procedure > unit; between two rules of the same kind, the one whose unit is nearer
 * the applicant's wins. A rule naming an agency that no longer exists is skipped.
 */
import * as z from 'zod';
import { say } from './field-messages';
import type { AdministrativeUnit, Agency, Procedure } from './procedure';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, say('slug'));

/** An override: dossiers of `procedureCode` (any if absent) from `unitId` or below (anywhere if absent) go to `agencyId`. */
export const RoutingRule = z
  .object({
    procedureCode: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/)
      .optional(),
    unitId: Slug.optional(),
    agencyId: Slug,
  })
  .refine((rule) => rule.procedureCode !== undefined || rule.unitId !== undefined, { message: say('ruleScope'), path: ['procedureCode'] });
export type RoutingRule = z.infer<typeof RoutingRule>;

/** A rule's identity: one rule per (procedure, unit) scope, so storing a rule for a scope replaces the previous one. */
export const routingRuleId = (rule: Pick<RoutingRule, 'procedureCode' | 'unitId'>) => `${rule.procedureCode ?? '*'}#${rule.unitId ?? '*'}`;

export interface RoutingInput {
  procedure: Pick<Procedure, 'code' | 'tier' | 'agencyKind'>;
  /** The applicant's unit and its ancestors, nearest first. */
  unitChain: readonly AdministrativeUnit[];
  agencies: readonly Agency[];
  rules: readonly RoutingRule[];
}

/** The responsible agency, or undefined when none is found (the dossier is then received by the provincial centre). */
export function chooseAgency({ procedure, unitChain, agencies, rules }: RoutingInput): Agency | undefined {
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  const depth = (unitId: string) => unitChain.findIndex((unit) => unit.id === unitId);

  // Specificity: 2 = procedure + unit, 1 = procedure only, 0 = unit only; then the nearer unit.
  const candidates = rules
    .filter((rule) => byId.has(rule.agencyId))
    .filter((rule) => rule.procedureCode === undefined || rule.procedureCode === procedure.code)
    .filter((rule) => rule.unitId === undefined || depth(rule.unitId) >= 0)
    .map((rule) => ({
      rule,
      specificity: rule.procedureCode !== undefined && rule.unitId !== undefined ? 2 : rule.procedureCode !== undefined ? 1 : 0,
      distance: rule.unitId === undefined ? Number.MAX_SAFE_INTEGER : depth(rule.unitId),
    }))
    .sort((a, b) => b.specificity - a.specificity || a.distance - b.distance);
  const ruled = candidates[0];
  if (ruled) return byId.get(ruled.rule.agencyId);

  const unitAtTier = unitChain.find((unit) => unit.tier === procedure.tier);
  if (!unitAtTier) return undefined;
  // Several agencies of one kind on one unit is a data error; pick deterministically rather than fail.
  return agencies.filter((agency) => agency.kind === procedure.agencyKind && agency.unitId === unitAtTier.id).sort((a, b) => a.id.localeCompare(b.id))[0];
}
