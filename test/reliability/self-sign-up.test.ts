import { routes, routeKey, type Route } from '../../infra/routes';
import { useLocalWorld } from '../support/local';
import { seedCatalogue } from '../dossiers/support';
import { figures } from './support';

/**
 * Issue 12 point 8, the class: what a self-registered user's token (no group, no role claim, as
 * Cognito issues after confirmation, and as VNeID issues for anyone) may do. Every protected route
 * is tried with such tokens: a route open to citizens must never refuse them for their role, and a
 * route for officers or admins only must always refuse them. `gotThrough` counts either failure.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });

const fill = (path: string) => path.replace(/\{\w+\+?\}/g, '00000000-0000-4000-8000-000000000000');
const protectedRoutes = routes.filter((route): route is Route & { contract: { access: readonly string[] } } => Array.isArray(route.contract.access));

it('gives a confirmed self-registered user the citizen routes and nothing more', async () => {
  const tokens = [
    await gateway.issuer.sign({ sub: 'signed-up-cognito', identity: { email: 'moi@example.vn' } }),
    await gateway.issuer.sign({ sub: 'signed-up-verified', identity: { nationalId: '001099012345', assurance: 2 } }),
  ];
  let cases = 0;
  const gotThrough: string[] = [];
  for (const route of protectedRoutes) {
    const forCitizens = route.contract.access.includes('citizen');
    for (const token of tokens) {
      cases += 1;
      const res = await gateway.request(route.method, fill(route.path), { token, ...(route.method === 'GET' ? {} : { json: {} }), headers: { 'idempotency-key': `k-${cases}` } });
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
      const refusedForRole = res.status === 403 && body.code === 'FORBIDDEN';
      if (forCitizens ? refusedForRole || res.status === 401 : res.status !== 403) gotThrough.push(`${routeKey(route)} → ${res.status}`);
    }
  }
  figures('self sign-up', { routes: protectedRoutes.length, cases, citizenRoutes: protectedRoutes.filter((r) => r.contract.access.includes('citizen')).length, gotThrough: gotThrough.length });
  expect(gotThrough).toEqual([]);
});
