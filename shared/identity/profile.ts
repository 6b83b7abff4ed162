import { now } from '../clock';
import type { Applicant } from '../domain/dossier';
import { ForbiddenError, UnprocessableError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { lookupsOf } from '../store/population-lookups';
import { lookUpCitizen } from './lookups';
import type { CitizenRecord } from './population';
import { say } from '../domain/field-messages';

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
      id,
      at,
      purpose,
      who: { role: who.role, ...(who.agencyId ? { agencyId: who.agencyId } : {}), self: who.sub === caller.sub },
      ...(dossierId ? { dossierId } : {}),
      ...(procedureCode ? { procedureCode } : {}),
      ...(outcome ? { outcome } : {}),
    })),
  };
}

/**
 * POST /dossiers without `applicant`: the caller, prefilled (issue 14). Name and addresses from the
 * population database (one audited lookup, purpose `prefill`, for this dossier), contacts from what
 * the identity provider verified (so they are vouched for). If the database is down, the verified
 * claims alone will do when they hold a name; else 503, to be retried.
 */
export async function callerAsApplicant(caller: Caller, dossierId: string, procedureCode: string, at = now()): Promise<Applicant> {
  const nationalId = caller.nationalId;
  if (!nationalId)
    throw new ForbiddenError('Your account has no verified identity number, so there is nothing to prefill: give the applicant, or log in with VNeID.', 'APPLICANT_NOT_CALLER', [
      { path: 'body.applicant', message: say('noVerifiedIdToPrefill') },
    ]);
  let record: CitizenRecord | undefined;
  try {
    record = await lookUpCitizen(
      caller,
      'prefill',
      {
        nationalId,
        ...(caller.verified.fullName ? { fullName: caller.verified.fullName } : {}),
        ...(caller.verified.birthDate ? { birthYear: Number(caller.verified.birthDate.slice(0, 4)) } : {}),
        dossierId,
        procedureCode,
      },
      at,
    );
  } catch (error) {
    if (!caller.verified.fullName) throw error;
  }
  const fullName = record?.fullName ?? caller.verified.fullName;
  if (!fullName) throw new UnprocessableError('The population database has no record of your identity number; give the applicant.', 'APPLICANT_NOT_FOUND', [{ path: 'body.applicant', message: say('noRecordToPrefill') }]);
  const address = record?.currentAddress ?? record?.permanentAddress;
  return {
    fullName,
    nationalId,
    ...(caller.verified.phone ? { phone: caller.verified.phone } : {}),
    ...(caller.verified.email ? { email: caller.verified.email } : {}),
    ...(address ? { address } : {}),
  };
}
