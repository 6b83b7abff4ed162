import { createServer, type Server } from 'node:http';
import { handler as notifyCitizen } from '../../functions/notifications/notify-citizen';
import { handler as routeDossier } from '../../functions/routing/route-dossier';
import { handler as watchDeadlines } from '../../functions/agency/deadline-watcher';
import { handler as agencyWebhook } from '../../functions/integrations/agency-webhook';
import { events } from '../../events/catalog';
import { deliverWebhook, signPayload, verifySignature, WebhookDeliveryError } from '../../shared/integrations/agency-webhook';
import { AGENCY_WEBHOOKS_ENV, forgetWebhookTargets } from '../../shared/integrations/webhook-targets';
import * as notificationsStore from '../../shared/store/notifications';
import { logger } from '../../shared/logger';
import type { Notifier } from '../../shared/notifications/notifier';
import { storedNotifier } from '../../shared/notifications/stored';
import { notifyCitizen as notifyCitizenUseCase } from '../../shared/notifications/notify';
import { dossierRef } from '../../shared/domain/dossier';
import { getDossier } from '../../shared/store/dossiers';
import { getDossierHistory } from '../../shared/store/inbox';
import { outboxEvent } from '../../shared/store/outbox';
import { provisionStore, startGateway, type TestGateway } from '../support/local';
import { agencyA, agencyB, bridgeEvent, seedCatalogue, seedInInbox, seedSubmitted } from './support';

let gateway: TestGateway;
let admin: string;
beforeAll(async () => {
  await provisionStore();
  await seedCatalogue();
  gateway = await startGateway();
  admin = await gateway.token('admin', { sub: 'admin-1' });
});
afterAll(() => gateway.close());

describe('the router (dossier.submitted)', () => {
  it('puts the dossier in its agency\'s inbox, writes a route entry, and does it once for a redelivered event', async () => {
    const { dossier, submitted } = await seedSubmitted({ agencyId: agencyA.id });
    const event = bridgeEvent(submitted);
    await routeDossier(event);
    await routeDossier(event);
    const stored = (await getDossier(dossier.id))!;
    expect(stored).toMatchObject({ routed: true, agencyId: agencyA.id, version: 2 });
    const history = await getDossierHistory(dossier.id);
    expect(history.map((h) => h.action)).toEqual(['submit', 'route']);
    expect(history[1]!.actor).toEqual({ sub: 'system', role: 'system' });
  });

  it('does not make the citizen\'s next action stale: only a person\'s change since the version shown is a 409 CONFLICT', async () => {
    const citizen = await gateway.token('citizen', { sub: 'citizen-1' });
    const withdraw = (id: string, version: number) =>
      gateway.request('POST', `/dossiers/${id}/withdraw`, { token: citizen, json: { version }, headers: { 'idempotency-key': `withdraw-${id}-${version}` } });

    // The citizen shows version 1; the router then routes the dossier (version 2): withdrawing on version 1 still works.
    const routed = await seedSubmitted({ agencyId: agencyA.id });
    await routeDossier(bridgeEvent(routed.submitted));
    expect((await getDossier(routed.dossier.id))!.version).toBe(2);
    const res = await withdraw(routed.dossier.id, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'WITHDRAWN', version: 3 });

    // An officer received it meanwhile (a person's change): the version the citizen showed is stale.
    const received = await seedSubmitted({ agencyId: agencyA.id });
    await routeDossier(bridgeEvent(received.submitted));
    const officer = await gateway.token('officer', { sub: 'officer-a', agencyId: agencyA.id });
    expect((await gateway.request('POST', `/agency/dossiers/${received.dossier.id}/receive`, { token: officer, json: { version: 1 }, headers: { 'idempotency-key': `receive-${received.dossier.id}` } })).status).toBe(200);
    const stale = await withdraw(received.dossier.id, 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).code).toBe('CONFLICT');
    expect((await withdraw(received.dossier.id, 3)).status).toBe(200);
  });

  it('lists a dossier without agency for admins (dossier.unroutable), until an admin assigns it', async () => {
    const { dossier, submitted } = await seedSubmitted({});
    await routeDossier(bridgeEvent(submitted));
    await routeDossier(bridgeEvent(submitted));
    const list = await (await gateway.request('GET', '/admin/dossiers/unroutable', { token: admin })).json();
    expect(list.items.filter((i: { dossierId: string }) => i.dossierId === dossier.id)).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('001099012345');

    const officer = await gateway.token('officer', { sub: 'o', agencyId: agencyB.id });
    expect((await gateway.request('GET', '/admin/dossiers/unroutable', { token: officer })).status).toBe(403);

    const assign = await gateway.request('POST', `/admin/dossiers/${dossier.id}/assign`, { token: admin, json: { agencyId: agencyB.id, reason: 'Xã Hai nhận' }, headers: { 'idempotency-key': 'assign-1' } });
    expect(assign.status).toBe(200);
    const after = await (await gateway.request('GET', '/admin/dossiers/unroutable', { token: admin })).json();
    expect(after.items.map((i: { dossierId: string }) => i.dossierId)).not.toContain(dossier.id);
    const inbox = await (await gateway.request('GET', '/agency/dossiers?status=SUBMITTED&limit=100', { token: officer })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(dossier.id);
    expect((await getDossierHistory(dossier.id)).map((h) => h.action)).toEqual(['submit', 'route', 'route']);
  });
});

