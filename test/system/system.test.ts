import { provisionStore, startGateway, type TestGateway } from '../support/local';

let gateway: TestGateway;
beforeAll(async () => {
  await provisionStore();
  gateway = await startGateway();
});
afterAll(() => gateway.close());

describe('GET /health', () => {
  it('answers 200 when the table and the buckets answer', async () => {
    const res = await gateway.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { table: 'ok', buckets: 'ok' } });
  });
});

describe('GET /openapi.json', () => {
  it('documents every route of the route table as OpenAPI 3.1', async () => {
    const { routes } = await import('../../infra/routes');
    const res = await gateway.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const document = await res.json();
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.contract.operationId);
    }
  });
});
