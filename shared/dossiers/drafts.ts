import { randomUUID } from 'node:crypto';
import { callerAsApplicant } from '../identity/profile';
import { vouchedByIdp } from '../domain/contacts';
import { now } from '../clock';
import { ConflictError, UnprocessableError } from '../domain/errors';
import type { Applicant } from '../domain/dossier';
import { INITIAL_STATE } from '../domain/dossier-lifecycle';
import { acceptsOnlineSubmission, type DeliveryMethod, type Procedure } from '../domain/procedure';
import { getProcedure, getUnit } from '../store/catalogue';
import { deleteObjectQuietly, isQuarantined } from '../store/attachments';
import { commitDossierChange, deleteDraftItems } from '../store/dossiers';
import { authorizeFiling } from '../identity/authority';
import { citizenActor, ownDossier, type CitizenRequest, type FilingRequest } from './access';
import { changeDossier, expectVersion, firstVersion } from '../domain/dossier';
import { loadView } from './read';
import { say } from '../domain/field-messages';

/** Create, edit and delete drafts (hồ sơ nháp): no code, no deadline; answers are validated only at submit. */

type Delivery = { method: DeliveryMethod; address?: string };

export interface DraftInput {
  procedureCode: string;
  unitId: string;
  applicant: Applicant;
  answers: Record<string, unknown>;
  delivery?: Delivery;
}

/** The procedure, if citizens may submit it online. */
export async function onlineProcedure(code: string, path = 'body.procedureCode'): Promise<Procedure> {
  const procedure = await getProcedure(code);
  if (!procedure) throw new UnprocessableError(`There is no procedure ${code}.`, 'PROCEDURE_NOT_FOUND', [{ path, message: say('unknownProcedure') }]);
  if (!acceptsOnlineSubmission(procedure)) {
    throw new UnprocessableError(`Procedure ${code} does not accept online submission (level ${procedure.level}${procedure.active ? '' : ', inactive'}).`, 'PROCEDURE_NOT_ONLINE', [
      { path, message: say('notSubmittableOnline') },
    ]);
  }
  return procedure;
}

export async function checkUnit(unitId: string): Promise<void> {
  if (!(await getUnit(unitId))) throw new UnprocessableError(`There is no administrative unit ${unitId}.`, 'UNIT_NOT_FOUND', [{ path: 'body.unitId', message: say('unknownUnit') }]);
}

export function checkDelivery(procedure: Procedure, delivery: Delivery | undefined): void {
  if (delivery && !procedure.delivery.includes(delivery.method)) {
    throw new UnprocessableError(`This procedure delivers results by ${procedure.delivery.join(', ')}.`, 'DELIVERY_NOT_OFFERED', [
      { path: 'body.delivery.method', message: say('deliveryOneOf', { methods: procedure.delivery.join(', ') }) },
    ]);
  }
}

/** POST /dossiers: a new draft owned by the caller. */
export async function createDraft(request: FilingRequest, given: Omit<DraftInput, 'applicant'> & { applicant?: Applicant }, at = now()) {
  const procedure = await onlineProcedure(given.procedureCode);
  await checkUnit(given.unitId);
  checkDelivery(procedure, given.delivery);
  const id = randomUUID();
  // Without an applicant, the caller, prefilled from the population database (issue 14).
  const input: DraftInput = { ...given, applicant: given.applicant ?? (await callerAsApplicant(request.caller, id, procedure.code, at)) };
  const filing = await authorizeFiling({ caller: request.caller, applicant: input.applicant, procedure, dossierId: id }, at);
  const created = firstVersion(
    {
      ...INITIAL_STATE,
      id,
      procedureCode: procedure.code,
      ownerSub: request.ownerSub,
      applicant: input.applicant,
      contactsVouched: vouchedByIdp(input.applicant, request.caller.verified),
      filing,
      unitId: input.unitId,
      answers: input.answers,
      papers: [],
      // Fixed at submit, from the answers then given.
      fee: { amount: 0, state: 'NONE' },
      ...(input.delivery ? { delivery: input.delivery } : {}),
    },
    citizenActor(request.ownerSub),
    at,
  );
  await commitDossierChange({ ...created, events: [] });
  return loadView(created.dossier.id);
}

/** PATCH /dossiers/{id}: fields given replace the stored ones, on the version the client read. */
export async function updateDraft(request: FilingRequest & { id: string }, input: Partial<DraftInput> & { version: number }, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  if (dossier.status !== 'DRAFT') throw new ConflictError(`Only a draft can be edited; this dossier is ${dossier.status}.`, 'NOT_A_DRAFT');
  expectVersion(dossier, input.version);
  const procedure = await onlineProcedure(dossier.procedureCode, 'procedureCode');
  if (input.unitId !== undefined) await checkUnit(input.unitId);
  checkDelivery(procedure, input.delivery);
  const changed = (['unitId', 'applicant', 'answers', 'delivery'] as const).filter((field) => input[field] !== undefined);
  // A new applicant is a new "for whom": the authority is decided again.
  const filing = input.applicant
    ? { filing: await authorizeFiling({ caller: request.caller, applicant: input.applicant, procedure, dossierId: dossier.id }, at), contactsVouched: vouchedByIdp(input.applicant, request.caller.verified) }
    : {};
  await commitDossierChange({
    ...changeDossier(dossier, {
      action: 'edit',
      actor: citizenActor(request.ownerSub),
      at,
      set: { ...Object.fromEntries(changed.map((field) => [field, input[field]])), ...filing },
      ...(changed.length ? { note: `edited: ${changed.join(', ')}` } : {}),
    }),
    events: [],
  });
  return loadView(dossier.id);
}

/**
 * DELETE /dossiers/{id}: the owner throws a draft away (R17: personal data not kept without a
 * purpose). Only a draft (409 NOT_A_DRAFT: a submitted dossier is the agency's record); the delete is
 * conditional on the version read, so a submit racing with it wins or loses whole. The uploads left
 * in quarantine are removed at once rather than left to expire.
 */
export async function deleteDraft(request: CitizenRequest & { id: string; version?: number }) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  if (dossier.status !== 'DRAFT') throw new ConflictError(`Only a draft can be deleted; this dossier is ${dossier.status}.`, 'NOT_A_DRAFT');
  expectVersion(dossier, request.version);
  if (!(await deleteDraftItems(dossier))) throw new ConflictError('The dossier was changed by someone else; reload it and try again.', 'CONFLICT');
  // A paper reused from the document store is this draft's own copy (the stored original stays): it goes too.
  await Promise.all(dossier.papers.filter((paper) => isQuarantined(paper.objectKey) || paper.reused).map((paper) => deleteObjectQuietly(paper.objectKey)));
}
