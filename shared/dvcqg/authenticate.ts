import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidSignatureError } from '../payments/errors';
import { verifySignatureHeader } from '../payments/signed-webhook';
import { now } from '../clock';
import { dvcqgSettings, type DvcqgSettings } from './settings';

/** Headers DVCQG (or the LGSP) signs its calls with. */
export const DVCQG_SIGNATURE_HEADER = 'dvcqg-signature';
export const DVCQG_KEY_HEADER = 'dvcqg-key';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks that an inbound call comes from DVCQG, before anything is read or written: an HMAC-SHA256
 * signature over `<t>.<raw body>` (5-minute tolerance; a replay inside it is harmless, the routes
 * being idempotent on the national codes), or, where the province's platform can only send a shared
 * key, that key. Both compared in constant time. Without a configured secret nothing is accepted.
 */
export function authenticateDvcqg(settings: DvcqgSettings, headers: Record<string, string | undefined>, rawBody: string, at: Date): void {
  const secret = settings.inbound.secret;
  if (!secret) throw new InvalidSignatureError('DVCQG inbound calls are not enabled on this stage.');
  if (settings.inbound.auth === 'key') {
    const given = headers[DVCQG_KEY_HEADER];
    // Digests of equal length, so the comparison's time tells nothing about the key's length either.
    if (!given || !timingSafeEqual(digest(given), digest(secret))) throw new InvalidSignatureError('The DVCQG key is missing or wrong.');
    return;
  }
  const check = verifySignatureHeader(headers[DVCQG_SIGNATURE_HEADER], rawBody, secret, at);
  if (!check.ok) throw new InvalidSignatureError(check.reason === 'stale' ? 'The signature is too old.' : 'The DVCQG signature is missing or wrong.', check.reason === 'stale' ? 'SIGNATURE_EXPIRED' : 'INVALID_SIGNATURE');
}

/** The same check as a handler option (shared/http/handler.ts): before the body is even parsed. */
export async function authenticateDvcqgRequest(request: { headers: Record<string, string | undefined>; rawBody: string }): Promise<void> {
  authenticateDvcqg(await dvcqgSettings(), request.headers, request.rawBody, now());
}
