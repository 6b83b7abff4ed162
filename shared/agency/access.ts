import type { Dossier, HistoryEntry } from '../domain/dossier';
import { NotFoundError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { getDossier } from '../store/dossiers';

export const isAdmin = (caller: Caller) => caller.roles.includes('admin');

/** Invariant 5: an officer sees only dossiers routed to the agency they serve; an admin sees any. */
export function officerMaySee(caller: Caller, dossier: Dossier): boolean {
  if (isAdmin(caller)) return true;
  return caller.roles.includes('officer') && dossier.routed === true && dossier.agencyId !== undefined && dossier.agencyId === caller.agencyId;
}

/** The dossier, if this officer may see it; otherwise 404, whether it exists or not. */
export async function dossierForOfficer(caller: Caller, id: string): Promise<Dossier> {
  const dossier = await getDossier(id);
  if (!dossier || dossier.status === 'DRAFT' || !officerMaySee(caller, dossier)) throw new NotFoundError('No such dossier in your agency.');
  return dossier;
}

/** Who acted, as the history records it. */
export function officerActor(caller: Caller): HistoryEntry['actor'] {
  return { sub: caller.sub, role: isAdmin(caller) ? 'admin' : 'officer', ...(caller.agencyId ? { agencyId: caller.agencyId } : {}) };
}
