import { routes } from '../../infra/routes';
import { getOpenApi } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { buildOpenApi } from '../../shared/http/openapi';
import { ok } from '../../shared/http/response';

let document: unknown;

/** GET /openapi.json: generated from the route table, once per cold start. */
export const handler = httpHandler(getOpenApi, async () => {
  document ??= buildOpenApi(routes);
  return ok(document, { 'cache-control': 'public, max-age=300' });
});
