import { randomUUID } from 'node:crypto';
import { routes, routeKey } from '../../infra/routes';
import { getDossier } from '../../shared/store/dossiers';
import { paymentKeys } from '../../shared/store/keys';
import { useLocalWorld } from '../support/local';
import { agencies, applicant, birthRegistration, citizenClient, goodAnswers, pdf, readyDraft, seedCatalogue, sha256 } from '../dossiers/support';
import { arrangeDossier } from '../payments/support';
import { dossierState, figures, partition } from './support';

/**
 * Every route with an id in its path × six callers × their own and others' resources → the status
 * in the table below. Invariant 5: a citizen sees only their own dossiers, an officer only those
 * routed to their agency; anything else is 404 (existence is not leaked), a wrong role 403, no
 * token 401. Cross-tenant calls are made with requests that would succeed for the owner, and the
 * store is compared before and after them: nothing of A's changes through B or another agency.
 */
const ACTORS = ['anonymous', 'citizenA', 'citizenB', 'officerX', 'officerY', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Resource = 'procedure' | 'aDraft' | 'aSubmitted' | 'bDraft' | 'aPayable' | 'aPayment' | 'aCode' | 'aMandate' | 'aFeedback';
type Statuses = readonly [anonymous: number, citizenA: number, citizenB: number, officerX: number, officerY: number, admin: number];

const agencyX = agencies[0]!; // ubnd-xa-an-binh: the applicant's commune, where A's dossier is routed
const agencyY = agencies[1]!;

const { gateway, events } = useLocalWorld({ seed: seedCatalogue, events: true });
const tokens = new Map<Actor, string | undefined>();
const ids = {} as Record<Resource, string>;
let aPaymentDossier: string;
/** A's verified paper, as GET /me/documents names it: reusable by A only. */
let aDocument: string;

beforeAll(async () => {
  tokens.set('anonymous', undefined);
  tokens.set('citizenA', await gateway.token('citizen', { sub: 'citizen-a' }));
  tokens.set('citizenB', await gateway.token('citizen', { sub: 'citizen-b', nationalId: '079188000111' }));
  tokens.set('officerX', await gateway.token('officer', { sub: 'officer-x', agencyId: agencyX.id }));
  tokens.set('officerY', await gateway.token('officer', { sub: 'officer-y', agencyId: agencyY.id }));
  tokens.set('admin', await gateway.token('admin', { sub: 'admin-1' }));

  const a = citizenClient(gateway, tokens.get('citizenA')!);
  const b = citizenClient(gateway, tokens.get('citizenB')!);
  ids.procedure = birthRegistration.code;
  ids.aDraft = (await (await a.createDraft()).json()).id;
  ids.aSubmitted = await readyDraft(a);
  const submitted = await (await a.submit(ids.aSubmitted)).json();
  ids.aCode = submitted.code;
  aDocument = `p_${ids.aSubmitted}_${submitted.papers[0].attachmentId}`;
  ids.bDraft = (await (await b.createDraft({ applicant: { fullName: 'Lê Thị Bé', nationalId: '079188000111', phone: '0903000111' } })).json()).id;
  // A's mandate to B, its paper never uploaded: found only in A's partition (by A's verified identity number).
  const mandate = await gateway.request('POST', '/me/mandates', {
    token: tokens.get('citizenA'),
    headers: { 'idempotency-key': randomUUID() },
    json: {
      agentNationalId: '079188000111',
      procedures: [birthRegistration.code],
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      paper: { fileName: 'ủy quyền.pdf', contentType: 'application/pdf', size: 600, sha256: sha256(pdf()) },
    },
  });
  expect(mandate.status).toBe(201);
  ids.aMandate = (await mandate.json()).mandate.id;
  const payable = await arrangeDossier({ ownerSub: 'citizen-a', fee: { amount: 30_000, state: 'DUE' } });
  aPaymentDossier = payable.id;
  ids.aPayable = payable.id;
  const started = await gateway.request('POST', `/dossiers/${payable.id}/payments`, { token: tokens.get('citizenA'), json: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
  expect(started.status).toBe(201);
  ids.aPayment = (await started.json()).paymentId;
  await events.settle();
  expect(await getDossier(ids.aSubmitted)).toMatchObject({ routed: true, agencyId: agencyX.id });
  // A's phản ánh about that dossier: addressed to agency X.
  const feedback = await gateway.request('POST', '/feedback', {
    token: tokens.get('citizenA'),
    headers: { 'idempotency-key': randomUUID() },
    json: { kind: 'phan-anh', dossierId: ids.aSubmitted, subject: 'Chậm', content: 'Chưa được tiếp nhận' },
  });
  expect(feedback.status).toBe(201);
  ids.aFeedback = (await feedback.json()).id;
}, 120_000);

const declaration = { paperId: 'giay-chung-sinh', fileName: 'giấy chứng sinh.pdf', contentType: 'application/pdf', size: 600, sha256: sha256(pdf()) };
const version = async (id: string) => (await getDossier(id))?.version ?? 1;

interface Row {
  route: string;
  resource: Resource;
  /** The path with the resource's id. */
  path: (id: string) => string;
  /** A body that the owner could send: a cross-tenant caller sends the same. */
  body?: (id: string) => Promise<unknown> | unknown;
  expect: Statuses;
}

// [anonymous, citizen A, citizen B, officer of agency X, officer of agency Y, admin]
//                                                                                    anon  A    B    X    Y    admin
const matrix: Row[] = [
  { route: 'GET /procedures/{code}', resource: 'procedure', path: (c) => `/procedures/${c}`, expect: [200, 200, 200, 200, 200, 200] },
  { route: 'GET /procedures/{code}/forms/{formId}', resource: 'procedure', path: (c) => `/procedures/${c}/forms/to-khai`, expect: [404, 404, 404, 404, 404, 404] },
  { route: 'PUT /admin/procedures/{code}', resource: 'procedure', path: (c) => `/admin/procedures/${c}`, body: () => ({}), expect: [401, 403, 403, 403, 403, 400] },
  { route: 'PUT /admin/agencies/{id}', resource: 'procedure', path: () => `/admin/agencies/${agencyX.id}`, body: () => ({}), expect: [401, 403, 403, 403, 403, 400] },
  { route: 'PUT /admin/units/{id}', resource: 'procedure', path: () => '/admin/units/xa-an-binh', body: () => ({}), expect: [401, 403, 403, 403, 403, 400] },
  { route: 'POST /admin/procedures/{code}/forms/{formId}/upload-url', resource: 'procedure', path: (c) => `/admin/procedures/${c}/forms/to-khai/upload-url`, body: () => ({}), expect: [401, 403, 403, 403, 403, 400] },
  { route: 'PUT /admin/routing-rules/{id}', resource: 'procedure', path: (c) => `/admin/routing-rules/${encodeURIComponent(`${c}#xa-an-binh`)}`, body: () => ({}), expect: [401, 403, 403, 403, 403, 400] },
  // Public pages of problem codes: the same for everyone.
  { route: 'GET /problems/{code}', resource: 'procedure', path: () => '/problems/not-found', expect: [200, 200, 200, 200, 200, 200] },
  { route: 'GET /tracking/{dossierCode}', resource: 'aCode', path: (code) => `/tracking/${code}`, expect: [200, 200, 200, 200, 200, 200] },
  ...(['aDraft', 'aSubmitted'] as const).map((resource): Row => ({ route: 'GET /dossiers/{id}', resource, path: (id) => `/dossiers/${id}`, expect: [401, 200, 404, 403, 403, 403] })),
  { route: 'GET /dossiers/{id}', resource: 'bDraft', path: (id) => `/dossiers/${id}`, expect: [401, 404, 200, 403, 403, 403] },
  // Filed for me: A's submitted dossier to A (its applicant), not to B (another identity number); a draft to nobody.
  { route: 'GET /me/dossiers/{id}', resource: 'aSubmitted', path: (id) => `/me/dossiers/${id}`, expect: [401, 200, 404, 403, 403, 403] },
  { route: 'GET /me/dossiers/{id}', resource: 'aDraft', path: (id) => `/me/dossiers/${id}`, expect: [401, 404, 404, 403, 403, 403] },
  { route: 'GET /dossiers/{id}/notifications', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/notifications`, expect: [401, 200, 404, 403, 403, 403] },
  { route: 'GET /dossiers/{id}/notifications', resource: 'bDraft', path: (id) => `/dossiers/${id}/notifications`, expect: [401, 404, 200, 403, 403, 403] },
  { route: 'GET /dossiers/{id}/result', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/result`, expect: [401, 409, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/rating', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/rating`, body: () => ({ c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 }), expect: [401, 409, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/rating', resource: 'bDraft', path: (id) => `/dossiers/${id}/rating`, body: () => ({ c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 }), expect: [401, 404, 409, 403, 403, 403] },
  { route: 'GET /payments/{id}', resource: 'aPayment', path: (id) => `/payments/${id}`, expect: [401, 200, 404, 403, 403, 403] },
  // A's payment is still open: no receipt yet (409 RECEIPT_NOT_AVAILABLE); anyone else's is 404.
  { route: 'GET /payments/{id}/receipt', resource: 'aPayment', path: (id) => `/payments/${id}/receipt`, expect: [401, 409, 404, 403, 403, 403] },
  // Admins only; A's payment is still open, so there is nothing to refund yet (409 PAYMENT_NOT_REFUNDABLE).
  { route: 'GET /admin/payments/{id}', resource: 'aPayment', path: (id) => `/admin/payments/${id}`, expect: [401, 403, 403, 403, 403, 200] },
  {
    route: 'POST /admin/payments/{id}/resolve-late-success',
    resource: 'aPayment',
    path: (id) => `/admin/payments/${id}/resolve-late-success`,
    body: () => ({ by: 'apply', reason: 'Thu nhầm' }),
    expect: [401, 403, 403, 403, 403, 409],
  },
  { route: 'GET /admin/payments/{id}/refunds', resource: 'aPayment', path: (id) => `/admin/payments/${id}/refunds`, expect: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/payments/{id}/refunds', resource: 'aPayment', path: (id) => `/admin/payments/${id}/refunds`, body: () => ({ amount: 1000, reason: 'Thu nhầm' }), expect: [401, 403, 403, 403, 403, 409] },
  { route: 'GET /agency/dossiers/{id}', resource: 'aSubmitted', path: (id) => `/agency/dossiers/${id}`, expect: [401, 403, 403, 200, 404, 200] },
  { route: 'GET /agency/dossiers/{id}', resource: 'aDraft', path: (id) => `/agency/dossiers/${id}`, expect: [401, 403, 403, 404, 404, 404] },
  { route: 'GET /agency/dossiers/{id}', resource: 'bDraft', path: (id) => `/agency/dossiers/${id}`, expect: [401, 403, 403, 404, 404, 404] },
  { route: 'GET /dossiers/{id}/slips', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/slips`, expect: [401, 200, 404, 403, 403, 403] },
  { route: 'GET /dossiers/{id}/slips', resource: 'bDraft', path: (id) => `/dossiers/${id}/slips`, expect: [401, 404, 200, 403, 403, 403] },
  { route: 'GET /agency/dossiers/{id}/slips', resource: 'aSubmitted', path: (id) => `/agency/dossiers/${id}/slips`, expect: [401, 403, 403, 200, 404, 200] },
  { route: 'GET /agency/dossiers/{id}/slips', resource: 'aDraft', path: (id) => `/agency/dossiers/${id}/slips`, expect: [401, 403, 403, 404, 404, 404] },
  // Public, but a dossier id is no verify token: 404 for everyone.
  { route: 'GET /verify/{token}', resource: 'aSubmitted', path: (id) => `/verify/${id}`, expect: [404, 404, 404, 404, 404, 404] },
  // Writes: the cross-tenant callers send what would be accepted from the owner.
  // Deleting is tried on a submitted dossier only (the owner then gets 409 NOT_A_DRAFT), so no other row loses its resource.
  { route: 'DELETE /dossiers/{id}', resource: 'aSubmitted', path: (id) => `/dossiers/${id}`, expect: [401, 409, 404, 403, 403, 403] },
  { route: 'PATCH /dossiers/{id}', resource: 'aSubmitted', path: (id) => `/dossiers/${id}`, body: async (id) => ({ version: await version(id), answers: goodAnswers }), expect: [401, 409, 404, 403, 403, 403] },
  {
    route: 'PATCH /dossiers/{id}',
    resource: 'aDraft',
    path: (id) => `/dossiers/${id}`,
    body: async (id) => ({ version: await version(id), answers: { ...goodAnswers, copies: 2 } }),
    expect: [401, 200, 404, 403, 403, 403],
  },
  {
    route: 'PATCH /dossiers/{id}',
    resource: 'bDraft',
    path: (id) => `/dossiers/${id}`,
    body: async (id) => ({ version: await version(id), answers: { ...goodAnswers, copies: 2 } }),
    expect: [401, 404, 200, 403, 403, 403],
  },
  { route: 'POST /dossiers/{id}/attachments', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/attachments`, body: () => declaration, expect: [401, 409, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/attachments', resource: 'aDraft', path: (id) => `/dossiers/${id}/attachments`, body: () => declaration, expect: [401, 201, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/submit', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/submit`, expect: [401, 409, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/submit', resource: 'aDraft', path: (id) => `/dossiers/${id}/submit`, expect: [401, 422, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/submit', resource: 'bDraft', path: (id) => `/dossiers/${id}/submit`, expect: [401, 404, 422, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/supplement', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/supplement`, body: () => ({}), expect: [401, 409, 404, 403, 403, 403] },
  // A's payable dossier already has an open payment (409); the submitted one has its fee due from submit (201).
  { route: 'POST /dossiers/{id}/payments', resource: 'aPayable', path: (id) => `/dossiers/${id}/payments`, body: () => ({ provider: 'vnpay' }), expect: [401, 409, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/payments', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/payments`, body: () => ({ provider: 'vnpay' }), expect: [401, 201, 404, 403, 403, 403] },
  { route: 'POST /admin/dossiers/{id}/assign', resource: 'aSubmitted', path: (id) => `/admin/dossiers/${id}/assign`, body: () => ({ agencyId: agencyY.id }), expect: [401, 403, 403, 403, 403, 409] },
  { route: 'POST /admin/dossiers/{id}/assign', resource: 'aDraft', path: (id) => `/admin/dossiers/${id}/assign`, body: () => ({ agencyId: agencyY.id }), expect: [401, 403, 403, 403, 403, 404] },
  { route: 'POST /agency/dossiers/{id}/{action}', resource: 'aDraft', path: (id) => `/agency/dossiers/${id}/receive`, body: () => ({}), expect: [401, 403, 403, 404, 404, 404] },
  // The assigned officer receives it first (200); the admin's receive is then illegal (409).
  { route: 'POST /agency/dossiers/{id}/{action}', resource: 'aSubmitted', path: (id) => `/agency/dossiers/${id}/receive`, body: () => ({}), expect: [401, 403, 403, 200, 404, 409] },
  // Desk intake: officers of the desk that entered the draft only; a citizen's draft is no desk's (404), admins do not enter dossiers.
  { route: 'POST /agency/dossiers/{id}/submit-desk', resource: 'aDraft', path: (id) => `/agency/dossiers/${id}/submit-desk`, body: () => ({}), expect: [401, 403, 403, 404, 404, 403] },
  { route: 'POST /agency/dossiers/{id}/submit-desk', resource: 'aSubmitted', path: (id) => `/agency/dossiers/${id}/submit-desk`, body: () => ({}), expect: [401, 403, 403, 404, 404, 403] },
  { route: 'POST /agency/dossiers/{id}/supplement-desk', resource: 'aSubmitted', path: (id) => `/agency/dossiers/${id}/supplement-desk`, body: () => ({}), expect: [401, 403, 403, 404, 404, 403] },
  { route: 'POST /agency/dossiers/{id}/papers', resource: 'aDraft', path: (id) => `/agency/dossiers/${id}/papers`, body: () => declaration, expect: [401, 403, 403, 404, 404, 403] },
  { route: 'POST /dossiers/{id}/withdraw', resource: 'aDraft', path: (id) => `/dossiers/${id}/withdraw`, body: () => ({}), expect: [401, 409, 404, 403, 403, 403] },
  // A's mandate: B (its agent) cannot confirm or revoke it; A's confirm finds no paper (422), A's revoke succeeds.
  { route: 'POST /me/mandates/{id}/confirm', resource: 'aMandate', path: (id) => `/me/mandates/${id}/confirm`, expect: [401, 422, 404, 403, 403, 403] },
  { route: 'POST /me/mandates/{id}/revoke', resource: 'aMandate', path: (id) => `/me/mandates/${id}/revoke`, expect: [401, 200, 404, 403, 403, 403] },
  { route: 'POST /dossiers/{id}/withdraw', resource: 'aSubmitted', path: (id) => `/dossiers/${id}/withdraw`, body: () => ({ reason: 'Nộp nhầm' }), expect: [401, 200, 404, 403, 403, 403] },
  // Feedback to agency X: only its officers answer it; another agency's officer gets 404, other roles 403.
  { route: 'GET /feedback/{id}', resource: 'aFeedback', path: (id) => `/feedback/${id}`, expect: [401, 200, 404, 403, 403, 403] },
  { route: 'POST /agency/feedback/{id}/answer', resource: 'aFeedback', path: (id) => `/agency/feedback/${id}/answer`, body: () => ({ answer: 'Đã tiếp nhận' }), expect: [401, 403, 403, 200, 404, 403] },
  // Admins only; DVCQG is not plugged in on this stage, so the replay answers `disabled` and changes nothing.
  { route: 'POST /admin/integrations/dvcqg/dossiers/{id}/replay', resource: 'aSubmitted', path: (id) => `/admin/integrations/dvcqg/dossiers/${id}/replay`, body: () => ({}), expect: [401, 403, 403, 403, 403, 200] },
  // Reusing a document of the store (last: it gives A's draft a verified paper): A's own into A's draft;
  // B gets 404 for A's draft, and 404 for A's document in B's own draft.
  {
    route: 'POST /dossiers/{id}/attachments',
    resource: 'aDraft',
    path: (id) => `/dossiers/${id}/attachments`,
    body: () => ({ paperId: 'giay-chung-sinh', documentId: aDocument }),
    expect: [401, 201, 404, 403, 403, 403],
  },
  {
    route: 'POST /dossiers/{id}/attachments',
    resource: 'bDraft',
    path: (id) => `/dossiers/${id}/attachments`,
    body: () => ({ paperId: 'giay-chung-sinh', documentId: aDocument }),
    expect: [401, 404, 404, 403, 403, 403],
  },
];

/** Routes with a path parameter that are not a tenant's resource: the gateways' and DVCQG's callbacks, and the one-click rating link, authenticated by signature (webhooks.test.ts, dvcqg/inbound.test.ts, stats/rating-link.test.ts). */
const notTenantScoped = new Set([
  'GET /ratings/{token}',
  'POST /ratings/{token}',
  'POST /webhooks/payments/{provider}',
  'POST /integrations/dvcqg/dossiers/{maHoSo}/supplement',
  'POST /integrations/dvcqg/dossiers/{maHoSo}/withdraw',
]);

const authorized = (status: number) => status !== 401 && status !== 403 && status !== 404;
const personal = [applicant.nationalId, applicant.phone, applicant.fullName, '079188000111', '0903000111', 'Lê Thị Bé'];

async function call(row: Row, actor: Actor) {
  const method = row.route.split(' ')[0]!;
  const id = ids[row.resource];
  const body = row.body ? await row.body(id) : method === 'GET' ? undefined : {};
  const res = await gateway.request(method, row.path(id), { token: tokens.get(actor), ...(body === undefined ? {} : { json: body }), headers: method === 'GET' ? {} : { 'idempotency-key': randomUUID() } });
  return { status: res.status, text: await res.text() };
}

describe('the authorization matrix', () => {
  it('covers every route with an id in its path', () => {
    const withParams = routes
      .filter((route) => route.path.includes('{'))
      .map(routeKey)
      .filter((key) => !notTenantScoped.has(key));
    expect(new Set(matrix.map((row) => row.route))).toEqual(new Set(withParams));
  });

  it("answers every cell as the table says, and nothing of anyone's changes through another tenant", async () => {
    let listProbes: unknown[] = [];
    const cells = matrix.flatMap((row) => ACTORS.map((actor, i) => ({ row, actor, expected: row.expect[i]! })));
    const mismatches: string[] = [];
    let crossTenantHits = 0;
    const record = (cell: (typeof cells)[number], got: { status: number; text: string }) => {
      if (got.status !== cell.expected) mismatches.push(`${cell.row.route} [${cell.row.resource}] as ${cell.actor}: ${got.status}, expected ${cell.expected} ${got.text.slice(0, 160)}`);
      if (!authorized(cell.expected) && got.status < 300) crossTenantHits += 1;
    };

    const watched = [ids.aDraft, ids.aSubmitted, ids.bDraft, aPaymentDossier];
    const before = await Promise.all(watched.map(dossierState));
    const paymentBefore = await partition(paymentKeys.payment(ids.aPayment).pk);

    // Phase 1: every refused cell (and the public reads), while everyone's resources are as arranged.
    for (const cell of cells.filter((c) => !authorized(c.expected) || c.row.resource === 'aCode' || c.row.resource === 'procedure')) {
      const got = await call(cell.row, cell.actor);
      record(cell, got);
      if (cell.row.resource !== 'procedure') {
        for (const value of personal) if (got.text.includes(value)) mismatches.push(`${cell.row.route} as ${cell.actor} shows personal data`);
      }
    }
    // The lists: another citizen's list and another agency's inbox (even naming agency X) never hold A's dossiers.
    listProbes = [
      ['citizenB', '/dossiers?limit=100'],
      ['officerY', '/agency/dossiers?status=SUBMITTED&limit=100'],
      ['officerY', `/agency/dossiers?status=SUBMITTED&limit=100&agencyId=${agencyX.id}`],
    ];
    for (const [actor, path] of listProbes as [Actor, string][]) {
      const res = await gateway.request('GET', path, { token: tokens.get(actor) });
      const text = await res.text();
      if (res.status >= 500) mismatches.push(`GET ${path} as ${actor}: ${res.status}`);
      if ([ids.aDraft, ids.aSubmitted, aPaymentDossier, applicant.nationalId, applicant.phone, applicant.fullName].some((value) => text.includes(value))) {
        crossTenantHits += 1;
        mismatches.push(`GET ${path} as ${actor} lists A's dossier`);
      }
    }
    const own = await (await gateway.request('GET', `/agency/dossiers?status=SUBMITTED&limit=100`, { token: tokens.get('officerX') })).json();
    expect(own.items.map((item: { id: string }) => item.id)).toContain(ids.aSubmitted); // the probe above can fail
    await events.settle();
    const after = await Promise.all(watched.map(dossierState));
    expect(after).toEqual(before);
    expect(await partition(paymentKeys.payment(ids.aPayment).pk)).toEqual(paymentBefore);

    // Phase 2: the owners and the assigned officer, in table order (the writes come last).
    const ownerCells = cells.filter((c) => authorized(c.expected) && c.row.resource !== 'aCode' && c.row.resource !== 'procedure');
    for (const cell of ownerCells) record(cell, await call(cell.row, cell.actor));
    await events.settle();

    expect(mismatches).toEqual([]);
    expect(crossTenantHits).toBe(0);
    figures('authorization', {
      routes: new Set(matrix.map((r) => r.route)).size,
      rows: matrix.length,
      cells: cells.length,
      refusedCells: cells.filter((c) => !authorized(c.expected)).length,
      allowedCells: cells.filter((c) => authorized(c.expected)).length,
      listProbes: listProbes.length,
      mismatches: mismatches.length,
      crossTenantHits,
    });
  }, 60_000);
});
