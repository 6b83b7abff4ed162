import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Role } from '../../shared/http/contract';
import { activeProfile, claimsFor, type AssertedIdentity } from '../../shared/identity/profiles';

/** The local stand-in for the OIDC provider (Cognito or the national eID): it signs and verifies tokens. */
export const LOCAL_ISSUER = 'motcua-local';
export const LOCAL_AUDIENCE = 'motcua-api';
const ALG = 'RS256';

export interface LocalIssuer {
  jwks: { keys: JWK[] };
  /** `identity` goes into the claims of the active identity profile (shared/identity/profiles.ts), as Cognito or VNeID would put it. */
  sign(claims: { sub: string; role?: Role; agencyId?: string; identity?: AssertedIdentity }, options?: { expiresIn?: string | number; audience?: string; issuer?: string }): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
}

/** Keys persist in `keyFile` (under .data/) so that `npm run token` and `npm start` agree; tests pass none. */
export async function createLocalIssuer(keyFile?: string): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: ALG };
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
  const jwks = { keys: [{ ...publicJwk, use: 'sig' }] };
  const privateKey = await importJWK(privateJwk, ALG);
  const keySet = createLocalJWKSet(jwks);
  return {
    jwks,
    sign: ({ sub, role, agencyId, identity }, options = {}) =>
      // No role: a user in no group, as Cognito issues for a citizen who signed up.
      new SignJWT({ ...(role ? { role, 'cognito:groups': [role] } : {}), ...(agencyId ? { agencyId } : {}), ...(identity ? claimsFor(activeProfile(), identity) : {}) })
        .setProtectedHeader({ alg: ALG, kid: privateJwk.kid })
        .setSubject(sub)
        .setIssuer(options.issuer ?? LOCAL_ISSUER)
        .setAudience(options.audience ?? LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '12h')
        .sign(privateKey),
    verify: (token) => verifyAsApiGateway(token, keySet),
  };
}

/**
 * The HTTP API JWT authorizer's rules: an RSA signature by the JWKS key the header's `kid` names (no
 * `kid`, no match), `iss` and `aud` as configured, `exp` present and in the future, `nbf` and `iat`
 * (when present) not in the future. API Gateway allows no clock skew that it documents; neither do we.
 */
async function verifyAsApiGateway(token: string, keySet: ReturnType<typeof createLocalJWKSet>): Promise<JWTPayload> {
  const header = decodeProtectedHeader(token);
  if (typeof header.kid !== 'string' || !header.kid) throw new Error('token has no kid');
  const { payload } = await jwtVerify(token, keySet, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['RS256', 'RS384', 'RS512'], requiredClaims: ['exp'] });
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) throw new Error('token issued in the future');
  return payload;
}