describe('PUT /admin/routing-rules/{id}', () => {
  it('stores a rule under its scope id and lists it', async () => {
    const id = encodeURIComponent(`1.000001#xa-mot`);
    const res = await gateway.request('PUT', `/admin/routing-rules/${id}`, { token: admin, json: { procedureCode: '1.000001', unitId: 'xa-mot', agencyId: agencyB.id } });
    expect(res.status).toBe(200);
    const list = await (await gateway.request('GET', '/admin/routing-rules', { token: admin })).json();
    expect(list.items).toContainEqual({ id: '1.000001#xa-mot', rule: { procedureCode: '1.000001', unitId: 'xa-mot', agencyId: agencyB.id } });
    const mismatch = await gateway.request('PUT', `/admin/routing-rules/${encodeURIComponent('*#xa-hai')}`, { token: admin, json: { unitId: 'xa-mot', agencyId: agencyB.id } });
    expect((await mismatch.json()).code).toBe('ROUTING_RULE_ID_MISMATCH');
  });
});

describe('the deadline watcher', () => {
  it('raises dossier.overdue once per overdue dossier, and again only after a reschedule', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { appointmentAt: '2020-06-01T03:00:00.000Z' });
    const onTime = await seedInInbox(agencyA.id, { appointmentAt: '2099-06-01T03:00:00.000Z' });
    const first = await watchDeadlines({});
    expect(first.raised).toBeGreaterThanOrEqual(1);
    await watchDeadlines({});
    let history = await getDossierHistory(dossier.id);
    expect(history.filter((h) => h.action === 'overdue')).toHaveLength(1);
    expect((await getDossier(dossier.id))!.overdueNotified).toBe(true);
    expect((await getDossierHistory(onTime.dossier.id)).map((h) => h.action)).toEqual(['submit']);

    // The apology moves the date to one that is also past (the test's "now"): the new date can fall due once more.
    const officer = await gateway.token('officer', { sub: 'officer-a', agencyId: agencyA.id });
    process.env.MOTCUA_FAKE_NOW = '2020-06-02T03:00:00.000Z';
    try {
      const res = await gateway.request('POST', `/agency/dossiers/${dossier.id}/reschedule`, { token: officer, json: { appointmentAt: '2020-06-05T03:00:00.000Z', reason: 'Xin lỗi, cần xác minh' }, headers: { 'idempotency-key': 'r-1' } });
      expect(res.status).toBe(200);
    } finally {
      delete process.env.MOTCUA_FAKE_NOW;
    }
    await watchDeadlines({});
    await watchDeadlines({});
    history = await getDossierHistory(dossier.id);
    // (history sorts by time, and the reschedule ran at the pinned 2020 clock)
    expect(history.filter((h) => h.action === 'overdue')).toHaveLength(2);
    expect(history.filter((h) => h.action === 'reschedule')).toHaveLength(1);
  });
});

