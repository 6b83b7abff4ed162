import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { ENV } from '../../shared/config';
import { PAYMENT_ENV } from '../../shared/payments/secrets';
import { routes } from '../routes';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { createGateway } from './gateway';
import { createLocalIssuer, type LocalIssuer } from './issuer';
import { startEventPipeline, type EventPipeline } from './event-pipeline';
import { dataDir } from './paths';
import { createVnpaySimulator, localVnpayEnv } from './payment-simulator';
import { createPaygovSimulator, localPaygovEnv, type PaygovSimulator } from './paygov-simulator';
import { createDvcqgSimulator, localDvcqgEnv, type DvcqgSimulator } from './dvcqg-simulator';
import { createPopulationSimulator, localPopulationEnv } from './population-simulator';
import { createBuckets, createTables, localNames } from './provision';
import { startS3Emulator, type S3Emulator } from './s3-emulator';

export interface LocalStackOptions {
  port?: number;
  /** Keep data under .data/ between runs (npm start); otherwise everything lives in memory or a temp dir. */
  persist?: boolean;
  /** Prefix of table and bucket names. */
  prefix?: string;
  /** Answer 503 STARTING to every API request until `markReady()` (npm start: until the demo data is in). */
  holdUntilReady?: boolean;
  /** Browser origins allowed by CORS; by default the dev stage's (infra/cors.ts). */
  corsOrigins?: readonly string[];
}

export interface LocalStack {
  url: string;
  issuer: LocalIssuer;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  names: ReturnType<typeof localNames>;
  events: EventPipeline;
  /** Opens the gateway held by `holdUntilReady`. */
  markReady(): void;
  /** The DVCQG simulator under /_simulator/dvcqg/ (infra/local/dvcqg-simulator.ts). */
  dvcqg: DvcqgSimulator;
  /** The PayGov simulator under /_simulator/paygov/ (infra/local/paygov-simulator.ts). */
  paygov: PaygovSimulator;
  stop(): Promise<void>;
}

/** Points the handlers' configuration (shared/config.ts) at the emulators. */
export function setLocalEnv(names: ReturnType<typeof localNames>, endpoints: { dynamoDb: string; s3: string }, stage = 'local') {
  process.env[ENV.tableName] = names.tableName;
  process.env[ENV.outboxTableName] = names.outboxTableName;
  process.env[ENV.attachmentsBucket] = names.attachmentsBucket;
  process.env[ENV.documentsBucket] = names.documentsBucket;
  process.env[ENV.eventBusName] = 'motcua-local';
  process.env[ENV.stage] = stage;
  process.env[ENV.dynamoDbEndpoint] = endpoints.dynamoDb;
  process.env[ENV.s3Endpoint] = endpoints.s3;
  process.env.AWS_REGION ??= 'ap-southeast-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/** A port nobody listens on now (the OS's choice), for a gateway whose URL must be known before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}

