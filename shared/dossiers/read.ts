import * as z from 'zod';
import { cursorCodec } from '../domain/cursor';
import { NotFoundError } from '../domain/errors';
import { getProcedure } from '../store/catalogue';
import type { Caller } from '../http/caller';
import { verifiedId } from '../identity/profile';
import { findDossierByCode, getDossierWithHistory, listDossiersByOwner, listDossiersOfApplicant, type ApplicantCursor, type OwnerCursor } from '../store/dossiers';
import { statusCode } from '../domain/dossier-lifecycle';
import type { CitizenRequest } from './access';
import { dossierSummary, dossierView } from './view';

/** Reads: a citizen's own dossiers, those filed for them, and public tracking by code. */

/** The view of a dossier with its history (after a change, or for its owner). */
export async function loadView(id: string) {
  const found = await getDossierWithHistory(id);
  if (!found) throw new NotFoundError('There is no such dossier.');
  return dossierView(found.dossier, found.history);
}

/** GET /dossiers/{id}: 404 unless the caller owns it. */
export async function getMyDossier(request: CitizenRequest & { id: string }) {
  const found = await getDossierWithHistory(request.id);
  if (!found || found.dossier.ownerSub !== request.ownerSub) throw new NotFoundError('There is no such dossier.');
  return dossierView(found.dossier, found.history);
}

/** `[createdAt, id]` of the last dossier of the page; only ever read within the caller's own partition. */
const cursors = cursorCodec(z.tuple([z.string().max(40), z.string().regex(/^[\w-]{1,64}$/)]));
export const encodeCursor = (cursor: OwnerCursor) => cursors.encode([cursor.createdAt, cursor.id]);
export function decodeCursor(raw: string): OwnerCursor {
  const [createdAt, id] = cursors.decode(raw);
  return { createdAt, id };
}

/** GET /dossiers: the caller's dossiers, newest first. */
export async function listMyDossiers(request: CitizenRequest, query: { limit: number; cursor?: string }) {
  const page = await listDossiersByOwner(request.ownerSub, { limit: query.limit, ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}) });
  return { items: page.items.map(dossierSummary), ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
}

/** `[submittedAt, id]` of the last entry of the page, within the caller's own applicant partition. */
const applicantCursors = cursorCodec(z.tuple([z.string().max(40), z.string().regex(/^[\w-]{1,64}$/)]));

/**
 * GET /me/dossiers: every submitted dossier whose applicant is the caller's verified identity
 * number, newest submission first, whoever filed it: the caller, an agent under a mandate, the
 * one-stop desk or DVCQG. `mine` says whether the caller filed it (GET /dossiers/{id} has its actions).
 */
export async function listDossiersFiledForMe(caller: Caller, query: { limit: number; cursor?: string }) {
  const nationalId = verifiedId(caller);
  const after: ApplicantCursor | undefined = query.cursor ? (([submittedAt, id]) => ({ submittedAt, id }))(applicantCursors.decode(query.cursor)) : undefined;
  const page = await listDossiersOfApplicant(nationalId, { limit: query.limit, ...(after ? { after } : {}) });
  return {
    items: page.items.map((dossier) => ({ ...dossierSummary(dossier), channel: dossier.channel ?? 'online', mine: dossier.ownerSub === caller.sub })),
    ...(page.next ? { nextCursor: applicantCursors.encode([page.next.submittedAt, page.next.id]) } : {}),
  };
}

/**
 * GET /me/dossiers/{id}: one of them, as its applicant reads it; 404 for anyone else's (existence is
 * not leaked) and for a draft. Actions only for the one who filed it: the applicant of a desk dossier
 * follows it, the desk acts on it.
 */
export async function getDossierFiledForMe(caller: Caller, id: string) {
  const nationalId = verifiedId(caller);
  const found = await getDossierWithHistory(id);
  if (!found || found.dossier.applicant.nationalId !== nationalId || !found.dossier.submittedAt) throw new NotFoundError('There is no such dossier.');
  const view = dossierView(found.dossier, found.history);
  return { ...view, channel: found.dossier.channel ?? 'online', mine: found.dossier.ownerSub === caller.sub, allowedActions: found.dossier.ownerSub === caller.sub ? view.allowedActions : [] };
}

/** GET /tracking/{code}: procedure, status and appointment date; nothing personal. Drafts have no code. */
export async function trackDossier(code: string) {
  code = code.toUpperCase(); // agency codes are upper case; people type codes as they like
  const dossier = await findDossierByCode(code);
  if (!dossier) throw new NotFoundError('No dossier has this code.');
  const procedure = await getProcedure(dossier.procedureCode);
  return {
    code,
    procedure: { code: dossier.procedureCode, name: procedure?.name ?? dossier.procedureCode },
    status: dossier.status,
    statusCode: statusCode(dossier.status),
    ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}),
  };
}
