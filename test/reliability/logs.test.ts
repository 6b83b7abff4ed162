import { randomUUID } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { logSink } from '../../shared/logger';
import { s3 } from '../../shared/store/clients';
import { useLocalWorld } from '../support/local';
import { agencies, citizenClient, pdf, seedCatalogue } from '../dossiers/support';
import { HASH_SECRET, ipnFieldsFor, setPaymentEnv, signedIpn, WEBHOOK_SECRET } from '../payments/support';
import { figures } from './support';

/**
 * Invariant 7: the logs of a whole lifecycle (through the bus, with a dependency failure and a
 * refused request on the way) hold no national ID number, phone number, email, name, bearer
 * token, gateway secret or signature.
 */
const person = { fullName: 'Phạm Thị Thu Hà', nationalId: '038195004321', phone: '0977123456', email: 'thuha.pham@example.vn' };
const child = 'Phạm Gia Bảo';

// Logs at info (the tests' are silent by default) and the payment settings, before the pipeline and the handlers read them.
process.env.LOG_LEVEL = 'info';
setPaymentEnv();
const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
const lines: string[] = [];
const secrets: string[] = [HASH_SECRET, WEBHOOK_SECRET, person.nationalId, person.phone, person.email, person.fullName, child];
const originalWrite = logSink.write;

beforeAll(() => {
  logSink.write = (line: string) => lines.push(line) > 0;
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
});
afterAll(() => {
  logSink.write = originalWrite;
  jest.restoreAllMocks();
  process.env.LOG_LEVEL = 'silent';
});

describe('the logs of a whole lifecycle', () => {
  it('create → papers → submit (S3 down once) → route → receive → request-payment → IPN → resolve → return: no personal data, token or secret', async () => {
    const citizenToken = await gateway.token('citizen', { sub: `citizen-${randomUUID()}`, nationalId: person.nationalId });
    const officerToken = await gateway.token('officer', { sub: 'officer-logs', agencyId: agencies[0]!.id });
    secrets.push(citizenToken, officerToken);
    const citizen = citizenClient(gateway, citizenToken);
    const officer = (path: string, json: unknown = {}) => gateway.request('POST', path, { token: officerToken, json, headers: { 'idempotency-key': randomUUID() } });

    // A refused request carrying personal data in its body.
    expect((await citizen.createDraft({ applicant: { ...person, phone: `x${person.phone}` } })).status).toBe(400);
    const created = await citizen.createDraft({ applicant: person, answers: { child: { fullName: child, birthDate: '2026-02-01' }, copies: 1 } });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const upload = await citizen.attach(id, 'giay-chung-sinh', pdf());
    secrets.push(new URL(upload.url).searchParams.get('X-Amz-Signature') ?? 'no-signature-in-url');

    // S3 down: a 503 whose error is logged.
    const key = randomUUID();
    const down = mockClient(s3());
    down.onAnyCommand().rejects(Object.assign(new Error(`connect ECONNREFUSED while reading ${person.nationalId}`), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));
    try {
      expect((await citizen.submit(id, key)).status).toBe(503);
    } finally {
      down.restore();
    }
    expect((await citizen.submit(id, key)).status).toBe(200);
    await pipeline.settle();

    expect((await officer(`/agency/dossiers/${id}/receive`)).status).toBe(200);
    expect((await officer(`/agency/dossiers/${id}/request-payment`, { amount: 8_000 })).status).toBe(200);
    await pipeline.settle();
    const started = await gateway.request('POST', `/dossiers/${id}/payments`, { token: citizenToken, json: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
    expect(started.status).toBe(201);
    const payment = await started.json();
    secrets.push(new URL(payment.redirectUrl).searchParams.get('vnp_SecureHash')!);
    const ipnQuery = signedIpn(ipnFieldsFor(payment.paymentId, payment.amount));
    secrets.push(new URLSearchParams(ipnQuery).get('vnp_SecureHash')!);
    expect((await (await gateway.request('GET', `/webhooks/vnpay/ipn?${ipnQuery}`)).json()).RspCode).toBe('00');
    // A forged IPN is logged as rejected: its hash must not be.
    const forged = signedIpn(ipnFieldsFor(payment.paymentId, payment.amount), 'FORGED-SECRET-0123456789ABCDEFGH');
    secrets.push(new URLSearchParams(forged).get('vnp_SecureHash')!);
    expect((await (await gateway.request('GET', `/webhooks/vnpay/ipn?${forged}`)).json()).RspCode).toBe('97');
    await pipeline.settle();

    expect((await officer(`/agency/dossiers/${id}/resolve`, { decision: `Cấp Giấy khai sinh cho ${child}` })).status).toBe(200);
    expect((await officer(`/agency/dossiers/${id}/return`, { method: 'post', address: `Số 1, ${person.fullName}, ${person.phone}` })).status).toBe(200);
    await pipeline.settle();

    const eventTypes = pipeline.bus.archive.filter((e) => e.detail.data.dossierId === id).map((e) => e['detail-type']);
    expect(eventTypes).toEqual(expect.arrayContaining(['dossier.submitted', 'dossier.routed', 'dossier.received', 'dossier.payment_requested', 'dossier.resolved', 'dossier.returned']));

    // The logs were captured (so that the check below can fail), then searched.
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toContain('request.failed');
    expect(text).toContain('consumer.done');
    const leaks = secrets.filter((secret) => secret && text.includes(secret));
    const bearer = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/.exec(text)?.[0];
    expect(leaks.map((secret) => secret.slice(0, 12))).toEqual([]);
    expect(bearer).toBeUndefined();
    expect(text).not.toMatch(/\b\d{12}\b/); // no 12-digit number at all (national ID shape)
    jest.restoreAllMocks();
    figures('logs', { lines: lines.length, secretsChecked: secrets.length, leaks: leaks.length });
  }, 120_000);
});
