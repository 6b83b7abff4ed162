import sjson from 'secure-json-parse';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../domain/errors';

/** API Gateway caps payloads at 10 MB; ours are forms, so anything past 256 KiB is refused early. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Parses a JSON body. secure-json-parse refuses `__proto__` and `constructor.prototype` keys, so a
 * hostile body cannot poison prototypes further down.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('Send the body as application/json.');
  }
  try {
    return sjson.parse(raw, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new MalformedJsonError('The body is not valid JSON (or carries a forbidden __proto__/constructor key).');
  }
}
