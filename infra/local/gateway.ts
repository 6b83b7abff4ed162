import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { cors, DEV_ORIGINS } from '../cors';
import { routeKey, type Route } from '../routes';
import type { LocalIssuer } from './issuer';
import { projectRoot } from './paths';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

/** The HTTP API's hard payload limit; the handler applies its own, smaller one. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: Route;
  /** The route's path segments: a literal, `{name}` or a greedy `{name+}`. */
  segments: { literal?: string; param?: string; greedy?: boolean }[];
  /** Static segments outrank parameters, as in API Gateway's route selection. */
  rank: number;
}

function compile(route: Route): CompiledRoute {
  const parts = route.path.split('/').filter(Boolean);
  const segments = parts.map((segment) => {
    const param = /^\{(\w+)(\+)?\}$/.exec(segment);
    return param ? { param: param[1]!, greedy: param[2] === '+' } : { literal: segment };
  });
  const rank = parts.reduce((sum, segment, i) => sum + (segment.startsWith('{') ? 0 : 2 ** (16 - i)), 0);
  return { route, segments, rank };
}

/**
 * Matches decoded path segments. Segments are split on the raw path's slashes *before* decoding, as
 * API Gateway does: an encoded slash (`%2F`) stays inside its segment and never selects another route.
 */
function matchSegments(compiled: CompiledRoute, path: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < compiled.segments.length; i++) {
    const segment = compiled.segments[i]!;
    if (segment.greedy) {
      if (i >= path.length) return undefined;
      params[segment.param!] = path.slice(i).join('/');
      return params;
    }
    const value = path[i];
    if (value === undefined || value === '') return undefined;
    if (segment.literal !== undefined ? segment.literal !== value : false) return undefined;
    if (segment.param) params[segment.param] = value;
  }
  return compiled.segments.length === path.length ? params : undefined;
}

