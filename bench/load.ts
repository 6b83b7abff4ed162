import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { createGateway } from '../infra/local/gateway';
import { createLocalIssuer } from '../infra/local/issuer';
import { routes } from '../infra/routes';
import type { BenchStack } from './harness';
import { benchNationalId, PAPER, PAPER_SHA256 } from './harness';

export interface LoadResult {
  name: string;
  path: string;
  na?: string;
  requestsPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  requests?: number;
  non2xx?: number;
  errors?: number;
  durationS?: number;
}

export interface LoadReport {
  connections: number;
  endpoints: LoadResult[];
  rawDynamoDbWritesPerSecond: number;
  rawInFlight: number;
}

const has = (method: string, path: string) => routes.some((r) => r.method === method && r.path === path);

/** autocannon against the gateway, bounded by time and by count; resolves when it stops by itself. */
async function cannon(url: string, options: { connections: number; seconds: number; amount?: number; requests: autocannon.Request[] }) {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.amount ? { amount: options.amount } : {}),
    requests: options.requests,
    timeout: 10,
  });
  return {
    requestsPerSecond: result.requests.total / (result.duration || options.seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    durationS: result.duration,
  };
}

/** PutItem with `inFlight` requests outstanding on a scratch table without indexes or stream. */
async function rawWriteRate(stack: BenchStack, seconds: number, inFlight: number): Promise<number> {
  const TableName = `${stack.names.tableName}-scratch`;
  const client = stack.clients.dynamoDb;
  await client.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
  const payload = 'x'.repeat(600);
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await client.send(new PutItemCommand({ TableName, Item: { pk: { S: randomUUID() }, body: { S: payload } } }));
      count += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const rate = count / ((performance.now() - started) / 1000);
  await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  return rate;
}

async function json(response: Response) {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown> & { id: string; agencyId?: string; upload: { url: string; headers: Record<string, string> } }>;
}

/**
 * Requests/s and p99 through the local HTTP gateway (JWT verification, routing, the real handlers,
 * DynamoDB Local, the S3 emulator), beside the raw DynamoDB Local write rate of this run.
 */
export async function measureLoad(stack: BenchStack, options: { seconds: number; connections: number; submitDrafts: number; log: (line: string) => void }): Promise<LoadReport> {
  const issuer = await createLocalIssuer();
  const server: Server = createGateway({ routes, issuer });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const endpoints: LoadResult[] = [];
  try {
    const sub = 'bench-load-citizen';
    const token = await issuer.sign({ sub, role: 'citizen', identity: { nationalId: benchNationalId(sub) } });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', headers: { ...auth, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) }).then(json);
    const draft = (i: number) =>
      post('/dossiers', {
        procedureCode: 'DEMO-CT-TAM-TRU',
        unitId: 'xa-an-binh',
        applicant: { fullName: `Tải ${i}`, nationalId: benchNationalId(sub) },
        answers: { address: `Số ${i} Lê Lợi`, from: '2025-07-01', until: '2026-06-30' },
      });
    const ready = async (i: number) => {
      const { id } = await draft(i);
      for (const paperId of ['to-khai-ct01', 'cho-o-hop-phap']) {
        const { upload } = await post(`/dossiers/${id}/attachments`, { paperId, fileName: `${paperId}.pdf`, contentType: 'application/pdf', size: PAPER.length, sha256: PAPER_SHA256 });
        const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: PAPER });
        if (!put.ok) throw new Error(`upload ${put.status}`);
      }
      return id;
    };

    // Catalogue search.
    if (has('GET', '/procedures')) {
      endpoints.push({
        name: 'catalogue search',
        path: 'GET /procedures?q=dang%20ky',
        ...(await cannon(url, { connections: options.connections, seconds: options.seconds, requests: [{ method: 'GET', path: '/procedures?q=dang%20ky' }] })),
      });
    } else endpoints.push({ name: 'catalogue search', path: 'GET /procedures', na: 'n/a (not implemented yet)' });
    options.log('  load: catalogue search done');

    // GET dossier: one submitted dossier of the caller.
    const canSubmit = has('POST', '/dossiers') && has('POST', '/dossiers/{id}/attachments') && has('POST', '/dossiers/{id}/submit');
    if (canSubmit && has('GET', '/dossiers/{id}')) {
      const id = await ready(0);
      await post(`/dossiers/${id}/submit`, {});
      endpoints.push({
        name: 'get dossier',
        path: 'GET /dossiers/{id}',
        ...(await cannon(url, { connections: options.connections, seconds: options.seconds, requests: [{ method: 'GET', path: `/dossiers/${id}`, headers: auth }] })),
      });
    } else endpoints.push({ name: 'get dossier', path: 'GET /dossiers/{id}', na: 'n/a (not implemented yet)' });
    options.log('  load: get dossier done');

    // Submit: each request needs its own complete draft; they are prepared first (not timed).
    if (canSubmit) {
      const ids: string[] = [];
      const started = Date.now();
      for (let next = 1; next <= options.submitDrafts; next += 8) {
        ids.push(...(await Promise.all(Array.from({ length: Math.min(8, options.submitDrafts - next + 1) }, (_, k) => ready(next + k)))));
      }
      options.log(`  load: ${ids.length} drafts with papers prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      let cursor = 0;
      const measured = await cannon(url, {
        connections: options.connections,
        seconds: options.seconds,
        amount: ids.length,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const id = ids[cursor++ % ids.length]!;
              return { ...request, path: `/dossiers/${id}/submit`, headers: { ...auth, 'idempotency-key': randomUUID() }, body: '{}' };
            },
          },
        ],
      });
      endpoints.push({ name: 'submit', path: 'POST /dossiers/{id}/submit', ...measured });
    } else endpoints.push({ name: 'submit', path: 'POST /dossiers/{id}/submit', na: 'n/a (not implemented yet)' });
    options.log('  load: submit done');
  } finally {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }
  const rawInFlight = 32;
  const rawDynamoDbWritesPerSecond = await rawWriteRate(stack, 3, rawInFlight);
  return { connections: options.connections, endpoints, rawDynamoDbWritesPerSecond, rawInFlight };
}
