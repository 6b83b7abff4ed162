import { signatureHeader, verifySignatureHeader } from '../payments/signed-webhook';

/**
 * Signed webhooks to an agency's own system (hệ thống của cơ quan), in the common scheme:
 * header `Motcua-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The receiver
 * recomputes it with the shared secret, compares in constant time and rejects a `t` older than its
 * tolerance (5 minutes), so a captured request cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'motcua-signature';
export const EVENT_ID_HEADER = 'motcua-event-id';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The project's one signer of the common scheme (shared/payments/signed-webhook.ts), in the argument order agencies were given. */
export const signPayload = (secret: string, body: string, timestamp: number): string => signatureHeader(body, secret, timestamp);

/** For agencies (and tests): whether a signature header is valid for this body, now. */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  return verifySignatureHeader(header, body, secret, new Date(nowSeconds * 1000), toleranceSeconds).ok;
}

/** Where an agency wants its cases: an https URL (http only for localhost) and the shared secret. */
export interface WebhookTarget {
  agencyId: string;
  url: string;
  secret: string;
}

export interface DeliveryOptions {
  /** Attempts in this invocation before giving up (then the platform retries, then the DLQ). */
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  nowSeconds?: () => number;
}

/** A delivery that failed after its retries; thrown so that EventBridge retries it and then dead-letters it. */
export class WebhookDeliveryError extends Error {
  constructor(
    readonly agencyId: string,
    readonly status: number | undefined,
    attempts: number,
  ) {
    super(`Webhook of agency ${agencyId} failed after ${attempts} attempts${status ? ` (last status ${status})` : ''}`);
    this.name = 'WebhookDeliveryError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Statuses worth retrying: the receiver is busy or broken, not saying "no". */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * POSTs one event to an agency's webhook, signed afresh for each attempt, retrying network errors,
 * timeouts, 408, 429 and 5xx with exponential backoff and jitter. A 2xx is success. Anything else
 * after the last attempt (or at once, for another 4xx) throws WebhookDeliveryError.
 */
export async function deliverWebhook(target: WebhookTarget, body: string, eventId: string, options: DeliveryOptions = {}): Promise<{ attempts: number; status: number }> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await doFetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(target.secret, body, clock()), [EVENT_ID_HEADER]: eventId },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        redirect: 'manual',
      });
      lastStatus = response.status;
      await response.arrayBuffer().catch(() => undefined); // free the connection
      if (response.status >= 200 && response.status < 300) return { attempts: attempt, status: response.status };
      if (!retryable(response.status)) throw new WebhookDeliveryError(target.agencyId, response.status, attempt);
    } catch (error) {
      if (error instanceof WebhookDeliveryError) throw error;
      lastStatus = undefined; // network error or timeout: retry
    }
    if (attempt < attempts) await sleep(baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 2));
  }
  throw new WebhookDeliveryError(target.agencyId, lastStatus, attempts);
}
