import { localPhone, normalEmail } from '../domain/contacts';
import type { IdentityProfile } from './profiles';

/** What the identity provider verified about the caller, read from the token through a profile. */
export interface VerifiedIdentity {
  /** Số định danh cá nhân (12 digits). */
  nationalId?: string;
  fullName?: string;
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  /** Verified phone, as `0xxxxxxxxx`. */
  phone?: string;
  /** Verified email, lower case. */
  email?: string;
  /** 0 when the token says nothing; 1 basic; 2 verified by face or fingerprint (VNeID level 2). */
  assurance: number;
  /** The organisation account's tax code (mã số thuế). */
  taxCode?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined);
/** HTTP API passes every claim as a string: `"true"` is true. */
const truthy = (value: unknown) => value === true || value === 'true';

/** `YYYY-MM-DD`, `YYYYMMDD` or `DD/MM/YYYY` → `YYYY-MM-DD`, only if it is a real calendar date. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ymd = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const iso = ymd ? `${ymd[1]}-${ymd[2]}-${ymd[3]}` : dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : undefined;
  if (!iso) return undefined;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function assuranceLevel(value: unknown): number {
  const match = /^(?:loa|ial)?\s*([0-9])$/i.exec(text(value) ?? '');
  return match ? Math.min(Number(match[1]), 4) : 0;
}

/**
 * The caller's verified identity from the JWT claims the authorizer checked. A value that is not
 * well formed is dropped rather than trusted; a contact counts only when the IdP verified it.
 */
export function identityFromClaims(profile: IdentityProfile, claims: Record<string, unknown>): VerifiedIdentity {
  const names = profile.claims;
  const nationalId = text(claims[names.nationalId]);
  const taxCode = text(claims[names.taxCode]);
  const verifiedPhone = names.phoneVerified ? truthy(claims[names.phoneVerified]) : true;
  const verifiedEmail = names.emailVerified ? truthy(claims[names.emailVerified]) : true;
  const email = verifiedEmail ? normalEmail(text(claims[names.email])) : undefined;
  const phone = verifiedPhone ? localPhone(text(claims[names.phone])) : undefined;
  const fullName = text(claims[names.fullName]);
  const birthDate = isoDate(text(claims[names.birthDate]));
  return {
    ...(nationalId && /^\d{12}$/.test(nationalId) ? { nationalId } : {}),
    ...(fullName && fullName.length <= 200 ? { fullName } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    assurance: assuranceLevel(claims[names.assurance]),
    ...(taxCode && /^\d{10}(-\d{3})?$/.test(taxCode) ? { taxCode } : {}),
  };
}
