import { seedCatalogue } from '../../infra/local/seed-data';
import { demoProcedures } from '../../infra/local/seed-data/procedures';
import { useLocalWorld } from '../support/local';

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let admin: string;
let citizen: string;
let officer: string;
beforeAll(async () => {
  admin = await gateway.token('admin');
  citizen = await gateway.token('citizen');
  officer = await gateway.token('officer', { agencyId: 'ubnd-xa-an-binh' });
});

const { code: _code, forms: _forms, ...birth } = demoProcedures.find((p) => p.code === '1.001193')!;
const pathsOf = async (res: Response) => ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();

const writes: [string, string, unknown][] = [
  ['PUT', '/admin/procedures/DEMO-NEW', birth],
  ['PUT', '/admin/agencies/new-agency', { code: 'NEWAG', name: 'x', unitId: 'tinh-demo', kind: 'justice-department' }],
  ['PUT', '/admin/units/new-unit', { name: 'x', tier: 'commune', parentId: 'tinh-demo' }],
  ['POST', '/admin/procedures/1.001193/forms/x/upload-url', { name: 'x', fileName: 'x.pdf', contentType: 'application/pdf' }],
];

describe('admin writes', () => {
  it.each(writes)('%s %s: 401 without a token, 403 for a citizen or an officer', async (method, path, json) => {
    expect((await gateway.request(method, path, { json })).status).toBe(401);
    expect((await gateway.request(method, path, { token: citizen, json })).status).toBe(403);
    expect((await gateway.request(method, path, { token: officer, json })).status).toBe(403);
  });
});

describe('PUT /admin/procedures/{code}', () => {
  it('creates a procedure that the public catalogue then finds, keeping its form templates on update', async () => {
    const created = await gateway.request('PUT', '/admin/procedures/DEMO-NEW', { token: admin, json: { ...birth, name: 'Đăng ký lại khai sinh' } });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ code: 'DEMO-NEW', name: 'Đăng ký lại khai sinh', forms: [] });
    const found = await (await gateway.request('GET', '/procedures?q=dang%20ky%20lai')).json();
    expect(found.items.map((p: { code: string }) => p.code)).toEqual(['DEMO-NEW']);

    const updated = await gateway.request('PUT', '/admin/procedures/1.001193', { token: admin, json: { ...birth, processingTime: { amount: 2, unit: 'working-days' } } });
    expect(await updated.json()).toMatchObject({ processingTime: { amount: 2 }, forms: [{ id: 'to-khai-khai-sinh' }] });
  });

  it('rejects an application form that is not a valid JSON Schema, with the field path', async () => {
    const res = await gateway.request('PUT', '/admin/procedures/DEMO-BAD', { token: admin, json: { ...birth, applicationForm: { type: 'object', properties: { name: { type: 'strng' } } } } });
    expect(res.status).toBe(400);
    expect((await pathsOf(res)).some((path) => path.startsWith('body.applicationForm.properties.name'))).toBe(true);
    expect((await gateway.request('GET', '/procedures/DEMO-BAD')).status).toBe(404);
  });

  it('rejects a form that does not describe an object', async () => {
    const res = await gateway.request('PUT', '/admin/procedures/DEMO-BAD', { token: admin, json: { ...birth, applicationForm: { type: 'string' } } });
    expect(await pathsOf(res)).toEqual(['body.applicationForm.type']);
  });

  it('rejects negative or fractional fees and insane paper limits, naming each field', async () => {
    const res = await gateway.request('PUT', '/admin/procedures/DEMO-BAD', {
      token: admin,
      json: {
        ...birth,
        fee: { kind: 'fixed', amount: -1000 },
        papers: [
          { id: 'p', name: 'Giấy', required: true, contentTypes: ['application/pdf'], maxBytes: 0 },
          { id: 'q', name: 'Giấy', required: true, contentTypes: ['not a type'], maxBytes: 500 * 1024 * 1024 },
        ],
        level: 5,
      },
    });
    expect(res.status).toBe(400);
    expect(await pathsOf(res)).toEqual(['body.fee.amount', 'body.level', 'body.papers.0.maxBytes', 'body.papers.1.contentTypes.0', 'body.papers.1.maxBytes']);
    const fraction = await gateway.request('PUT', '/admin/procedures/DEMO-BAD', { token: admin, json: { ...birth, fee: { kind: 'fixed', amount: 1000.5 } } });
    expect(await pathsOf(fraction)).toEqual(['body.fee.amount']);
  });

  it('rejects fee rules on fields the form does not have, duplicate paper ids and unknown agency kinds', async () => {
    const res = await gateway.request('PUT', '/admin/procedures/DEMO-BAD', {
      token: admin,
      json: {
        ...birth,
        agencyKind: 'ministry-of-magic',
        fee: {
          kind: 'rules',
          rules: [
            { field: 'child.fullName', equals: 'x', amount: 0 },
            { field: 'child.nope', equals: 'x', amount: 5000 },
          ],
          otherwise: 0,
        },
        papers: [birth.papers[0], birth.papers[0]],
      },
    });
    expect(res.status).toBe(400);
    expect(await pathsOf(res)).toEqual(['body.agencyKind', 'body.fee.rules.1.field', 'body.papers.1.id']);
  });
});

