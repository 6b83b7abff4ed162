import { routes } from '../../infra/routes';
import { errorCodesOf } from '../../shared/http/openapi';
import type { Contract } from '../../shared/http/contract';
import { useLocalWorld } from '../support/local';

const { gateway } = useLocalWorld();
let document: any;
beforeAll(async () => {
  document = await (await gateway.request('GET', '/openapi.json')).json();
});

/** Each route's operations in the document: one, or one per variant (the officers' actions). */
function operations(): { path: string; method: string; contract: Contract; operation: any }[] {
  return routes.flatMap(({ method, path, contract }) => {
    const entries = contract.variants ? Object.entries(contract.variants.contracts).map(([value, variant]) => ({ path: path.replace(`{${contract.variants!.param}}`, value), contract: variant })) : [{ path, contract }];
    return entries.map((entry) => ({ ...entry, method, operation: document.paths[entry.path]?.[method.toLowerCase()] }));
  });
}

const resolve = (node: any) =>
  node?.$ref
    ? node.$ref
        .split('/')
        .slice(1)
        .reduce((at: any, key: string) => at[key], document)
    : node;

describe('GET /health', () => {
  it('answers 200 when the table and the buckets answer', async () => {
    const res = await gateway.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { table: 'ok', buckets: 'ok' } });
  });
});

describe('GET /openapi.json', () => {
  it("documents every route of the route table as OpenAPI 3.1, the officers' actions one operation each", async () => {
    expect(document.openapi).toBe('3.1.0');
    for (const { path, method, contract, operation } of operations()) {
      expect([path, method, operation?.operationId]).toEqual([path, method, contract.operationId]);
    }
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.servers.length).toBeGreaterThan(0);
    expect(document.info).toMatchObject({ license: { name: expect.any(String) }, contact: { name: expect.any(String) } });
    expect(document.tags.map((tag: any) => tag.name).sort()).toEqual([...new Set(routes.map((route) => route.contract.tag))].sort());
  });

  it('lists, for every operation, the codes its contract declares and those of the HTTP stack', () => {
    for (const { path, contract, operation } of operations()) {
      const codes: string[] = operation['x-error-codes'];
      expect({ path, codes }).toEqual({ path, codes: expect.arrayContaining([...(contract.errorCodes ?? [])]) });
      expect(operation.responses['4XX']['x-error-codes']).toEqual(codes);
      if (contract.idempotent) expect({ path, codes }).toEqual({ path, codes: expect.arrayContaining(['IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS']) });
      if (Array.isArray(contract.access) && contract.access.length < 3) expect({ path, codes }).toEqual({ path, codes: expect.arrayContaining(['FORBIDDEN', 'UNAUTHENTICATED']) });
      if (contract.body) expect({ path, codes }).toEqual({ path, codes: expect.arrayContaining(['VALIDATION_FAILED', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE']) });
      expect(codes).toEqual(errorCodesOf(contract));
    }
  });

  it("documents the gateway's 401 as it really is, and every answer's headers", async () => {
    const unauthenticated = resolve(document.components.responses.Unauthenticated);
    const res = await gateway.request('GET', '/dossiers');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    const schema = resolve(unauthenticated.content['application/json'].schema);
    expect(Object.keys(body)).toEqual(schema.required);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    for (const { path, contract, operation } of operations()) {
      if (Array.isArray(contract.access)) expect(operation.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
      const success = operation.responses[String(contract.status ?? 200)];
      expect({ path, headers: Object.keys(success.headers) }).toEqual({
        path,
        headers: expect.arrayContaining(['x-correlation-id', ...(contract.idempotent ? ['idempotent-replayed'] : []), ...(contract.location ? ['Location'] : [])]),
      });
      expect(operation.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
      expect(resolve(operation.responses['503']).headers['Retry-After']).toBeDefined();
      if (contract.idempotent) expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    }
    expect(document.components.parameters.IdempotencyKey.schema).toEqual({ type: 'string', minLength: 1, maxLength: 128 });
  });

  it('names the shared schemas once and uses one schema for a dossier id on every route', () => {
    for (const name of ['Dossier', 'DossierSummary', 'OfficerDossier', 'Payment', 'Refund', 'Problem', 'GatewayError', 'Procedure', 'DossierStatus', 'HistoryAction', 'DossierId']) {
      expect(document.components.schemas[name]).toBeDefined();
    }
    expect(document.paths['/dossiers/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Dossier' });
    const dossierRoutes = operations().filter(({ path }) => /\/dossiers\/\{id\}/.test(path));
    expect(dossierRoutes.length).toBeGreaterThan(20);
    for (const { path, operation } of dossierRoutes) {
      expect({ path, id: operation.parameters.find((parameter: any) => parameter.name === 'id')?.schema }).toEqual({ path, id: { $ref: '#/components/schemas/DossierId' } });
    }
    // The status ↔ portal code table and the history's action names are in the document.
    expect(document.components.schemas.DossierStatus.description).toContain('RETURNED = 10');
    expect(document.components.schemas.HistoryAction.enum).toEqual(expect.arrayContaining(['create', 'route', 'receive', 'forward', 'remove-personal-data']));
  });

  it("gives each officer action its own body, and documents the payment gateways' query parameters and the bounds the server enforces", () => {
    const refuse = resolve(document.paths['/agency/dossiers/{id}/refuse'].post.requestBody.content['application/json'].schema);
    expect(refuse.required).toContain('reason');
    expect(refuse.additionalProperties).toBe(false);
    const transfer = resolve(document.paths['/agency/dossiers/{id}/transfer'].post.requestBody.content['application/json'].schema);
    expect(Object.keys(transfer.properties)).toEqual(expect.arrayContaining(['agencyId', 'reason', 'version', 'note']));
    expect(document.paths['/agency/dossiers/{id}/{action}']).toBeUndefined();
    const names = (path: string) => document.paths[path].get.parameters.map((parameter: any) => parameter.name);
    expect(names('/webhooks/vnpay/ipn')).toEqual(expect.arrayContaining(['vnp_TxnRef', 'vnp_Amount', 'vnp_ResponseCode', 'vnp_TransactionStatus', 'vnp_SecureHash']));
    expect(names('/payments/vnpay/return')).toEqual(expect.arrayContaining(['vnp_TxnRef', 'vnp_SecureHash', 'lang']));
    expect(names('/payments/paygov/return')).toEqual(expect.arrayContaining(['data', 'lang']));
    const level = document.paths['/procedures'].get.parameters.find((parameter: any) => parameter.name === 'level');
    expect(level.schema).toMatchObject({ minimum: 1, maximum: 4 });
  });
});

describe('request body examples', () => {
  it("gives every body an example the server accepts (the contract's, or its named schema's), in the document beside its schema", () => {
    const missing: string[] = [];
    for (const { path, method, contract, operation } of operations()) {
      if (!contract.body) continue;
      const content = operation.requestBody.content['application/json'];
      if (contract.example === undefined) {
        const examples: unknown[] | undefined = content.schema.examples ?? resolve(content.schema).examples;
        if (!examples) missing.push(`${method} ${path}`);
        for (const example of examples ?? []) {
          const parsed = contract.body.safeParse(example);
          expect({ path, errors: parsed.success ? [] : parsed.error.issues }).toEqual({ path, errors: [] });
        }
        continue;
      }
      expect(content.example).toEqual(contract.example);
      const parsed = contract.body.safeParse(contract.example);
      expect({ path, errors: parsed.success ? [] : parsed.error.issues }).toEqual({ path, errors: [] });
    }
    expect(missing).toEqual([]);
  });
});
