import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local';
import { createBuckets, createTables, localNames } from '../infra/local/provision';
import { startS3Emulator, type S3Emulator } from '../infra/local/s3-emulator';
import { localClients, setLocalEnv } from '../infra/local/stack';
import { routes, type Route } from '../infra/routes';
import { activeProfile } from '../shared/identity/profiles';
import { BENCH_VNPAY, projectRoot } from './env';

/**
 * The bench's own emulators and tables (as test/support does): DynamoDB Local in memory, the S3
 * emulator in a temp dir, tables and buckets from the declarations under a `bench<id>` prefix.
 */
export interface BenchStack {
  dynamoDb: DynamoDbLocal;
  s3: S3Emulator;
  names: ReturnType<typeof localNames>;
  clients: ReturnType<typeof localClients>;
  stop(): Promise<void>;
}

let active: BenchStack | undefined;
/** Stops the emulators (java included) once, whoever asks first: the run's finally or a signal. */
export const stopActiveStack = async () => {
  const stack = active;
  active = undefined;
  await stack?.stop();
};

export async function startBenchStack(): Promise<BenchStack> {
  const scratch = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const dynamoDb = await startDynamoDbLocal();
    stoppers.push(() => dynamoDb.stop());
    const s3 = await startS3Emulator({ directory: join(scratch, 's3') });
    stoppers.push(() => s3.stop());
    const names = localNames(`bench${randomUUID().slice(0, 6)}`);
    const endpoints = { dynamoDb: dynamoDb.endpoint, s3: s3.endpoint };
    setLocalEnv(names, endpoints, 'local');
    process.env.VNPAY_TMN_CODE = BENCH_VNPAY.tmnCode;
    process.env.VNPAY_HASH_SECRET = BENCH_VNPAY.hashSecret;
    // Stage settings the lifecycle's handlers read (nothing is sent to these addresses).
    process.env.PUBLIC_BASE_URL ??= 'https://dichvucong.bench.invalid';
    process.env.PAYMENT_RETURN_URL ??= 'https://dichvucong.bench.invalid/payments/vnpay/return';
    process.env.VNPAY_PAY_URL ??= 'https://vnpay.bench.invalid/pay';
    process.env.VNPAY_QUERY_URL ??= 'https://vnpay.bench.invalid/querydr';
    process.env.RATING_LINK_SECRET ??= 'bench-rating-link-secret-0123456789';
    const clients = localClients(endpoints);
    stoppers.push(async () => {
      clients.dynamoDb.destroy();
      clients.s3.destroy();
    });
    await createTables(clients.dynamoDb, names);
    await createBuckets(clients.s3, names);
    active = { dynamoDb, s3, names, clients, stop };
    return active;
  } catch (error) {
    await stop();
    throw error;
  }
}

export type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

/** A route's handler, with the path parameters that select it when one route serves several paths. */
export interface Target {
  route: Route;
  handler: Handler;
  fixedParams?: Record<string, string>;
}

/**
 * The handler serving `method path`: the route itself, or a parameterised route that matches it
 * (e.g. `/agency/dossiers/{id}/receive` → `/agency/dossiers/{id}/{action}` with action=receive).
 * Undefined when no route serves it yet, or its handler file cannot be loaded.
 */
export async function routeHandler(method: string, path: string): Promise<Target | undefined> {
  const wanted = path.split('/');
  let fixedParams: Record<string, string> | undefined;
  let route = routes.find((r) => r.method === method && r.path === path);
  if (!route) {
    for (const candidate of routes.filter((r) => r.method === method)) {
      const segments = candidate.path.split('/');
      if (segments.length !== wanted.length) continue;
      const params: Record<string, string> = {};
      const fits = segments.every((segment, i) => {
        const w = wanted[i]!;
        if (segment === w) return true;
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (!name || w.startsWith('{')) return false;
        params[name] = w;
        return true;
      });
      if (fits) {
        route = candidate;
        fixedParams = params;
        break;
      }
    }
  }
  if (!route) return undefined;
  try {
    const module = (await import(resolve(projectRoot, route.handler))) as { handler?: Handler };
    return module.handler ? { route, handler: module.handler, ...(fixedParams ? { fixedParams } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

export const lambdaContext = (name: string) => ({ awsRequestId: randomUUID(), functionName: name, getRemainingTimeInMillis: () => 29_000, callbackWaitsForEmptyEventLoop: false }) as unknown as Context;

/** An HTTP API (payload 2.0) event, as the gateway and API Gateway build it. */
export function httpEvent(
  route: Route,
  options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; claims?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const params = options.params ?? {};
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString,
    headers: { host: 'bench.local', ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.params ? { pathParameters: params } : {}),
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'motcua-bench' },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: options.claims ?? {}, scopes: [] } },
    },
    ...(body ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Calls a handler in-process; a status outside `expect` is an error (the bench measures successes). */
export async function call(target: Target, options: Parameters<typeof httpEvent>[1] = {}, expect: readonly number[] = [200, 201]): Promise<Answer> {
  const params = target.fixedParams ? { ...options.params, ...target.fixedParams } : options.params;
  const result = await target.handler(httpEvent(target.route, { ...options, ...(params ? { params } : {}) }), lambdaContext(target.route.contract.operationId));
  const status = result?.statusCode ?? 200;
  const type = String(result?.headers?.['content-type'] ?? 'application/json');
  const json = result?.body && type.includes('json') ? JSON.parse(result.body) : result?.body;
  if (!expect.includes(status)) throw new Error(`${target.route.method} ${target.route.path} answered ${status}: ${String(result?.body).slice(0, 300)}`);
  return { status, json };
}

/** A bench citizen's verified identity number, derived from their sub: they file for themselves (shared/identity/authority.ts). */
export const benchNationalId = (sub: string) => String(BigInt(`0x${createHash('sha256').update(sub).digest('hex').slice(0, 15)}`) % 10n ** 12n).padStart(12, '0');
export const citizenClaims = (sub: string) => ({ sub, role: 'citizen', [activeProfile().claims.nationalId]: benchNationalId(sub) });
export const officerClaims = (agencyId: string) => ({ sub: `officer-${agencyId}`, role: 'officer', agencyId });

/** A minimal valid PDF: the papers the bench uploads. */
export const PAPER = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PAPER_SHA256 = createHash('sha256').update(PAPER).digest('base64');
