import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const token = (...args: string[]) =>
  spawnSync(join(root, 'node_modules/.bin/tsx'), ['infra/local/token.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MOTCUA_DATA_DIR: mkdtempSync(join(tmpdir(), 'token-')) } });

describe('npm run -s token', () => {
  it('answers --help with its usage, and a wrong option with the usage and exit code 2, never a stack trace', () => {
    const help = token('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run -s token -- \[--role citizen\|officer\|admin\]/);
    const wrong = token('--bogus');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--bogus'");
    expect(wrong.stderr).toContain('Usage:');
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    expect(token('--role', 'mayor').status).toBe(2);
  });

  it('prints a token for the role asked', () => {
    const issued = token('--role', 'officer', '--agency', 'so-tu-phap');
    expect(issued.status).toBe(0);
    const [, payload] = issued.stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({ role: 'officer', agencyId: 'so-tu-phap', sub: 'officer-demo' });
  });
});
