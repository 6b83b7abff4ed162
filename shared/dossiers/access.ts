import { NotFoundError } from '../domain/errors';
import type { Dossier, HistoryEntry } from '../domain/dossier';
import type { Caller } from '../http/caller';
import { getDossier } from '../store/dossiers';

/** What every citizen use case is told about its caller and request. */
export interface CitizenRequest {
  /** The caller's `sub`; only the owner may see or change a dossier. */
  ownerSub: string;
  correlationId?: string;
}

/** Where the applicant is chosen (create, edit, submit), who the caller is: their verified identity decides for whom they may file. */
export interface FilingRequest extends CitizenRequest {
  caller: Caller;
}

/** The caller's dossier, or 404 for a missing one and for another citizen's alike (existence is not leaked). */
export async function ownDossier(id: string, ownerSub: string): Promise<Dossier> {
  const dossier = await getDossier(id);
  if (!dossier || dossier.ownerSub !== ownerSub) throw new NotFoundError('There is no such dossier.');
  return dossier;
}

export const citizenActor = (sub: string): HistoryEntry['actor'] => ({ sub, role: 'citizen' });
