import { ForbiddenError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { lookupsOf } from '../store/population-lookups';
import { lookUpCitizen } from './lookups';

/** The caller's verified identity number, or 403 IDENTITY_NOT_VERIFIED. */
export function verifiedId(caller: Caller): string {
  if (!caller.nationalId) {
    throw new ForbiddenError('Your account has no verified identity number: log in with VNeID, or have it verified by the portal.', 'IDENTITY_NOT_VERIFIED');
  }
  return caller.nationalId;
}

/** GET /me/profile: what the IdP verified, and the population database's record (one audited lookup). */
export async function myProfile(caller: Caller) {
  const nationalId = verifiedId(caller);
  const { fullName, birthDate } = caller.verified;
  const record = await lookUpCitizen(caller, 'profile', { nationalId, ...(fullName ? { fullName } : {}), ...(birthDate ? { birthYear: Number(birthDate.slice(0, 4)) } : {}) });
  const { nationalId: _same, ...population } = record ?? { nationalId };
  return { identity: { nationalId, ...caller.verified, assurance: caller.assurance }, population: record ? population : null };
}

/** GET /me/lookups: who looked me up, without officers' ids. */
export async function myLookups(caller: Caller) {
  const nationalId = verifiedId(caller);
  const items = await lookupsOf(nationalId);
  return {
    items: items.map(({ id, at, who, purpose, dossierId, procedureCode, outcome }) => ({
      id, at, purpose,
      who: { role: who.role, ...(who.agencyId ? { agencyId: who.agencyId } : {}), self: who.sub === caller.sub },
      ...(dossierId ? { dossierId } : {}), ...(procedureCode ? { procedureCode } : {}), ...(outcome ? { outcome } : {}),
    })),
  };
}
