import { ENV } from '../config';

/**
 * Identity profiles: which claims of the identity provider's token carry the citizen's identity.
 * Declared once and read by CDK (infra/stacks/stage.ts sets the JWT authorizer and the functions'
 * environment from it), by the local issuer and gateway (infra/local), and by the handlers
 * (shared/http/caller.ts). Pure TypeScript: no AWS here.
 *
 * - `cognito` (the default): our user pool. The identity number is the custom attribute
 *   `custom:nationalId`, which the app client cannot write: only an admin or a verification flow
 *   sets it (infra/stacks/auth.ts). Contacts count as verified when Cognito says so.
 * - `vneid`: VNeID / DVCQG single sign-on (../shared/NATIONAL-INTERFACES.md §3.1). The SSO helper
 *   maps the user-info payload (`SoDinhDanh`, `HoVaTen`, `NgayThangNamSinh`, `SoDienThoai`,
 *   `ThuDienTu`, `loAs`, `MaSoThue`) into the token it issues; the national IdP verified all of them.
 */

/** The claim names a profile reads. `*Verified` names a boolean claim; absent, the IdP vouches for the value itself. */
export interface ClaimNames {
  /** Số định danh cá nhân (12 digits). */
  nationalId: string;
  fullName: string;
  /** Date of birth: `YYYY-MM-DD`, `YYYYMMDD` or `DD/MM/YYYY`. */
  birthDate: string;
  phone: string;
  phoneVerified?: string;
  email: string;
  emailVerified?: string;
  /** Assurance level: `2`, `"2"` or `"LoA2"` (mức độ định danh). */
  assurance: string;
  /** An organisation account's tax code (mã số thuế): the caller is its legal representative. */
  taxCode: string;
}

export type ProfileName = 'cognito' | 'vneid';

export interface IdentityProfile {
  name: ProfileName;
  claims: ClaimNames;
}

export const PROFILES: Readonly<Record<ProfileName, IdentityProfile>> = {
  cognito: {
    name: 'cognito',
    claims: {
      nationalId: 'custom:nationalId',
      fullName: 'name',
      birthDate: 'birthdate',
      phone: 'phone_number',
      phoneVerified: 'phone_number_verified',
      email: 'email',
      emailVerified: 'email_verified',
      assurance: 'custom:assurance',
      taxCode: 'custom:taxCode',
    },
  },
  vneid: {
    name: 'vneid',
    claims: {
      nationalId: 'SoDinhDanh',
      fullName: 'HoVaTen',
      birthDate: 'NgayThangNamSinh',
      phone: 'SoDienThoai',
      email: 'ThuDienTu',
      assurance: 'loAs',
      taxCode: 'MaSoThue',
    },
  },
};

/** The functions' environment that selects the profile (set by CDK and by the local stack). */
export const IDENTITY_ENV = {
  profile: ENV.identityProfile,
  /** Optional JSON object overriding some claim names of the profile, e.g. `{"nationalId":"so_dinh_danh"}`. */
  claims: ENV.identityClaims,
} as const;

const CLAIM_KEYS: readonly (keyof ClaimNames)[] = ['nationalId', 'fullName', 'birthDate', 'phone', 'phoneVerified', 'email', 'emailVerified', 'assurance', 'taxCode'];
const CLAIM_NAME = /^[A-Za-z][\w:.-]{0,63}$/;

/** A profile with some claim names replaced; a bad name or key throws (at synth, or at cold start). */
export function resolveProfile(name: string | undefined, overrides?: string | Record<string, unknown>): IdentityProfile {
  const base = PROFILES[(name || 'cognito') as ProfileName];
  if (!base) throw new Error(`identity profile must be one of ${Object.keys(PROFILES).join(', ')}, got ${JSON.stringify(name)}`);
  const given = typeof overrides === 'string' ? (overrides.trim() ? (JSON.parse(overrides) as unknown) : {}) : (overrides ?? {});
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Error('identity claims must be a JSON object of claim names');
  const claims: ClaimNames = { ...base.claims };
  for (const [key, value] of Object.entries(given)) {
    if (!CLAIM_KEYS.includes(key as keyof ClaimNames)) throw new Error(`identity claims: unknown key ${key} (one of ${CLAIM_KEYS.join(', ')})`);
    if (typeof value !== 'string' || !CLAIM_NAME.test(value)) throw new Error(`identity claims: ${key} must be a claim name, got ${JSON.stringify(value)}`);
    (claims as unknown as Record<string, string>)[key] = value;
  }
  return { name: base.name, claims };
}

/** The environment that makes the functions read `profile`'s claims. */
export function profileEnv(profile: IdentityProfile): Record<string, string> {
  const overrides = Object.fromEntries(CLAIM_KEYS.filter((key) => profile.claims[key] !== PROFILES[profile.name].claims[key]).map((key) => [key, profile.claims[key] ?? '']));
  return { [IDENTITY_ENV.profile]: profile.name, ...(Object.keys(overrides).length ? { [IDENTITY_ENV.claims]: JSON.stringify(overrides) } : {}) };
}

let active: IdentityProfile | undefined;
/** The profile of this process, read once from its environment. */
export function activeProfile(env: NodeJS.ProcessEnv = process.env): IdentityProfile {
  active ??= resolveProfile(env[IDENTITY_ENV.profile], env[IDENTITY_ENV.claims]);
  return active;
}

/** Tests and the local stack switch profiles within one process. */
export function resetActiveProfile(): void {
  active = undefined;
}

/** What an identity provider asserts about a person, before it is named by a profile's claims. */
export interface AssertedIdentity {
  nationalId?: string;
  fullName?: string;
  birthDate?: string;
  phone?: string;
  email?: string;
  /** Assurance level 1 or 2 (VNeID level 2: verified by face or fingerprint). */
  assurance?: number;
  taxCode?: string;
}

/** The claims a token of `profile` carries for `identity` (used by the local issuer). */
export function claimsFor(profile: IdentityProfile, identity: AssertedIdentity): Record<string, string | number | boolean> {
  const { claims } = profile;
  const out: Record<string, string | number | boolean> = {};
  if (identity.nationalId) out[claims.nationalId] = identity.nationalId;
  if (identity.fullName) out[claims.fullName] = identity.fullName;
  if (identity.birthDate) out[claims.birthDate] = profile.name === 'vneid' ? identity.birthDate.replaceAll('-', '') : identity.birthDate;
  if (identity.phone) {
    out[claims.phone] = profile.name === 'cognito' ? identity.phone.replace(/^0/, '+84') : identity.phone;
    if (claims.phoneVerified) out[claims.phoneVerified] = true;
  }
  if (identity.email) {
    out[claims.email] = identity.email;
    if (claims.emailVerified) out[claims.emailVerified] = true;
  }
  if (identity.assurance !== undefined) out[claims.assurance] = profile.name === 'vneid' ? `LoA${identity.assurance}` : String(identity.assurance);
  if (identity.taxCode) out[claims.taxCode] = identity.taxCode;
  return out;
}
