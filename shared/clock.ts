/**
 * The current instant for use cases (receipt time, appointment dates, dossier-code days).
 *
 * TEST ONLY: `MOTCUA_FAKE_NOW` (an ISO 8601 instant) pins it, read on every call so that HTTP tests
 * can set it before a request. It is ignored inside AWS Lambda, so a stray variable cannot move a
 * deployed system's clock. Timeouts, TTLs and presigned-URL expiry keep using the real clock.
 */
export function now(): Date {
  const fake = process.env.MOTCUA_FAKE_NOW;
  if (!fake || process.env.AWS_LAMBDA_FUNCTION_NAME) return new Date();
  const pinned = new Date(fake);
  if (Number.isNaN(pinned.getTime())) throw new Error('MOTCUA_FAKE_NOW is not an ISO 8601 instant');
  return pinned;
}
