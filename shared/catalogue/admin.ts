import { internalStepErrors } from '../domain/internal-steps';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../domain/errors';
import { formSchemaErrors } from '../domain/form-schema';
import { AdministrativeUnit, Agency, FormTemplate, Procedure, type Tier } from '../domain/procedure';
import { getProcedure, getUnit, listAgencies, listUnits, putAgency, putProcedure, putUnit } from '../store/catalogue';
import { presignFormUpload, type PresignedUrl } from '../store/documents';
import { say } from '../domain/field-messages';

/**
 * Admin writes to the catalogue. The contracts' zod schemas check each field; these use cases check
 * what needs the rest of the catalogue or the form: a usable JSON Schema, fee rules that name form
 * fields, unique ids, existing units and agency kinds, a consistent unit tree.
 */

function rejectIf(errors: FieldError[], what: string): void {
  if (errors.length) throw new ValidationError(`The ${what} definition is invalid; see errors for each field.`, errors);
}

/** Creates or replaces a procedure; its form templates are kept. */
export async function saveProcedure(code: string, definition: Omit<Procedure, 'code' | 'forms'>): Promise<Procedure> {
  const errors = [...formSchemaErrors(definition.applicationForm)];
  if (!errors.length) errors.push(...feeRuleErrors(definition));
  errors.push(
    ...duplicates(
      definition.papers.map((paper) => paper.id),
      (i) => `body.papers.${i}.id`,
    ),
  );
  errors.push(...internalStepErrors(definition.internalSteps, definition.processingTime));
  if (!(await listAgencies()).some((agency) => agency.kind === definition.agencyKind)) {
    errors.push({ path: 'body.agencyKind', message: say('noAgencyOfKind', { kind: definition.agencyKind }), code: 'UNKNOWN_AGENCY_KIND' });
  }
  rejectIf(errors, 'procedure');
  const existing = await getProcedure(code);
  const procedure = Procedure.parse({ ...definition, code, forms: existing?.forms ?? [] });
  await putProcedure(procedure);
  return procedure;
}

/** Each fee rule must select on a field the application form declares, or it could never apply. */
function feeRuleErrors(definition: Pick<Procedure, 'fee' | 'applicationForm'>): FieldError[] {
  if (definition.fee.kind !== 'rules') return [];
  return definition.fee.rules.flatMap((rule, i) =>
    declaresField(definition.applicationForm, rule.field) ? [] : [{ path: `body.fee.rules.${i}.field`, message: say('formHasNoField', { field: rule.field }), code: 'UNKNOWN_FORM_FIELD' }],
  );
}

function declaresField(schema: Record<string, unknown>, path: string): boolean {
  let node: unknown = schema;
  for (const key of path.split('.')) {
    const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!properties || typeof properties !== 'object' || !(key in properties)) return false;
    node = properties[key];
  }
  return true;
}

function duplicates(ids: string[], pathOf: (i: number) => string): FieldError[] {
  return ids.flatMap((id, i) => (ids.indexOf(id) < i ? [{ path: pathOf(i), message: say('duplicateId', { id }), code: 'DUPLICATE_ID' }] : []));
}

export async function saveAgency(id: string, definition: Omit<Agency, 'id'>): Promise<Agency> {
  if (!(await getUnit(definition.unitId))) rejectIf([{ path: 'body.unitId', message: say('noUnit', { unit: definition.unitId }), code: 'UNKNOWN_UNIT' }], 'agency');
  // PayGov pays into the agency's beneficiary account (INIT's ThongTinBienLai): without one, no fee could be paid.
  if (definition.paymentProvider === 'paygov' && !definition.beneficiary) rejectIf([{ path: 'body.beneficiary', message: say('beneficiaryForPaygov'), code: 'BENEFICIARY_REQUIRED' }], 'agency');
  const holder = (await listAgencies()).find((agency) => agency.code === definition.code && agency.id !== id);
  // Dossier codes start with the agency code: two agencies with one code would issue the same dossier codes.
  if (holder) throw new ConflictError(`Agency code ${definition.code} is already used by ${holder.id}.`, 'AGENCY_CODE_TAKEN');
  const agency = Agency.parse({ ...definition, id });
  await putAgency(agency);
  return agency;
}

const TIER_DEPTH: Record<Tier, number> = { province: 0, district: 1, commune: 2 };

/** Creates or replaces a unit. Tiers strictly descend along the tree, which also rules out cycles. */
export async function saveUnit(id: string, definition: Omit<AdministrativeUnit, 'id'>): Promise<AdministrativeUnit> {
  const errors: FieldError[] = [];
  if (definition.parentId === undefined) {
    if (definition.tier !== 'province') errors.push({ path: 'body.parentId', message: say('parentRequired', { tier: definition.tier }), code: 'PARENT_REQUIRED' });
  } else {
    const parent = await getUnit(definition.parentId);
    if (!parent) errors.push({ path: 'body.parentId', message: say('noUnit', { unit: definition.parentId }), code: 'UNKNOWN_UNIT' });
    else if (TIER_DEPTH[parent.tier] >= TIER_DEPTH[definition.tier]) errors.push({ path: 'body.tier', message: say('tierUnder', { tier: definition.tier, parent: parent.tier }), code: 'TIER_ORDER' });
  }
  const child = (await listUnits()).find((unit) => unit.parentId === id && TIER_DEPTH[unit.tier] <= TIER_DEPTH[definition.tier]);
  if (child) errors.push({ path: 'body.tier', message: say('childTier', { child: child.id, tier: child.tier }), code: 'TIER_ORDER' });
  rejectIf(errors, 'unit');
  const unit = AdministrativeUnit.parse({ ...definition, id });
  await putUnit(unit);
  return unit;
}

/** Records a form template on a procedure (replacing one with the same id) and presigns the upload of its file. */
export async function publishFormTemplate(code: string, template: FormTemplate): Promise<{ form: FormTemplate; upload: PresignedUrl & { method: 'PUT'; headers: Record<string, string> } }> {
  const procedure = await getProcedure(code);
  if (!procedure) throw new NotFoundError(`No procedure with code ${code}.`);
  const form = FormTemplate.parse(template);
  const forms = [...procedure.forms.filter((existing) => existing.id !== form.id), form];
  if (forms.length > 20) throw new ValidationError('A procedure has at most 20 form templates.', [{ path: 'params.formId', message: say('tooManyForms') }]);
  await putProcedure({ ...procedure, forms });
  return { form, upload: { method: 'PUT', ...(await presignFormUpload(code, form)) } };
}