describe('PUT /admin/units/{id} and /admin/agencies/{id}', () => {
  it('keeps a tree of any depth: a legacy district between the province and a commune', async () => {
    expect((await gateway.request('PUT', '/admin/units/huyen-cu', { token: admin, json: { name: 'Huyện Cũ', tier: 'district', parentId: 'tinh-demo' } })).status).toBe(200);
    expect((await gateway.request('PUT', '/admin/units/xa-cu', { token: admin, json: { name: 'Xã Cũ', tier: 'commune', parentId: 'huyen-cu' } })).status).toBe(200);
    const children = await (await gateway.request('GET', '/units?parent=huyen-cu')).json();
    expect(children.items).toEqual([{ id: 'xa-cu', name: 'Xã Cũ', tier: 'commune', parentId: 'huyen-cu' }]);
  });

  it('rejects an unknown parent, a tier above its parent and a root that is not a province', async () => {
    const unknown = await gateway.request('PUT', '/admin/units/u1', { token: admin, json: { name: 'x', tier: 'commune', parentId: 'nowhere' } });
    expect(await pathsOf(unknown)).toEqual(['body.parentId']);
    const inverted = await gateway.request('PUT', '/admin/units/u2', { token: admin, json: { name: 'x', tier: 'district', parentId: 'xa-an-binh' } });
    expect(await pathsOf(inverted)).toEqual(['body.tier']);
    const orphan = await gateway.request('PUT', '/admin/units/u3', { token: admin, json: { name: 'x', tier: 'commune' } });
    expect(await pathsOf(orphan)).toEqual(['body.parentId']);
  });

  it('creates an agency, refusing an unknown unit and a code another agency uses', async () => {
    const created = await gateway.request('PUT', '/admin/agencies/trung-tam-hcc', {
      token: admin,
      json: { code: 'TTHCC', name: 'Trung tâm Phục vụ hành chính công tỉnh Demo', unitId: 'tinh-demo', kind: 'public-service-centre' },
    });
    expect(created.status).toBe(200);
    const listed = await (await gateway.request('GET', '/agencies?kind=public-service-centre')).json();
    expect(listed.items.map((a: { id: string }) => a.id)).toEqual(['trung-tam-hcc']);

    const unknownUnit = await gateway.request('PUT', '/admin/agencies/a2', { token: admin, json: { code: 'AA2', name: 'x', unitId: 'nowhere', kind: 'x' } });
    expect(await pathsOf(unknownUnit)).toEqual(['body.unitId']);
    const taken = await gateway.request('PUT', '/admin/agencies/a3', { token: admin, json: { code: 'STP', name: 'x', unitId: 'tinh-demo', kind: 'x' } });
    expect(taken.status).toBe(409);
    expect((await taken.json()).code).toBe('AGENCY_CODE_TAKEN');
  });

  it("takes the gateway an agency's fees are paid through, and for PayGov its beneficiary account", async () => {
    const base = { code: 'UBPG', name: 'UBND xã Thanh Toán', unitId: 'tinh-demo', kind: 'commune-committee', paymentProvider: 'paygov' };
    const without = await gateway.request('PUT', '/admin/agencies/ubnd-pg', { token: admin, json: base });
    expect(without.status).toBe(400);
    expect((await without.json()).errors).toEqual([expect.objectContaining({ path: 'body.beneficiary', code: 'BENEFICIARY_REQUIRED' })]);
    const unknown = await gateway.request('PUT', '/admin/agencies/ubnd-pg', { token: admin, json: { ...base, paymentProvider: 'momo' } });
    expect(await pathsOf(unknown)).toEqual(['body.paymentProvider']);
    const saved = await gateway.request('PUT', '/admin/agencies/ubnd-pg', { token: admin, json: { ...base, beneficiary: { account: '0011001234567', bankCode: 'VCB', name: 'UBND XA THANH TOAN' } } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ id: 'ubnd-pg', paymentProvider: 'paygov' });
  });
});

describe('the OpenAPI document', () => {
  it('documents the catalogue routes with examples', async () => {
    const document = await (await gateway.request('GET', '/openapi.json')).json();
    expect(document.paths['/procedures'].get.responses['200'].content['application/json'].schema.examples).toHaveLength(1);
    expect(document.paths['/admin/procedures/{code}'].put.requestBody.content['application/json'].schema.examples[0]).toMatchObject({ name: 'Đăng ký khai sinh' });
    expect(document.paths['/procedures/{code}/forms/{formId}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['code', 'formId']);
  });
});
