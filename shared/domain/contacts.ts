import { createHash } from 'node:crypto';

/**
 * Whom motcua may message (issue 12 point 7). A citizen types the applicant's phone and email, so a
 * message to them could reach a stranger. A contact is used only when one of these vouches for it:
 * - `idp`: the identity provider verified it (the caller's verified phone or email claim, VNeID or
 *   Cognito's `*_verified`), and the applicant's contact is that very one;
 * - `code`: the account confirmed it by typing back a code sent to it (POST /me/contacts);
 * - `source`: the dossier came from where the contact was vouched for: DVCQG (its accounts are VNeID
 *   accounts) or the one-stop desk (the officer took it from the applicant in person, or from the
 *   signed form they posted).
 * Every message also spends a quota per destination and per account (rate-limit.ts).
 */
export type ContactChannel = 'email' | 'sms';
export type ContactVouch = 'idp' | 'code' | 'source';

/** `+84912345678`, `84912345678` or `0912345678` → `0912345678`; anything else is not a phone. */
export function localPhone(value: string | undefined): string | undefined {
  const digits = value?.replace(/[\s.-]/g, '');
  if (!digits) return undefined;
  const local = digits.replace(/^\+?84/, '0');
  return /^0\d{9,10}$/.test(local) ? local : undefined;
}

/** An email in lower case, or undefined when it is not one. */
export function normalEmail(value: string | undefined): string | undefined {
  const email = value?.trim().toLowerCase();
  return email && /^[^@\s]{1,64}@[^@\s]{1,190}$/.test(email) ? email : undefined;
}

/** The same spelling for comparing and storing: emails lower case, phones as `0xxxxxxxxx`. */
export const normalContact = (channel: ContactChannel, address: string): string | undefined => (channel === 'email' ? normalEmail(address) : localPhone(address));

/** A destination's id in keys and counters: a hash, so no phone or email is ever a key. */
export const contactId = (channel: ContactChannel, address: string) =>
  createHash('sha256')
    .update(`${channel}:${normalContact(channel, address) ?? address}`)
    .digest('base64url')
    .slice(0, 32);

/** Which of the applicant's contacts the caller's identity provider verified. */
export function vouchedByIdp(applicant: { phone?: string; email?: string }, verified: { phone?: string; email?: string }): Partial<Record<ContactChannel, 'idp'>> {
  const same = (channel: ContactChannel, typed?: string, claim?: string) => typed !== undefined && claim !== undefined && normalContact(channel, typed) === normalContact(channel, claim);
  return {
    ...(same('email', applicant.email, verified.email) ? { email: 'idp' as const } : {}),
    ...(same('sms', applicant.phone, verified.phone) ? { sms: 'idp' as const } : {}),
  };
}

/** `0912345678` → `091****678`, `an@example.vn` → `a***@example.vn`: enough for its owner to recognise. */
export function maskContact(channel: ContactChannel, address: string): string {
  if (channel === 'sms') return address.length > 6 ? `${address.slice(0, 3)}****${address.slice(-3)}` : '****';
  const at = address.indexOf('@');
  return at > 0 ? `${address[0]}***${address.slice(at)}` : '***';
}

/** A confirmation code: 6 digits, valid CODE_MINUTES, CODE_ATTEMPTS tries. */
export const CODE_MINUTES = 15;
export const CODE_ATTEMPTS = 5;
