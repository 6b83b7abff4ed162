import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES, esbuildOptions } from '../../infra/bundle/options';
import { currentNames, provisionStore } from '../support/local';

/**
 * The bundles CDK deploys (infra/bundle/options.ts: the credential chain replaced by an env-only
 * provider, event streams by a stub) still work against DynamoDB Local and the S3 emulator, run as
 * Lambda runs them: a fresh node importing the bundle, credentials in the environment.
 */
const root = resolve(__dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'motcua-bundle-test-'));

async function bundled(entry: string) {
  const outfile = join(outdir, entry.replace(/\W+/g, '-'), 'index.mjs');
  const result = await build({ ...esbuildOptions(resolve(root, entry), outfile, root), metafile: true });
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  return { file: outfile, inputs };
}

/**
 * Runs `handler(event)` of a bundle in a fresh node with only `env`; its answer, or the error it
 * threw. Asynchronously: s3rver may live in this very process (jest in band).
 */
async function invoke(file: string, event: unknown, env: Record<string, string>) {
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    try { process.stdout.write(JSON.stringify({ ok: await handler(${JSON.stringify(event)}, { awsRequestId: 'smoke', getRemainingTimeInMillis: () => 10000 }) })); }
    catch (error) { process.stdout.write(JSON.stringify({ error: { name: error.name, message: error.message } })); }`;
  const stdout = await new Promise<string>((done, fail) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'silent', ...env },
        encoding: 'utf8',
        timeout: 20_000,
      },
      (error, out, stderr) => (error ? fail(new Error(`bundle failed: ${stderr || error.message}`)) : done(out)),
    ),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(stdout) as { ok?: any; error?: { name: string; message: string } };
}

beforeAll(provisionStore);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test('the aliased modules are the ones bundled: no credential chain, no event-stream serde', async () => {
  const { inputs } = await bundled('functions/system/health.ts');
  for (const replacement of Object.values(BUNDLE_ALIASES)) expect(inputs).toContain(replacement.replace(/^\.\//, ''));
  const chain = inputs.filter((path) => /@aws-sdk\/credential-provider-(node|ini|sso|process|web-identity|http)|@smithy\/credential-provider-imds|@aws-sdk\/nested-clients|event-streams\/eventstream/.test(path));
  expect(chain).toEqual([]);
});

test('a bundled SDK takes its credentials from the environment, for DynamoDB Local and s3rver alike', async () => {
  const { file } = await bundled('test/infra/fixtures/sdk-smoke.ts');
  const names = currentNames();
  const event = { table: names.tableName, bucket: names.attachmentsBucket, dynamoDb: process.env.DYNAMODB_ENDPOINT!, s3: process.env.S3_ENDPOINT! };

  // s3rver accepts only the access key S3RVER: the answer proves which credentials signed.
  const answer = await invoke(file, event, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SESSION_TOKEN: 'session' });
  expect(answer.error).toBeUndefined();
  expect(answer.ok).toEqual({ note: 'Hồ sơ', body: 'giấy tờ', viaUrl: 'giấy tờ', signedWith: 'S3RVER' });

  // Without them it fails at once: no files, no instance metadata service, no STS to wait for.
  const bare = await invoke(file, event, {});
  expect(bare.error?.name).toBe('CredentialsProviderError');
  expect(bare.error?.message).toMatch(/environment variable credentials/); // the default chain says "from any providers"
});

test('a deployed handler, bundled, answers through DynamoDB Local and s3rver', async () => {
  const { file } = await bundled('functions/system/health.ts');
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: 'smoke.local' },
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'smoke',
      routeKey: 'GET /health',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
  const env = Object.fromEntries(
    ['TABLE_NAME', 'OUTBOX_TABLE_NAME', 'ATTACHMENTS_BUCKET', 'DOCUMENTS_BUCKET', 'EVENT_BUS_NAME', 'STAGE', 'DYNAMODB_ENDPOINT', 'S3_ENDPOINT'].map((name) => [name, process.env[name] ?? '']),
  );
  const answer = await invoke(file, event, { ...env, AWS_REGION: 'ap-southeast-1' });
  expect(answer.error).toBeUndefined();
  expect(answer.ok.statusCode).toBe(200);
  expect(JSON.parse(answer.ok.body)).toMatchObject({ status: 'ok', checks: { table: 'ok', buckets: 'ok' } });
});

test('the result-trust routes describe CAs with Node alone: no pkijs in their bundles', async () => {
  for (const entry of ['functions/agency/get-result-trust.ts', 'functions/agency/put-result-trust.ts']) {
    const { inputs } = await bundled(entry);
    expect(inputs.filter((path) => /node_modules\/(pkijs|asn1js)\//.test(path))).toEqual([]);
  }
});
