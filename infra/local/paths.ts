import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project root, found from the working directory (npm scripts and jest run there). Not from
 * the module's own path: this code runs both as ESM (tsx) and as CommonJS (jest).
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'motcua') return dir;
    if (dirname(dir) === dir) throw new Error('Run this from inside the motcua project');
  }
}

export const projectRoot = findRoot(process.cwd());
/**
 * Where `npm start`, `npm run seed` and `npm run token` keep the local stack's data (DynamoDB, S3,
 * the signing key, the simulators' credentials): `MOTCUA_DATA_DIR`, or `.data/` in the project.
 * Two stacks side by side each get their own (and their own `PORT`).
 */
export const dataDir = process.env.MOTCUA_DATA_DIR ? resolve(process.env.MOTCUA_DATA_DIR) : join(projectRoot, '.data');
