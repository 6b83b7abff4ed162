import type { Dossier, HistoryEntry } from '../domain/dossier';
import { ForbiddenError, NotFoundError } from '../domain/errors';
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

/**
 * Invariant 9 (separation of duties): nobody acts as officer on a dossier they applied for, whether
 * from the same account or from another account of the same person (the identity number the identity
 * provider verified, compared with the applicant's). Seeing it is not acting: the view stays open.
 */
export function assertNotTheApplicant(caller: Caller, dossier: Dossier): void {
  // `nationalId` is the verified identity number once the identity provider gives one.
  const nationalId = (caller as Caller & { nationalId?: string }).nationalId;
  if (dossier.ownerSub === caller.sub || (nationalId !== undefined && nationalId === dossier.applicant.nationalId)) {
    throw new ForbiddenError('You applied for this dossier: another officer must act on it.', 'OWN_DOSSIER');
  }
}

/** Who acted, as the history records it. */
export function officerActor(caller: Caller): HistoryEntry['actor'] {
  return { sub: caller.sub, role: isAdmin(caller) ? 'admin' : 'officer', ...(caller.agencyId ? { agencyId: caller.agencyId } : {}) };
}
