import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figures } from './support';

/**
 * `npm start` as a developer meets it: two stacks side by side, each with its own MOTCUA_DATA_DIR and
 * PORT; /health never says ok before the demo data is in; the VNPay simulator uses the merchant
 * credentials it is given, or makes its own in the data dir; SIGTERM leaves no java behind.
 */
jest.setTimeout(300_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** This worker's environment without what the test setup chose for the handlers in-process. */
const inherited = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VNPAY_|PAYMENT_|WEBHOOK_)/.test(name)));

interface Started {
  child: ChildProcess;
  dir: string;
  url: string;
  output: () => string;
}

async function start(env: Record<string, string> = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-data-'));
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    env: { ...inherited(), MOTCUA_DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, dir, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Polls /health until it answers 200; each answer before that must be a 503 STARTING (or no answer yet). */
async function untilHealthy(stack: Started): Promise<{ starting: number; other: string[] }> {
  const seen = { starting: 0, other: [] as string[] };
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (stack.child.exitCode !== null) throw new Error(`npm start exited: ${stack.output()}`);
    const response = await fetch(`${stack.url}/health`).catch(() => undefined);
    if (response?.status === 200) return seen;
    if (response?.status === 503 && ((await response.json()) as { code?: string }).code === 'STARTING') seen.starting++;
    else if (response) seen.other.push(String(response.status));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never healthy: ${stack.output()}`);
}

async function stop(stack: Started): Promise<void> {
  if (stack.child.exitCode === null) {
    const exited = new Promise((resolve) => stack.child.once('exit', resolve));
    stack.child.kill('SIGTERM');
    await exited;
  }
}

/** Java processes whose command line names this data dir (DynamoDB Local's -dbPath). */
const javaFor = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', `${dir}/dynamodb`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
};

const stacks: Started[] = [];
afterAll(async () => {
  for (const stack of stacks) {
    await stop(stack);
    rmSync(stack.dir, { recursive: true, force: true });
  }
});

describe('npm start', () => {
  it('runs two stacks side by side, each in its own data dir, healthy only once seeded', async () => {
    // One after the other (two JVMs starting at once overwhelm a 2-core machine), then both running.
    const generated = await start();
    stacks.push(generated);
    const first = await untilHealthy(generated);
    const given = await start({ VNPAY_TMN_CODE: 'GIVENTMN', VNPAY_HASH_SECRET: 'given-secret-0123456789abcdef' });
    stacks.push(given);
    const second = await untilHealthy(given);
    expect([...first.other, ...second.other]).toEqual([]);
    expect((await fetch(`${generated.url}/health`)).status).toBe(200); // the first still answers beside the second

    for (const stack of [generated, given]) {
      // The moment /health is ok, the demo province is there.
      const procedures = (await (await fetch(`${stack.url}/procedures?limit=100`)).json()) as { items: unknown[] };
      expect(procedures.items.length).toBeGreaterThanOrEqual(13);
      expect(readdirSync(stack.dir)).toEqual(expect.arrayContaining(['dynamodb', 's3', 'jwt-signing-key.json']));
    }
    // Generated merchant credentials live in the data dir; given ones are used and never written.
    expect(existsSync(join(generated.dir, 'vnpay-simulator.json'))).toBe(true);
    expect(existsSync(join(given.dir, 'vnpay-simulator.json'))).toBe(false);

    await Promise.all([stop(generated), stop(given)]);
    const leftover = javaFor(generated.dir) + javaFor(given.dir);
    expect(leftover).toBe(0);
    figures('local stack', { stacks: 2, healthyBeforeSeeded: 0, startingAnswers: first.starting + second.starting, javaLeft: leftover });
  });
});
