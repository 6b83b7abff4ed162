/**
 * The common signed-JSON webhook scheme (as Stripe and others use it), pure: header
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, several v1 allowed (secret rotation),
 * a timestamp tolerance against replays of old deliveries. Replays within the tolerance are
 * stopped by the store (one delivery per signature), not here.
 */
import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { sameDigest } from './vnpay';

export const SIGNATURE_HEADER = 'webhook-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export const hmacSha256 = (secret: string, data: string) => createHmac('sha256', secret).update(data, 'utf8').digest('hex');

/** The header a sender puts on `body` at `timestamp` (unix seconds). */
export function signatureHeader(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.${body}`)}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

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
  return { ok: true, timestamp, signature: matched.toLowerCase() };
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
