import { hmacSha256 } from '../payments/signed-webhook';
import { sameDigest } from '../payments/vnpay';
import { readSecretJson } from '../store/secrets';

/**
 * The one-click rating link in the RETURNED notification: `/ratings/<dossierId>.<expires>.<sig>`,
 * `sig` the project's HMAC-SHA256 (shared/payments/signed-webhook.ts) of `rating-link.<dossierId>.<expires>`
 * under the `rating-links` secret. Unguessable without the secret, expiring, stateless: the rating
 * itself is stored once per dossier (a second is 409), so a link cannot be used twice either.
 */
export const RATING_LINK_DAYS = 30;
export const RATING_LINK_ENV = 'RATING_LINK_SECRET';

let cached: Promise<string> | undefined;
/** The signing secret: RATING_LINK_SECRET locally and in tests; the `rating-links` secret `{ secret }` on AWS stages. */
function linkSecret(): Promise<string> {
  const local = process.env[RATING_LINK_ENV];
  if (local) return Promise.resolve(local);
  cached ??= (async () => {
    const secret = ((await readSecretJson('rating-links')) as { secret?: unknown } | undefined)?.secret;
    if (typeof secret !== 'string' || secret.length < 16) throw new Error('secret rating-links lacks a secret of 16+ characters');
    return secret;
  })().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

const signed = (dossierId: string, expires: number) => `rating-link.${dossierId}.${expires}`;
export const RATING_TOKEN = /^([0-9a-f-]{36})\.(\d{9,11})\.([0-9a-f]{64})$/;

/** The link's token for a dossier returned at `returnedAt`: the same on every redelivery of the event. */
export async function ratingToken(dossierId: string, returnedAt: Date): Promise<string> {
  const expires = Math.floor(returnedAt.getTime() / 1000) + RATING_LINK_DAYS * 86_400;
  return `${dossierId}.${expires}.${hmacSha256(await linkSecret(), signed(dossierId, expires))}`;
}

export type LinkCheck = { ok: true; dossierId: string } | { ok: false; reason: 'forged' | 'expired' };

/** Checks a token in constant time, then its expiry: a forged one is refused whatever its date. */
export async function checkRatingToken(token: string, at: Date): Promise<LinkCheck> {
  const parts = RATING_TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'forged' };
  const [, dossierId, expires, signature] = parts as unknown as [string, string, string, string];
  if (!sameDigest(hmacSha256(await linkSecret(), signed(dossierId, Number(expires))), signature)) return { ok: false, reason: 'forged' };
  if (at.getTime() / 1000 > Number(expires)) return { ok: false, reason: 'expired' };
  return { ok: true, dossierId };
}
