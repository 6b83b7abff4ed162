/**
 * The signed-JSON webhook schemes we accept, pure. Both put an HMAC-SHA256 of the exact raw body in
 * the header `webhook-signature`, allow several signatures (secret rotation) and a timestamp
 * tolerance against replays of old deliveries; replays within it are stopped by the store (one
 * delivery each), not here.
 * - The common scheme (as Stripe and others use it): `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`.
 * - Standard Webhooks (standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` and
 *   `webhook-signature: v1,<base64 HMAC of "<id>.<timestamp>.<body>">` (space-separated list), the key
 *   being the base64 secret after its `whsec_` prefix; a delivery is identified by its `webhook-id`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { sameDigest } from './vnpay';

export const SIGNATURE_HEADER = 'webhook-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export const hmacSha256 = (secret: string, data: string) => createHmac('sha256', secret).update(data, 'utf8').digest('hex');

/** The header a sender puts on `body` at `timestamp` (unix seconds). */
export function signatureHeader(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.${body}`)}`;
}

export type SignatureCheck = { ok: true; timestamp: number; signature: string; scheme: 'signature-header' | 'standard-webhooks' } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

/** Checks a header against the exact raw body, in constant time, within `toleranceSeconds` of `now`. */
export function verifySignatureHeader(header: string | undefined, body: string, secret: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  const parts = header.split(',').map((part) => part.trim().split('=') as [string, string | undefined]);
  const timestamps = parts.filter(([name]) => name === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([name, value]) => name === 'v1' && value).map(([, value]) => value!);
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(timestamps[0]);
  const expected = hmacSha256(secret, `${timestamp}.${body}`);
  // Every candidate is compared, so the time does not tell which one matched.
  const matched = signatures.map((signature) => (sameDigest(expected, signature) ? signature : undefined)).find(Boolean);
  if (!matched) return { ok: false, reason: 'mismatch' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp, signature: matched.toLowerCase(), scheme: 'signature-header' };
}

export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';

/** The HMAC key of a Standard Webhooks secret: the base64 after `whsec_`. */
const standardKey = (secret: string) => Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');

/** The `webhook-signature` value a Standard Webhooks sender puts on `body` (for our own tests and simulators). */
export function standardSignature(id: string, timestamp: number, body: string, secret: string): string {
  return `v1,${createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`;
}

/** Whether these headers are a Standard Webhooks delivery (rather than the `t=…,v1=…` scheme). */
export const isStandardWebhook = (headers: Readonly<Record<string, string | undefined>>) =>
  headers[STANDARD_ID_HEADER] !== undefined || headers[STANDARD_TIMESTAMP_HEADER] !== undefined || /^v\d+[,]/.test(headers[SIGNATURE_HEADER] ?? '');

/**
 * Checks a Standard Webhooks delivery in constant time. The delivery id (what a replay repeats)
 * is the id; the signature is bound to it, so a replay under another id does not verify.
 */
export function verifyStandardWebhook(headers: Readonly<Record<string, string | undefined>>, body: string, secret: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  const id = headers[STANDARD_ID_HEADER];
  const rawTimestamp = headers[STANDARD_TIMESTAMP_HEADER];
  const header = headers[SIGNATURE_HEADER];
  if (!id || !/^[\x21-\x7e]{1,200}$/.test(id) || !rawTimestamp || !/^\d{1,12}$/.test(rawTimestamp) || !header) return { ok: false, reason: 'malformed' };
  const timestamp = Number(rawTimestamp);
  const expected = Buffer.from(standardSignature(id, timestamp, body, secret).slice(3), 'base64');
  const candidates = header
    .split(' ')
    .filter(Boolean)
    .map((entry) => entry.split(','))
    .filter(([version, value]) => version === 'v1' && value);
  if (candidates.length === 0) return { ok: false, reason: 'malformed' };
  // Every candidate is compared, so the time does not tell which one matched.
  const matched = candidates
    .map(([, value]) => {
      const given = Buffer.from(value!, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    })
    .some(Boolean);
  if (!matched) return { ok: false, reason: 'mismatch' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp, signature: `id:${id}`, scheme: 'standard-webhooks' };
}

/** The body our generic signed-webhook provider accepts. Amount in integer VND. */
export const PaymentWebhookBody = z.object({
  /** The sender's event id. */
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  data: z.object({
    /** Our payment id (the order reference we gave the gateway). */
    paymentId: z.string().min(1).max(100),
    amount: z.number().int().min(0),
    /** The gateway's transaction id. */
    providerRef: z.string().min(1).max(200),
    reason: z.string().max(500).optional(),
  }),
});
export type PaymentWebhookBody = z.infer<typeof PaymentWebhookBody>;
