import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { cors } from '../../infra/cors';
import { createGateway } from '../../infra/local/gateway';
import { createLocalIssuer } from '../../infra/local/issuer';
import { routes } from '../../infra/routes';
import { provisionStore } from '../support/local';
import { launchBrowser } from '../support/browser';
import { applicant, birthRegistration, goodAnswers, seedCatalogue } from '../dossiers/support';
import { devContext, synth } from '../infra/support';
import { figures } from './support';

/**
 * A frontend in a real browser, on another origin, calls the local gateway the way the README
 * invites: its own x-correlation-id, an Idempotency-Key, a bearer token (so a preflight), and it
 * reads the exposed headers. The synthesized HTTP API declares the very same CORS lists, so what
 * passes here passes against AWS.
 */
let browser: Browser;
let page: Server;
let gateway: Server;
let origin: string;
let api: string;
let token: string;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

beforeAll(async () => {
  await provisionStore();
  await seedCatalogue();
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>frontend</title>');
  });
  origin = await listen(page);
  const issuer = await createLocalIssuer();
  token = await issuer.sign({ sub: 'citizen-browser', role: 'citizen', identity: { nationalId: applicant.nationalId } });
  gateway = createGateway({ routes, issuer, corsOrigins: [origin] });
  api = await listen(gateway);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([close(page), close(gateway)]);
});

describe('CORS, in a browser on another origin', () => {
  it('passes the preflight for every header a frontend sends, and reads every exposed header', async () => {
    const tab = await browser.newPage();
    await tab.goto(origin);
    const draft = { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', applicant, answers: goodAnswers };
    const seen = await tab.evaluate(
      async ({ api, token, draft }) => {
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'browser-key-1', 'x-correlation-id': 'browser-corr-1', 'accept-language': 'vi' };
        const body = JSON.stringify(draft);
        const first = await fetch(`${api}/dossiers`, { method: 'POST', headers, body });
        const again = await fetch(`${api}/dossiers`, { method: 'POST', headers, body });
        const list = await fetch(`${api}/dossiers`, { headers: { authorization: `Bearer ${token}`, 'x-correlation-id': 'browser-corr-2' } });
        return {
          first: { status: first.status, correlation: first.headers.get('x-correlation-id') },
          again: { status: again.status, replayed: again.headers.get('idempotent-replayed') },
          list: { status: list.status, correlation: list.headers.get('x-correlation-id') },
        };
      },
      { api, token, draft },
    );
    expect(seen.first).toEqual({ status: 201, correlation: 'browser-corr-1' });
    expect(seen.again).toEqual({ status: 201, replayed: 'true' });
    expect(seen.list).toEqual({ status: 200, correlation: 'browser-corr-2' });
    await tab.close();
  }, 60_000);

  it('refuses a foreign origin: the browser sees no response', async () => {
    const foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    const elsewhere = await listen(foreign);
    const tab = await browser.newPage();
    await tab.goto(elsewhere.replace('127.0.0.1', 'localhost'));
    const outcome = await tab.evaluate(
      async ({ api, token }) => {
        try {
          await fetch(`${api}/dossiers`, { headers: { authorization: `Bearer ${token}` } });
          return 'read';
        } catch {
          return 'blocked';
        }
      },
      { api, token },
    );
    expect(outcome).toBe('blocked');
    await tab.close();
    await close(foreign);
    figures('cors', { browserChecks: 2, foreignOriginsRead: outcome === 'read' ? 1 : 0 });
  }, 60_000);
});

describe('CORS, as CDK deploys it', () => {
  it('declares on the HTTP API the same methods, headers and exposed headers as the local gateway', () => {
    const { stateless } = synth(devContext);
    const [api] = Object.values(stateless.findResources('AWS::ApiGatewayV2::Api'));
    const corsConfiguration = (api as { Properties: { CorsConfiguration: Record<string, unknown> } }).Properties.CorsConfiguration;
    expect(corsConfiguration).toMatchObject({
      AllowHeaders: [...cors.allowHeaders],
      ExposeHeaders: [...cors.exposeHeaders],
      AllowMethods: [...cors.allowMethods],
      MaxAge: cors.maxAgeSeconds,
    });
  });
});
