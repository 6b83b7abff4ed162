import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { operationCodes } from '../../shared/http/openapi';
import { routes } from '../routes';
import { projectRoot } from './paths';

/**
 * `npm run problems:index`: writes shared/system/problem-operations.ts, the operations of the
 * document and their problem codes, from the route table and the contracts (operationCodes).
 * test/system/problems.test.ts fails while the written file differs from what this would write.
 */
export const PROBLEM_INDEX_FILE = 'shared/system/problem-operations.ts';

export function problemIndexSource(): string {
  const rows = operationCodes(routes).map((operation) => `  ${JSON.stringify(operation).replace(/'/g, "\\'").replace(/"/g, "'")},`);
  return [
    '// Written by `npm run problems:index` (infra/local/problem-index.ts) from the route table and the contracts: do not edit.',
    "import type { OperationCodes } from '../http/openapi';",
    '',
    '/** Every operation of the OpenAPI document and its x-error-codes. */',
    'export const PROBLEM_OPERATIONS: readonly OperationCodes[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(projectRoot, 'infra/local/problem-index.ts')) {
  writeFileSync(resolve(projectRoot, PROBLEM_INDEX_FILE), problemIndexSource());
  console.log(`wrote ${PROBLEM_INDEX_FILE}`);
}
