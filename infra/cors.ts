/**
 * Cross-origin access for browser frontends, declared once: CDK configures the HTTP API's CORS
 * (infra/stacks/api.ts) and the local gateway answers preflights and exposes headers (infra/local/gateway.ts)
 * from these same lists, so a browser that works against `npm start` works against AWS.
 * Origins are per stage (context `corsOrigins`); these are what every stage allows of them.
 */
export const cors = {
  allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
  /** What a frontend may send: its token, JSON, idempotency keys, its own correlation id and language. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id', 'accept-language'],
  /** What a frontend may read: the correlation id to quote, where a creation lives, replays and back-off. */
  exposeHeaders: ['x-correlation-id', 'location', 'idempotent-replayed', 'retry-after'],
  maxAgeSeconds: 3600,
} as const;

/** Origins of a frontend on a developer's machine: the dev stage's default, and the local gateway's. */
export const DEV_ORIGINS: readonly string[] = ['http://localhost:3000', 'http://localhost:5173'];
