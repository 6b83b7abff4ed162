import { now } from '../clock';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { createLogger } from '../logger';
import { verifiedId } from './profile';
import { QUARANTINE_PREFIX } from '../store/buckets';
import { copyObject, deleteObjectQuietly, digestObject, inspectObject, paperScanner, presignPaperUpload } from '../store/attachments';
import { getProcedure } from '../store/catalogue';
import { getMandate, mandatesGivenBy, mandatesReceivedBy, saveMandate, type Mandate } from '../store/mandates';
import { say } from '../domain/field-messages';

/**
 * Mandates (ủy quyền): the principal, logged in with their own verified identity, lets an agent
 * file the listed procedures for them between two dates. The paper (văn bản ủy quyền) is uploaded
 * through a presigned PUT and verified before the mandate counts; the principal may revoke it at
 * any time, and a revoked or expired mandate stops counting at once, submit included.
 */

const log = createLogger({ service: 'motcua', useCase: 'identity.mandates' });

export interface MandateInput {
  agentNationalId: string;
  procedures: string[];
  validFrom: string;
  validUntil: string;
  paper: { fileName: string; contentType: string; size: number; sha256: string };
  note?: string;
}

/** What the API shows of a mandate. */
export function mandateView(mandate: Mandate) {
  const { id, version, status, principalNationalId, agentNationalId, procedures, validFrom, validUntil, note, createdAt, updatedAt, revokedAt } = mandate;
  const { fileName, contentType, size, sha256, verifiedAt } = mandate.paper;
  return {
    id,
    version,
    status,
    principalNationalId,
    agentNationalId,
    procedures,
    validFrom,
    validUntil,
    ...(note ? { note } : {}),
    paper: { fileName, contentType, size, sha256, ...(verifiedAt ? { verifiedAt } : {}) },
    createdAt,
    updatedAt,
    ...(revokedAt ? { revokedAt } : {}),
  };
}

/** POST /me/mandates: a mandate waiting for its paper, and the URL to upload it to. */
export async function giveMandate(caller: Caller, input: MandateInput, at = now()) {
  const principal = verifiedId(caller);
  if (input.agentNationalId === principal) throw new UnprocessableError('A mandate is given to someone else.', 'MANDATE_TO_SELF', [{ path: 'body.agentNationalId', message: say('ownIdentityNumber') }]);
  if (input.validUntil < input.validFrom) throw new UnprocessableError('validUntil is before validFrom.', 'MANDATE_DATES', [{ path: 'body.validUntil', message: say('onOrAfterValidFrom') }]);
  const unknown = [];
  for (const [i, code] of input.procedures.entries()) if (!(await getProcedure(code))) unknown.push({ path: `body.procedures.${i}`, message: say('noProcedure', { code }) });
  if (unknown.length) throw new UnprocessableError('Some procedures do not exist.', 'PROCEDURE_NOT_FOUND', unknown);

  const id = randomUUID();
  const objectKey = `${QUARANTINE_PREFIX}mandates/${id}/${randomUUID()}`;
  const stamp = at.toISOString();
  const mandate: Mandate = {
    id,
    version: 1,
    status: 'PENDING_PAPER',
    principalNationalId: principal,
    principalSub: caller.sub,
    agentNationalId: input.agentNationalId,
    procedures: [...new Set(input.procedures)],
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    paper: { ...input.paper, objectKey },
    ...(input.note ? { note: input.note } : {}),
    createdAt: stamp,
    updatedAt: stamp,
  };
  const upload = await presignPaperUpload({ objectKey, contentType: input.paper.contentType, size: input.paper.size, sha256: input.paper.sha256 });
  await saveMandate(mandate);
  log.info('mandate.given', { mandateId: id, procedures: mandate.procedures.length });
  return { mandate: mandateView(mandate), upload };
}

async function ownMandate(caller: Caller, id: string): Promise<Mandate> {
  const mandate = await getMandate(verifiedId(caller), id);
  if (!mandate) throw new NotFoundError('There is no such mandate.');
  return mandate;
}

/** POST /me/mandates/{id}/confirm: the uploaded paper is copied out of reach and checked; the mandate counts from then on. */
export async function confirmMandate(caller: Caller, id: string, at = now()) {
  const mandate = await ownMandate(caller, id);
  if (mandate.status === 'ACTIVE') return mandateView(mandate);
  if (mandate.status !== 'PENDING_PAPER') throw new ConflictError(`This mandate is ${mandate.status}.`, 'MANDATE_NOT_PENDING');
  const target = `mandates/${mandate.id}/paper`;
  if (!(await inspectObject(mandate.paper.objectKey))) {
    throw new UnprocessableError('The paper was not uploaded (or its upload expired).', 'PAPER_NOT_UPLOADED', [{ path: 'paper', message: say('paperNotUploaded') }]);
  }
  // Copied out of the client's reach first, then the copy is hashed: a re-upload cannot slip in between.
  await copyObject(mandate.paper.objectKey, target);
  const digest = await digestObject(target, undefined, paperScanner());
  if (digest?.threat) {
    await deleteObjectQuietly(target);
    throw new UnprocessableError(`The paper carries malware (${digest.threat}) and was refused.`, 'PAPER_INFECTED', [{ path: 'paper', message: say('paperInfected', { threat: digest.threat }), code: 'PAPER_INFECTED' }]);
  }
  if (!digest || digest.size !== mandate.paper.size || digest.sha256 !== mandate.paper.sha256) {
    await deleteObjectQuietly(target);
    throw new UnprocessableError('The uploaded paper does not match the declared size and SHA-256.', 'PAPER_CHECKSUM_MISMATCH', [{ path: 'paper', message: say('paperNotDeclared') }]);
  }
  const next: Mandate = { ...mandate, version: mandate.version + 1, status: 'ACTIVE', paper: { ...mandate.paper, objectKey: target, verifiedAt: at.toISOString() }, updatedAt: at.toISOString() };
  await saveMandate(next);
  log.info('mandate.active', { mandateId: id });
  return mandateView(next);
}

/** POST /me/mandates/{id}/revoke: from now on the agent may not file under it. */
export async function revokeMandate(caller: Caller, id: string, at = now()) {
  const mandate = await ownMandate(caller, id);
  if (mandate.status === 'REVOKED') return mandateView(mandate);
  const next: Mandate = { ...mandate, version: mandate.version + 1, status: 'REVOKED', revokedAt: at.toISOString(), updatedAt: at.toISOString() };
  await saveMandate(next);
  log.info('mandate.revoked', { mandateId: id });
  return mandateView(next);
}

/** GET /me/mandates: those I gave and those I received. */
export async function listMandates(caller: Caller) {
  const own = verifiedId(caller);
  const [given, received] = await Promise.all([mandatesGivenBy(own), mandatesReceivedBy(own)]);
  const newest = (a: Mandate, b: Mandate) => b.createdAt.localeCompare(a.createdAt);
  return { given: given.sort(newest).map(mandateView), received: received.sort(newest).map(mandateView) };
}
