import { createServer, type Server } from 'node:http';
import { handler as agencyWebhook } from '../../functions/integrations/agency-webhook';
import { events } from '../../events/catalog';
import { dossierRef } from '../../shared/domain/dossier';
import { deliverWebhook, signPayload, verifySignature, WebhookDeliveryError } from '../../shared/integrations/agency-webhook';
import { AGENCY_WEBHOOKS_ENV, forgetWebhookTargets } from '../../shared/integrations/webhook-targets';
import { outboxEvent } from '../../shared/store/outbox';
import { agencyA, agencyB, bridgeEvent, seedCatalogue, seedInInbox } from '../agency/support';
import { useLocalWorld } from '../support/local';

/** The agency-webhook consumer: a routed case delivered to the agency's own system, signed, retried. */
useLocalWorld({ seed: seedCatalogue, gateway: false });

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

  it("delivers a routed case to the agency's system, signed, retrying a 503, and once per event", async () => {
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
    await expect(
      deliverWebhook({ agencyId: 'x', url: 'https://agency.example/cases', secret }, '{}', 'e-1', {
        fetch: failing,
        attempts: 4,
        baseDelayMs: 100,
        sleep: async (ms) => {
          delays.push(ms);
        },
      }),
    ).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(delays).toHaveLength(3);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
    // A 4xx other than 408/429 is an answer: no point retrying it here.
    let calls = 0;
    const refusing = (async () => {
      calls += 1;
      return new Response(null, { status: 401 });
    }) as typeof fetch;
    await expect(deliverWebhook({ agencyId: 'x', url: 'https://agency.example/cases', secret }, '{}', 'e-2', { fetch: refusing, sleep: async () => undefined })).rejects.toThrow('401');
    expect(calls).toBe(1);
  });
});
