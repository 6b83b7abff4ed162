import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { createGateway } from '../../infra/local/gateway';
import { createLocalIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalIssuer } from '../../infra/local/issuer';
import { routes } from '../../infra/routes';
import { provisionStore } from '../support/local';
import { figures } from './support';

/**
 * The local gateway is exactly as strict as API Gateway's HTTP API and its JWT authorizer
 * (docs: http-api-jwt-authorizer): a token must name its key (`kid`), carry `exp`, and have no
 * `iat`/`nbf` in the future; paths are split on their raw slashes before decoding, so `%2F` never
 * selects another route, and a malformed escape is a 400, never a 5xx.
 */
let server: Server;
let url: string;
let issuer: LocalIssuer;
let privateJwk: JWK;
const keyDir = mkdtempSync(join(tmpdir(), 'motcua-gateway-'));

beforeAll(async () => {
  await provisionStore();
  const keyFile = join(keyDir, 'key.json');
  issuer = await createLocalIssuer(keyFile);
  privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  server = createGateway({ routes, issuer });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  rmSync(keyDir, { recursive: true, force: true });
});

/** A token signed by the stack's own key, shaped by `edit`: only the shape differs from a valid one. */
async function token(edit: (jwt: SignJWT) => SignJWT, header: Record<string, unknown> = { alg: 'RS256', kid: privateJwk.kid }) {
  const key = await importJWK(privateJwk, 'RS256');
  const jwt = new SignJWT({ role: 'citizen', 'cognito:groups': ['citizen'] })
    .setProtectedHeader(header as { alg: string })
    .setSubject('citizen-parity')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE);
  return edit(jwt).sign(key);
}

const now = () => Math.floor(Date.now() / 1000);
const get = (path: string, bearer?: string) => fetch(url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

describe('the local JWT authorizer, as API Gateway', () => {
  it('accepts a well-formed token, and refuses every token API Gateway refuses', async () => {
    const good = await token((jwt) => jwt.setIssuedAt().setExpirationTime('1h'));
    expect((await get('/dossiers', good)).status).toBe(200);

    const refused = {
      'no exp': await token((jwt) => jwt.setIssuedAt()),
      'no kid': await token((jwt) => jwt.setIssuedAt().setExpirationTime('1h'), { alg: 'RS256' }),
      'unknown kid': await token((jwt) => jwt.setIssuedAt().setExpirationTime('1h'), { alg: 'RS256', kid: 'someone-else' }),
      'iat in the future': await token((jwt) => jwt.setIssuedAt(now() + 600).setExpirationTime(now() + 3600)),
      'nbf in the future': await token((jwt) =>
        jwt
          .setIssuedAt()
          .setNotBefore(now() + 600)
          .setExpirationTime(now() + 3600),
      ),
      expired: await token((jwt) => jwt.setIssuedAt(now() - 7200).setExpirationTime(now() - 60)),
    };
    let through = 0;
    for (const [name, bad] of Object.entries(refused)) {
      const response = await get('/dossiers', bad);
      if (response.status !== 401) through++;
      expect({ name, status: response.status, body: await response.json() }).toEqual({ name, status: 401, body: { message: 'Unauthorized' } });
    }
    figures('gateway parity (tokens)', { cases: Object.keys(refused).length, gotThrough: through });
  });
});

describe('the local router, as API Gateway', () => {
  it('splits on raw slashes before decoding: %2F stays inside its segment', async () => {
    // /procedures/{code}: an encoded slash is part of the code, so the forms route is not selected;
    // getProcedure receives the whole decoded value as `code` and refuses its shape.
    const encoded = await get('/procedures/1.001193%2Fforms%2Fto-khai');
    expect(encoded.status).toBe(400);
    expect(((await encoded.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['params.code']);
    // Without the encoding the same characters select the forms route (and find no such procedure either).
    const plain = await get('/procedures/1.001193/forms/to-khai');
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-type')).toContain('problem+json');
  });

  it('answers a malformed percent-escape with 400, on every kind of route', async () => {
    const paths = ['/procedures/%E0%A4%A', '/dossiers/%ZZ', '/tracking/%', '/agency/dossiers/%C3%28', '/admin/routing-rules/%u0041'];
    let through = 0;
    for (const path of paths) {
      const response = await get(path);
      if (response.status !== 400) through++;
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
    figures('gateway parity (paths)', { cases: paths.length, gotThrough: through });
  });
});
