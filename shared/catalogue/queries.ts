import { NotFoundError } from '../domain/errors';
import type { AdministrativeUnit, Agency, Procedure, Tier } from '../domain/procedure';
import { filterProcedures, paginate, type Page } from '../domain/search';
import { getAgency, getProcedure, getUnit, listAgencies, listProcedures, listUnits } from '../store/catalogue';
import { formTemplateExists, presignFormDownload, type PresignedUrl } from '../store/documents';
import type { ProcedureSummary } from '../contracts/catalogue';

/** Public catalogue reads (levels 1 and 2), all from the in-memory catalogue cache. */

export interface ProcedureSearch {
  q?: string;
  agency?: string;
  level?: number;
  tier?: Tier;
  cursor?: string;
  limit: number;
}

export async function searchProcedures(search: ProcedureSearch): Promise<Page<ProcedureSummary>> {
  let handledBy: { agencyKind: string; tier: Tier } | undefined;
  if (search.agency) {
    const agency = await getAgency(search.agency);
    const unit = agency && (await getUnit(agency.unitId));
    if (!agency || !unit) return { items: [] }; // an unknown agency handles nothing
    handledBy = { agencyKind: agency.kind, tier: unit.tier };
  }
  const found = filterProcedures(await listProcedures(), { q: search.q, level: search.level, tier: search.tier, handledBy });
  const result = paginate(found, (procedure) => procedure.code, search);
  return { ...result, items: result.items.map(summarise) };
}

const summarise = ({ code, name, nameEn, field, level, mode, tier, agencyKind, processingTime, fee, delivery }: Procedure): ProcedureSummary => ({
  code,
  name,
  ...(nameEn ? { nameEn } : {}),
  field,
  level,
  mode,
  tier,
  agencyKind,
  processingTime,
  fee,
  delivery,
});

/** An active procedure, or 404. */
export async function findProcedure(code: string): Promise<Procedure> {
  const procedure = await getProcedure(code);
  if (!procedure?.active) throw new NotFoundError(`No procedure with code ${code}.`);
  return procedure;
}

/** A presigned download of a procedure's form template (level 2); 404 until its file is uploaded. */
export async function formDownload(code: string, formId: string): Promise<PresignedUrl & { fileName: string; contentType: string }> {
  const procedure = await findProcedure(code);
  const form = procedure.forms.find((candidate) => candidate.id === formId);
  if (!form || !(await formTemplateExists(code, formId))) throw new NotFoundError(`Procedure ${code} has no form ${formId}.`);
  return { ...(await presignFormDownload(code, form)), fileName: form.fileName, contentType: form.contentType };
}

/** Children of a unit, or the top-level units (provinces) without a parent. */
export async function childUnits(parent: string | undefined, page: { cursor?: string; limit: number }): Promise<Page<AdministrativeUnit>> {
  if (parent && !(await getUnit(parent))) throw new NotFoundError(`No administrative unit ${parent}.`);
  const children = (await listUnits()).filter((unit) => unit.parentId === parent);
  return paginate(children, (unit) => unit.id, page);
}

export async function findAgencies(filter: { unit?: string; kind?: string; cursor?: string; limit: number }): Promise<Page<Agency>> {
  const agencies = (await listAgencies()).filter((agency) => (!filter.unit || agency.unitId === filter.unit) && (!filter.kind || agency.kind === filter.kind));
  return paginate(agencies, (agency) => agency.id, filter);
}
