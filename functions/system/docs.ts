import { getDocs } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { DOCS_CSP, DOCS_HTML } from '../../shared/system/docs';

/** GET /docs: the API's reference page (Redoc, from this API), reading /openapi.json. */
export const handler = httpHandler(getDocs, async () => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DOCS_CSP, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
  body: DOCS_HTML,
}));
