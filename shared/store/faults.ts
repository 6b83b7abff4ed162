/** Errors from AWS or the network that a retry may cure: the client gets 503 with Retry-After. */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
  'TransactionInProgressException',
  'TransactionConflictException',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

export function isTransientDependencyError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, code, $metadata, $retryable } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (TRANSIENT.has(name ?? '') || TRANSIENT.has(code ?? '') || $retryable) return true;
  const status = $metadata?.httpStatusCode ?? 0;
  return status >= 500 || status === 429;
}