export function localClients(endpoints: { dynamoDb: string; s3: string }) {
  const region = 'ap-southeast-1';
  return {
    dynamoDb: new DynamoDBClient({ endpoint: endpoints.dynamoDb, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    s3: new S3Client({ endpoint: endpoints.s3, region, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' }),
  };
}

/**
 * The whole system on one machine: DynamoDB Local, the S3 emulator, the tables and buckets from
 * their declarations, the outbox → bus → consumers pipeline with the schedules, and the local HTTP
 * gateway over the real handlers.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const persist = options.persist ?? false;
  const scratch = persist ? undefined : mkdtempSync(join(tmpdir(), 'motcua-'));
  const dbPath = persist ? join(dataDir, 'dynamodb') : undefined;
  const s3Dir = persist ? join(dataDir, 's3') : join(scratch!, 's3');
  for (const dir of [dbPath, s3Dir]) if (dir) mkdirSync(dir, { recursive: true });

  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const dynamoDb: DynamoDbLocal = await startDynamoDbLocal({ dbPath });
    stoppers.push(() => dynamoDb.stop());
    const s3: S3Emulator = await startS3Emulator({ directory: s3Dir });
    stoppers.push(() => s3.stop());

    const names = localNames(options.prefix ?? 'motcua-local');
    const endpoints = { dynamoDb: dynamoDb.endpoint, s3: s3.endpoint };
    setLocalEnv(names, endpoints);
    const clients = localClients(endpoints);
    await createTables(clients.dynamoDb, names);
    await createBuckets(clients.s3, names);
    clients.dynamoDb.destroy();
    clients.s3.destroy();

    // The stage's settings that name this gateway are known before anything reads the configuration.
    const port = options.port || (await freePort());
    const url = `http://127.0.0.1:${port}`;
    process.env[ENV.paymentReturnUrl] ??= `${url}/payments/vnpay/return`;
    // The return page links back to the citizens' web app: a frontend's dev server unless one is set.
    process.env[ENV.frontendUrl] ??= 'http://localhost:5173';
    // The slips' QR verify links point at this gateway unless a public address is set.
    process.env[ENV.publicBaseUrl] ??= url;
    // The bus before the gateway: handlers read their configuration (incl. the bus endpoint) once.
    const events = await startEventPipeline({ dynamoDbEndpoint: dynamoDb.endpoint, outboxTableName: names.outboxTableName, runSchedules: true });
    stoppers.push(() => events.stop());

    const issuer = await createLocalIssuer(persist ? join(dataDir, 'jwt-signing-key.json') : undefined);
    // The VNPay simulator answers beside the API, so the whole level-4 path runs on this machine.
    const vnpay = simulatorCredentials(persist);
    const simulator: { handle?: ReturnType<typeof createVnpaySimulator> } = {};
    let ready = !options.holdUntilReady;
    // So does the DVCQG simulator: it forwards dossiers to the inbound route and takes the sync back.
    const national: { dvcqg?: DvcqgSimulator; paygov?: PaygovSimulator } = {};
    // So does the national population database's (prefill, guardianship).
    const population = createPopulationSimulator();
    const server: Server = createGateway({
      routes,
      issuer,
      ready: () => ready,
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      extras: [(req, res) => simulator.handle?.(req, res) ?? false, (req, res) => national.dvcqg?.handle(req, res) ?? false, (req, res) => national.paygov?.handle(req, res) ?? false, population],
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    stoppers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    Object.assign(process.env, localVnpayEnv(url, vnpay), localPopulationEnv(url));
    simulator.handle = createVnpaySimulator({ gatewayUrl: url, ...vnpay });
    const dvcqgSecret = localSecret(persist, 'dvcqg-simulator.json');
    Object.assign(process.env, localDvcqgEnv(url, dvcqgSecret));
    national.dvcqg = createDvcqgSimulator({ gatewayUrl: url, inboundSecret: dvcqgSecret });
    // And PayGov's (the national payment platform), for procedures or agencies that pay through it.
    const paygov = { partnerCode: 'MOTCUALC', secret: localSecret(persist, 'paygov-simulator.json') };
    Object.assign(process.env, localPaygovEnv(url, paygov));
    national.paygov = createPaygovSimulator({ gatewayUrl: url, ...paygov });

    // The one-click rating links' signing secret (shared/stats/rating-link.ts).
    process.env.RATING_LINK_SECRET ??= localSecret(persist, 'rating-links.json');

    return {
      url,
      issuer,
      dynamoDbEndpoint: dynamoDb.endpoint,
      s3Endpoint: s3.endpoint,
      names,
      events,
      markReady: () => {
        ready = true;
      },
      dvcqg: national.dvcqg,
      paygov: national.paygov!,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Local merchant credentials: `VNPAY_TMN_CODE` and `VNPAY_HASH_SECRET` when both are given (to test a
 * frontend or a tool against known ones); otherwise made on first start and kept in
 * `<data dir>/vnpay-simulator.json`, never in the repository.
 */
function simulatorCredentials(persist: boolean): { tmnCode: string; hashSecret: string } {
  const given = { tmnCode: process.env[PAYMENT_ENV.tmnCode], hashSecret: process.env[PAYMENT_ENV.hashSecret] };
  if (given.tmnCode && given.hashSecret) return { tmnCode: given.tmnCode, hashSecret: given.hashSecret };
  const file = join(dataDir, 'vnpay-simulator.json');
  if (persist && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { tmnCode: string; hashSecret: string };
  const credentials = { tmnCode: 'MOTCUALC', hashSecret: randomBytes(24).toString('hex') };
  if (persist) writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** A local shared secret (the DVCQG simulator's inbound secret): made on first start and kept in .data/, never in the repository. */
function localSecret(persist: boolean, fileName: string): string {
  const file = join(dataDir, fileName);
  if (persist && existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { secret: string }).secret;
  const secret = randomBytes(24).toString('hex');
  if (persist) writeFileSync(file, JSON.stringify({ secret }), { mode: 0o600 });
  return secret;
}