/** The raw path's segments, each decoded; undefined when an escape is malformed (API Gateway: 400). */
function pathSegments(rawPath: string): string[] | undefined {
  const trimmed = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
  try {
    return trimmed === '/'
      ? []
      : trimmed
          .split('/')
          .slice(1)
          .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

export interface GatewayOptions {
  routes: readonly Route[];
  issuer: LocalIssuer;
  /** Loads a route's handler; by default imports the module that CDK bundles for it. */
  loadHandler?: (route: Route) => Promise<Handler>;
  /** Origins allowed to call from a browser; by default the dev stage's (infra/cors.ts). */
  corsOrigins?: readonly string[];
  /**
   * False until the stack is ready (e.g. the demo data loaded on first start): until then every API
   * request, /health included, answers 503 with Retry-After, so nobody sees a half-seeded system.
   */
  ready?: () => boolean;
  /** Local-only pages served beside the API (e.g. the payment gateway simulator); each returns true when it answered. */
  extras?: readonly ((req: IncomingMessage, res: ServerResponse) => boolean)[];
  /** Sees every answer of a function before it is sent (the tests check it against the document: infra/local/response-check.ts). */
  onResponse?: (route: Route, pathParameters: Record<string, string>, response: { status: number; headers: Record<string, string | string[]>; body: string | Buffer | undefined }) => void;
  /** The throttles' clock in ms (Date.now by default): a test stops it to count a burst exactly, however loaded the machine. */
  throttleClock?: () => number;
}

async function importHandler(route: Route): Promise<Handler> {
  const module = (await import(resolve(projectRoot, route.handler))) as { handler: Handler };
  return module.handler;
}

/** How long an idle connection stays open: longer than any pause between two requests of a test or a bench. */
const KEEP_ALIVE_MS = 120_000;

/**
 * A local API Gateway HTTP API: the same route table, a JWT authorizer with the same rules
 * (signature against the JWKS, issuer, audience, expiry), payload format 2.0 in and out.
 */
export function createGateway(options: GatewayOptions): Server {
  const compiled = options.routes.map(compile).sort((a, b) => b.rank - a.rank);
  const origins = options.corsOrigins ?? DEV_ORIGINS;
  const handlers = new Map<Route, Promise<Handler>>();
  const load = options.loadHandler ?? importHandler;

  // The routes' own throttles (Route.throttle), as API Gateway applies them: a token bucket per route.
  const buckets = new Map<Route, { tokens: number; at: number }>();
  const takeToken = (route: Route): boolean => {
    if (!route.throttle) return true;
    const { rateLimit, burstLimit } = route.throttle;
    const nowMs = (options.throttleClock ?? Date.now)();
    const bucket = buckets.get(route) ?? { tokens: burstLimit, at: nowMs };
    bucket.tokens = Math.min(burstLimit, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * rateLimit);
    bucket.at = nowMs;
    buckets.set(route, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const server = createServer(async (req, res) => {
    try {
      await serve(req, res);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', action: 'gateway.failed', error: String(error) }));
      if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  // Node closes an idle keep-alive connection after 5 s and fetch keeps it for 5 s less its 2 s margin:
  // a loaded machine that stalls past the margin sends a request onto a socket the server is closing
  // ("other side closed"). API Gateway keeps idle connections far longer; so does this one.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const allowed = allowedOrigin(req.headers.origin, origins);
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) return send(res, 204, preflightHeaders(allowed));
    const cors = responseCorsHeaders(allowed);
    if (url.pathname === '/.well-known/jwks.json') return send(res, 200, { 'content-type': 'application/json', ...cors }, JSON.stringify(options.issuer.jwks));
    for (const extra of options.extras ?? []) if (extra(req, res)) return;
    if (options.ready && !options.ready()) {
      return send(
        res,
        503,
        { 'content-type': 'application/problem+json', 'retry-after': '2', ...cors },
        JSON.stringify({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          code: 'STARTING',
          detail: 'Hệ thống đang khởi động (đang nạp dữ liệu mẫu); vui lòng thử lại sau vài giây.',
        }),
      );
    }

    const segments = pathSegments(url.pathname);
    if (!segments) return send(res, 400, { 'content-type': 'application/json', ...cors }, JSON.stringify({ message: 'Bad Request' }));
    let match: CompiledRoute | undefined;
    let values: Record<string, string> | undefined;
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      values = matchSegments(candidate, segments);
      if (values) {
        match = candidate;
        break;
      }
    }
    if (!match || !values) return send(res, 404, { 'content-type': 'application/json', ...cors }, JSON.stringify({ message: 'Not Found' }));
    if (!takeToken(match.route)) return send(res, 429, { 'content-type': 'application/json', ...cors }, JSON.stringify({ message: 'Too Many Requests' }));

    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { 'content-type': 'application/json', ...cors }, JSON.stringify({ message: 'Request Entity Too Large' }));

    let claims: JWTPayload | undefined;
    if (Array.isArray(match.route.contract.access)) {
      claims = await authorize(req.headers.authorization);
      if (!claims) {
        return send(res, 401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer', ...cors }, JSON.stringify({ message: 'Unauthorized' }));
      }
    }

    const event = toEvent(req, url, match, values, body, claims);
    handlers.set(match.route, handlers.get(match.route) ?? load(match.route));
    const handler = await handlers.get(match.route)!;
    const context = { awsRequestId: event.requestContext.requestId, functionName: match.route.contract.operationId, getRemainingTimeInMillis: () => 29_000, callbackWaitsForEmptyEventLoop: false } as unknown as Context;

    let result: APIGatewayProxyStructuredResultV2 | string | undefined;
    try {
      result = await handler(event, context);
    } catch (error) {
      // A handler that throws past its own error handling: API Gateway answers a bare 500.
      console.error(JSON.stringify({ level: 'error', action: 'handler.crashed', route: routeKey(match.route), error: String(error) }));
      return send(res, 500, { 'content-type': 'application/json', ...cors }, JSON.stringify({ message: 'Internal Server Error' }));
    }
    const structured: APIGatewayProxyStructuredResultV2 =
      result && typeof result === 'object' && 'statusCode' in result ? result : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    const headers: Record<string, string | string[]> = { ...cors };
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
    const payload = structured.body === undefined ? undefined : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
    send(res, structured.statusCode ?? 200, headers, payload);
    // After the answer is sent, so that a check never delays it (timing tests, the routes' throttles).
    options.onResponse?.(match.route, values, { status: structured.statusCode ?? 200, headers, body: payload });
  }

  async function authorize(header: string | undefined): Promise<JWTPayload | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    try {
      return await options.issuer.verify(token);
    } catch {
      return undefined;
    }
  }
}

function toEvent(req: IncomingMessage, url: URL, match: CompiledRoute, pathParameters: Record<string, string>, body: Buffer, claims: JWTPayload | undefined): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = /^(application\/(.*\+)?json|text\/|application\/x-www-form-urlencoded)/i.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  const { method, path } = match.route;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: flattenClaims(claims ?? {}), scopes: [] } },
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual } : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** As the HTTP API does: arrays become "[a b]", numbers and booleans strings. */
function flattenClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request's origin if the stage allows it (API Gateway echoes the origin, never `*` with credentials). */
function allowedOrigin(origin: string | undefined, allowed: readonly string[]): string | undefined {
  if (!origin) return undefined;
  return allowed.includes('*') || allowed.includes(origin) ? origin : undefined;
}

function preflightHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': cors.allowHeaders.join(','),
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-max-age': String(cors.maxAgeSeconds),
    vary: 'origin',
  };
}

function responseCorsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': cors.exposeHeaders.join(','), vary: 'origin' };
}

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body?: string | Buffer) {
  res.writeHead(status, headers);
  res.end(body);
}
