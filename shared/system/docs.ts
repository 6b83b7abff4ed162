import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The API's reference page (GET /docs): Redoc's standalone bundle (npm `redoc`, pinned), served by
 * the API itself at DOCS_ASSET_PATH, reading GET /openapi.json: no CDN, nothing from elsewhere. In
 * Lambda the file sits beside the one bundle that serves it (copied by infra/stacks/function.ts);
 * elsewhere it is read from node_modules. Only that function carries it.
 */
export const DOCS_PACKAGE = 'redoc';
export const DOCS_FILE = 'bundles/redoc.standalone.js';
export const DOCS_ASSET_PATH = '/docs/redoc.standalone.js';
/** The function whose bundle carries the file. */
export const DOCS_ASSET_SERVERS: readonly string[] = ['functions/system/docs-asset.ts'];

/**
 * Scripts only from us (no inline script: Redoc starts from the <redoc> element); Redoc writes its
 * styles inline (styled-components) and runs its search in a blob: worker; it fetches the document
 * from this origin.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const DOCS_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>motcua API — tài liệu tham chiếu (API reference)</title>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<noscript>Trang này cần JavaScript. The machine-readable contract is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<script src="${DOCS_ASSET_PATH}"></script>
</body>
</html>
`;

let asset: string | undefined;
/** Redoc's standalone bundle, read once per process. */
export function docsAsset(): string {
  if (asset === undefined) {
    const taskRoot = process.env.LAMBDA_TASK_ROOT;
    const file = taskRoot ? join(taskRoot, 'docs', DOCS_FILE.split('/').pop()!) : createRequire(join(process.cwd(), 'package.json')).resolve(`${DOCS_PACKAGE}/${DOCS_FILE}`);
    asset = readFileSync(file, 'utf8');
  }
  return asset;
}
