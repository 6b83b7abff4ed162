import { identityFromClaims, type VerifiedIdentity } from '../identity/claims';
import { activeProfile } from '../identity/profiles';
import type { Role } from './contract';

/** Who is calling, from the JWT claims that the HTTP API authorizer verified. */
export interface Caller {
  sub: string;
  roles: readonly Role[];
  /** The agency an officer serves. */
  agencyId?: string;
  /**
   * Số định danh cá nhân, from a claim the identity provider verified (never from a request body):
   * who the caller is, for filing (shared/identity/authority.ts) and separation of duties.
   */
  nationalId?: string;
  /** Assurance level of the login: 0 unknown, 1 basic, 2 verified by face or fingerprint (VNeID level 2). */
  assurance: number;
  /** Everything else the identity provider verified: name, birth date, contacts, an organisation's tax code. */
  verified: Omit<VerifiedIdentity, 'nationalId' | 'assurance'>;
}

const ROLES: readonly Role[] = ['citizen', 'officer', 'admin'];

/**
 * HTTP API flattens array claims to a string like "[officer admin]"; Cognito puts groups in
 * `cognito:groups`, other issuers a `role` claim (or `custom:role`).
 */
function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') return undefined;
  const named = [...listClaim(claims?.role), ...listClaim(claims?.['custom:role']), ...listClaim(claims?.['cognito:groups'])];
  // No group and no role claim: a citizen (a Cognito user who signed up and confirmed, or anyone
  // VNeID logged in). Officers and admins are put in their group by an admin (issue 12 point 8).
  const roles = named.length === 0 ? (['citizen'] as const) : ROLES.filter((role) => named.includes(role));
  const agencyId = claims?.agencyId ?? claims?.['custom:agencyId'];
  const { nationalId, assurance, ...verified } = identityFromClaims(activeProfile(), claims ?? {});
  return {
    sub,
    roles,
    ...(typeof agencyId === 'string' && agencyId !== '' ? { agencyId } : {}),
    ...(nationalId ? { nationalId } : {}),
    assurance,
    verified,
  };
}
