import type { Role } from './contract';

/** Who is calling, from the JWT claims that the HTTP API authorizer verified. */
export interface Caller {
  sub: string;
  roles: readonly Role[];
  /** The agency an officer serves. */
  agencyId?: string;
}

const ROLES: readonly Role[] = ['citizen', 'officer', 'admin'];

/**
 * HTTP API flattens array claims to a string like "[officer admin]"; Cognito puts groups in
 * `cognito:groups`, other issuers a `role` claim (or `custom:role`).
 */
function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '') return [];
  return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') return undefined;
  const named = [...listClaim(claims?.role), ...listClaim(claims?.['custom:role']), ...listClaim(claims?.['cognito:groups'])];
  const roles = ROLES.filter((role) => named.includes(role));
  const agencyId = claims?.agencyId ?? claims?.['custom:agencyId'];
  return { sub, roles, ...(typeof agencyId === 'string' && agencyId !== '' ? { agencyId } : {}) };
}