describe('the notifier', () => {
  it('stores an email and an SMS for a citizen-facing event, once, readable by the owner only', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-n' });
    const received = outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED' }, 'officer-a'));
    await notifyCitizen(bridgeEvent(received));
    await notifyCitizen(bridgeEvent(received));
    const owner = await gateway.token('citizen', { sub: 'citizen-n' });
    const res = await gateway.request('GET', `/dossiers/${dossier.id}/notifications`, { token: owner });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.map((n: { channel: string }) => n.channel).sort()).toEqual(['email', 'sms']);
    expect(items[0]).toMatchObject({ eventType: 'dossier.received', status: 'PENDING' });
    expect(items.find((n: { channel: string }) => n.channel === 'sms').to).toBe('0912345678');
    expect(items[0].text).toContain(dossier.code);
    const stranger = await gateway.token('citizen', { sub: 'someone-else' });
    expect((await gateway.request('GET', `/dossiers/${dossier.id}/notifications`, { token: stranger })).status).toBe(404);
  });

  it('fails when storing fails, and a retry of the same event loses nothing and duplicates nothing', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-r' });
    const stopped = outboxEvent(events.dossierStopped, { ...dossierRef({ ...dossier, status: 'STOPPED' }, 'officer-a'), reason: 'Dừng theo đề nghị' });
    const event = bridgeEvent(stopped);
    const detail = event.detail as { metadata: { eventId: string; occurredAt: string }; data: { dossierId: string } };
    const input = { detailType: event['detail-type'], eventId: detail.metadata.eventId, occurredAt: detail.metadata.occurredAt, data: detail.data };
    let smsCalls = 0;
    const flakySms: Notifier = { channel: 'sms', send: async (n) => { smsCalls += 1; if (smsCalls === 1) throw new Error('throttled'); return storedNotifier('sms').send(n); } };
    const notifiers = [storedNotifier('email'), flakySms];
    await expect(notifyCitizenUseCase(input, notifiers, logger)).rejects.toThrow('throttled');
    await notifyCitizenUseCase(input, notifiers, logger); // the platform's retry
    await notifyCitizenUseCase(input, notifiers, logger); // and a duplicate delivery
    const items = await notificationsStore.listNotifications(dossier.id);
    expect(items.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
  });

  it('ignores a malformed event by failing it (to be retried, then dead-lettered), never by dropping it', async () => {
    await expect(notifyCitizen({ ...bridgeEvent(outboxEvent(events.dossierReceived, { dossierId: 'x', procedureCode: 'p', status: 'RECEIVED', statusCode: 2, actorSub: 'o' })), detail: { data: {} } })).rejects.toThrow('Malformed');
  });
});

describe('agency webhooks', () => {
  let server: Server;
  let url: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let failuresLeft = 0;
  const secret = 'a-shared-secret-of-the-agency-0123';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/cases`;
    process.env[AGENCY_WEBHOOKS_ENV] = JSON.stringify([{ agencyId: agencyA.id, url, secret }]);
    forgetWebhookTargets();
  });
  afterAll(async () => {
    delete process.env[AGENCY_WEBHOOKS_ENV];
    forgetWebhookTargets();
    await new Promise((r) => server.close(r));
  });

  it('signs t.body with HMAC-SHA256 in the t=,v1= header', () => {
    const header = signPayload(secret, '{"a":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, '{"a":1}', 1_700_000_100)).toBe(true);
    expect(verifySignature(secret, header, '{"a":2}', 1_700_000_100)).toBe(false);
    expect(verifySignature('other-secret-0000000000', header, '{"a":1}', 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, header, '{"a":1}', 1_700_000_000 + 301)).toBe(false);
  });

  it('delivers a routed case to the agency\'s system, signed, retrying a 503, and once per event', async () => {
    received.length = 0;
    failuresLeft = 1;
    const { dossier } = await seedInInbox(agencyA.id);
    const routed = bridgeEvent(outboxEvent(events.dossierRouted, { ...dossierRef(dossier, 'system'), agencyId: agencyA.id }));
    await agencyWebhook(routed);
    await agencyWebhook(routed);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(verifySignature(secret, delivery!.headers['motcua-signature'] as string, delivery!.body)).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'dossier.routed', data: { dossierId: dossier.id, agencyId: agencyA.id } });
    expect(delivery!.body).not.toContain('Nguyễn');
  });

  it('does nothing for an agency without a webhook', async () => {
    received.length = 0;
    const { dossier } = await seedInInbox(agencyB.id);
    await agencyWebhook(bridgeEvent(outboxEvent(events.dossierRouted, { ...dossierRef(dossier, 'system'), agencyId: agencyB.id })));
    expect(received).toHaveLength(0);
  });

  it('throws after its retries with backoff, so the platform retries and then dead-letters', async () => {
    const delays: number[] = [];
    const failing = (async () => new Response(null, { status: 500 })) as typeof fetch;
    await expect(deliverWebhook({ agencyId: 'x', url: 'https://agency.example/cases', secret }, '{}', 'e-1', { fetch: failing, attempts: 4, baseDelayMs: 100, sleep: async (ms) => { delays.push(ms); } }))
      .rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(delays).toHaveLength(3);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
    // A 4xx other than 408/429 is an answer: no point retrying it here.
    let calls = 0;
    const refusing = (async () => { calls += 1; return new Response(null, { status: 401 }); }) as typeof fetch;
    await expect(deliverWebhook({ agencyId: 'x', url: 'https://agency.example/cases', secret }, '{}', 'e-2', { fetch: refusing, sleep: async () => undefined })).rejects.toThrow('401');
    expect(calls).toBe(1);
  });
});
