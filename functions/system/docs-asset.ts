import { getDocsAsset } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { docsAsset } from '../../shared/system/docs';

/** GET /docs/redoc.standalone.js: Redoc's bundle for the reference page, from this function's own bundle. */
export const handler = httpHandler(getDocsAsset, async () => ({
  status: 200,
  headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' },
  body: docsAsset(),
}));
