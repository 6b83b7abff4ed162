import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localVnpayEnv } from '../../infra/local/payment-simulator';
import type { Dossier } from '../../shared/domain/dossier';
import { dynamo } from '../../shared/store/clients';
import { paymentKeys } from '../../shared/store/keys';
import { currentNames, useLocalWorld } from '../support/local';
import { arrangeDossier, HASH_SECRET, ipnFieldsFor, outboxEventsAbout, reloadDossier, setPaymentEnv, signedIpn, TMN_CODE, startVnpaySimulator, type VnpaySimulatorServer } from '../payments/support';
import { figures } from './support';

/**
 * Money and state (issue 12 point 2), through the gateway and the VNPay simulator: a result is never
 * handed over while its fee is due; a fee is never paid twice, whether payments race or a lock's
 * time runs out while its gateway is silent; a dossier that ends after it was paid says what is owed back.
 */
const RACERS = Number(process.env.RELIABILITY_PAYMENT_RACERS ?? 8);

const { gateway } = useLocalWorld();
let simulator: VnpaySimulatorServer;
let simulatorUrl: string;
let citizen: string;
let officer: string;

beforeAll(async () => {
  simulator = await startVnpaySimulator(gateway.url);
  simulatorUrl = `${simulator.url}/_simulator/vnpay`;
  setPaymentEnv({ ...localVnpayEnv(simulatorUrl.replace(/\/_simulator\/vnpay$/, ''), { tmnCode: TMN_CODE, hashSecret: HASH_SECRET }), PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return` });
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  officer = await gateway.token('officer', { sub: 'officer-money', agencyId: 'ubnd-ba-dinh' });
}, 60_000);
afterAll(async () => {
  await simulator?.close();
});

const key = () => ({ 'idempotency-key': randomUUID() });
const startPayment = (dossierId: string) => gateway.request('POST', `/dossiers/${dossierId}/payments`, { token: citizen, json: { provider: 'vnpay' }, headers: key() });
const ipn = async (paymentId: string, amount: number) => (await (await gateway.request('GET', `/webhooks/vnpay/ipn?${signedIpn(ipnFieldsFor(paymentId, amount))}`)).json()).RspCode as string;
const faults = (set: Record<string, string>) => fetch(`${simulatorUrl}/_faults`, { method: 'POST', body: JSON.stringify(set) });
/** The citizen pays on the simulator's page; with `ipn: drop` the gateway takes the money but its IPN never arrives. */
async function payOnSimulator(redirectUrl: string) {
  const q = new URL(redirectUrl).search.slice(1);
  return fetch(`${simulatorUrl}/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'success' }), redirect: 'manual' });
}

const paymentState = async (id: string) => (await (await gateway.request('GET', `/payments/${id}`, { token: citizen })).json()).state as string;

/** Time passes for an open payment: its expiry and its lock are `minutes` in the past (the test arranges the clock, not the outcome). */
async function ageOpenPayment(dossierId: string, paymentId: string, minutes = 30) {
  const past = new Date(Date.now() - minutes * 60_000);
  await dynamo().send(
    new UpdateCommand({
      TableName: currentNames().tableName,
      Key: paymentKeys.payment(paymentId),
      UpdateExpression: 'SET #p.#e = :e',
      ExpressionAttributeNames: { '#p': 'payment', '#e': 'expiresAt' },
      ExpressionAttributeValues: { ':e': past.toISOString() },
    }),
  );
  await dynamo().send(
    new UpdateCommand({
      TableName: currentNames().tableName,
      Key: paymentKeys.openPayment(dossierId),
      UpdateExpression: 'SET lockedUntil = :l',
      ExpressionAttributeValues: { ':l': Math.floor(past.getTime() / 1000) },
    }),
  );
}

const paidOf = async (ids: string[]) => (await Promise.all(ids.map(paymentState))).filter((state) => state === 'PAID').length;

const dueDossier = (overrides: Partial<Dossier> = {}) => arrangeDossier({ fee: { amount: 50_000, state: 'DUE' }, ...overrides });

describe('a result is never returned while its fee is due', () => {
  it('refuses return (409 FEE_DUE) by every delivery method, changing nothing; once paid it goes', async () => {
    let tried = 0;
    let through = 0;
    for (const method of ['online', 'post', 'desk'] as const) {
      const dossier = await dueDossier({ status: 'RESOLVED', resumeStatus: null, result: { decision: 'Cấp giấy xác nhận', resolvedAt: new Date().toISOString() } });
      const body = { method, ...(method === 'post' ? { address: 'Số 1 Đường Lê Lợi, Phường Trung Tâm' } : {}) };
      tried += 1;
      const refused = await gateway.request('POST', `/agency/dossiers/${dossier.id}/return`, { token: officer, json: body, headers: key() });
      if (refused.status !== 409) through += 1;
      expect(refused.status).toBe(409);
      expect((await refused.json()).code).toBe('FEE_DUE');
      expect(await reloadDossier(dossier.id)).toEqual(dossier);

      // Paid (still RESOLVED, so payable), then returned, then the result is the citizen's.
      const started = await startPayment(dossier.id);
      expect(started.status).toBe(201);
      expect(await ipn((await started.json()).paymentId, 50_000)).toBe('00');
      const returned = await gateway.request('POST', `/agency/dossiers/${dossier.id}/return`, { token: officer, json: body, headers: key() });
      expect(returned.status).toBe(200);
      expect((await gateway.request('GET', `/dossiers/${dossier.id}/result`, { token: citizen })).status).toBe(200);
    }
    figures('money.return-while-due', { tried, through });
    expect(through).toBe(0);
  });
});

describe('a fee is never paid twice', () => {
  it(`${RACERS} concurrent payments of one fee with different keys: one opens, the others 409; one PAID`, async () => {
    const dossier = await dueDossier();
    const answers = await Promise.all(Array.from({ length: RACERS }, () => startPayment(dossier.id)));
    const opened = answers.filter((res) => res.status === 201);
    expect(opened).toHaveLength(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('PAYMENT_ALREADY_OPEN');
    }
    const { paymentId } = await opened[0]!.json();
    expect(await ipn(paymentId, 50_000)).toBe('00');
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PAID', paymentId });
    figures('money.concurrent-payments', { tried: RACERS, opened: opened.length, paid: await paidOf([paymentId]), through: opened.length - 1 });
  });

  it('an expired lock whose gateway never answers: no new payment opens; the late IPN then pays the fee once', async () => {
    const dossier = await dueDossier();
    const first = await (await startPayment(dossier.id)).json();
    await ageOpenPayment(dossier.id, first.paymentId);
    await faults({ querydr: 'unavailable' });
    try {
      const attempts = await Promise.all(Array.from({ length: RACERS }, () => startPayment(dossier.id)));
      const opened = attempts.filter((res) => res.status === 201).length;
      for (const res of attempts) expect([res.status, (await res.json()).code]).toEqual([409, 'PAYMENT_ALREADY_OPEN']);
      expect(await paymentState(first.paymentId)).toBe('PENDING');
      // The gateway had taken the money after all: its IPN arrives late and pays the fee, once.
      expect(await ipn(first.paymentId, 50_000)).toBe('00');
      expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PAID', paymentId: first.paymentId });
      figures('money.expired-lock-silent-gateway', { tried: RACERS, opened, paid: await paidOf([first.paymentId]), through: opened });
    } finally {
      await faults({ querydr: 'ok' });
    }
  });

  it('an expired lock whose payment was taken but its IPN lost: the gateway is asked, the fee is paid by it, no new payment', async () => {
    const dossier = await dueDossier();
    const first = await (await startPayment(dossier.id)).json();
    await faults({ ipn: 'drop' });
    try {
      expect((await payOnSimulator(first.redirectUrl)).headers.get('x-simulator-ipn-rspcode')).toBe('dropped');
    } finally {
      await faults({ ipn: 'send' });
    }
    expect(await paymentState(first.paymentId)).toBe('PENDING');
    await ageOpenPayment(dossier.id, first.paymentId);
    const attempts = await Promise.all(Array.from({ length: RACERS }, () => startPayment(dossier.id)));
    const opened = attempts.filter((res) => res.status === 201).length;
    const codes = await Promise.all(attempts.map(async (res) => (await res.json()).code));
    // Whichever attempt asked first settled the holder as PAID; all are then refused because the fee is paid.
    expect(new Set(codes)).toEqual(new Set(['FEE_ALREADY_PAID']));
    expect(await paymentState(first.paymentId)).toBe('PAID');
    const records = (await (await fetch(`${simulatorUrl}/_records`)).json()) as { queries: Array<{ txnRef: string }> };
    expect(records.queries.some((q) => q.txnRef === first.paymentId)).toBe(true);
    figures('money.expired-lock-ipn-lost', { tried: RACERS, opened, paid: await paidOf([first.paymentId]), through: opened });
  });

  it('an expired lock the gateway never completed: it expires, one new payment opens; a late success of the old one pays nothing', async () => {
    const dossier = await dueDossier();
    const first = await (await startPayment(dossier.id)).json();
    await ageOpenPayment(dossier.id, first.paymentId);
    const attempts = await Promise.all(Array.from({ length: RACERS }, () => startPayment(dossier.id)));
    const opened = attempts.filter((res) => res.status === 201);
    expect(opened).toHaveLength(1);
    expect(await paymentState(first.paymentId)).toBe('EXPIRED');
    const second = await opened[0]!.json();

    // Both report success, in either order of arrival: exactly one PAID, the other a late success.
    const [late, onTime] = await Promise.all([ipn(first.paymentId, 50_000), ipn(second.paymentId, 50_000)]);
    expect([late, onTime]).toEqual(['00', '00']);
    expect(await paymentState(first.paymentId)).toBe('LATE_SUCCESS');
    expect(await paymentState(second.paymentId)).toBe('PAID');
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PAID', paymentId: second.paymentId });
    expect(await outboxEventsAbout('payment.late_success', first.paymentId)).toHaveLength(1);
    const paid = await paidOf([first.paymentId, second.paymentId]);
    figures('money.expired-lock-late-success', { tried: RACERS, opened: opened.length, paid, lateSuccesses: 1, through: paid - 1 });
    expect(paid).toBe(1);
  });
});

describe('a dossier that ends after its fee was paid says what is owed back', () => {
  it('withdrawn, refused or stopped: a paid fee is REFUND_DUE, a due one CANCELLED; a payment completing afterwards pays nothing', async () => {
    let tried = 0;
    let through = 0;
    const check = async (dossier: Dossier, end: () => Promise<Response | { status: number }>, expected: string) => {
      tried += 1;
      const res = await end();
      expect(res.status).toBe(200);
      const fee = (await reloadDossier(dossier.id)).fee;
      if (fee.state !== expected) through += 1;
      expect(fee.state).toBe(expected);
    };
    const paidDossier = async (status: Dossier['status']) => {
      const dossier = await dueDossier({ status, resumeStatus: null });
      const payment = await (await startPayment(dossier.id)).json();
      expect(await ipn(payment.paymentId, 50_000)).toBe('00');
      return reloadDossier(dossier.id);
    };
    const withdraw = (dossier: Dossier) => () => gateway.request('POST', `/dossiers/${dossier.id}/withdraw`, { token: citizen, json: { reason: 'Không còn nhu cầu' }, headers: key() });
    const officerDoes = (dossier: Dossier, action: 'refuse' | 'stop') => () =>
      gateway.request('POST', `/agency/dossiers/${dossier.id}/${action}`, { token: officer, json: { reason: 'Hồ sơ không hợp lệ' }, headers: key() });

    for (const status of ['SUBMITTED', 'PROCESSING'] as const) {
      const paid = await paidDossier(status);
      await check(paid, withdraw(paid), 'REFUND_DUE');
      const due = await dueDossier({ status, resumeStatus: null });
      await check(due, withdraw(due), 'CANCELLED');
    }
    const refused = await paidDossier('SUBMITTED');
    await check(refused, officerDoes(refused, 'refuse'), 'REFUND_DUE');
    const stopped = await paidDossier('PROCESSING');
    await check(stopped, officerDoes(stopped, 'stop'), 'REFUND_DUE');

    // Withdrawn while a payment was open: its success afterwards is kept as a late success, the fee stays CANCELLED.
    const open = await dueDossier({ status: 'PROCESSING', resumeStatus: null });
    const payment = await (await startPayment(open.id)).json();
    await check(open, withdraw(open), 'CANCELLED');
    tried += 1;
    expect(await ipn(payment.paymentId, 50_000)).toBe('00');
    if ((await paymentState(payment.paymentId)) !== 'LATE_SUCCESS') through += 1;
    expect(await paymentState(payment.paymentId)).toBe('LATE_SUCCESS');
    expect((await reloadDossier(open.id)).fee.state).toBe('CANCELLED');

    figures('money.ended-after-paying', { tried, through });
    expect(through).toBe(0);
  });
});

describe("the payment return URL is the stage's, whatever the request says (issue 12 point 9)", () => {
  /** A raw request, so that Host and the forwarding headers are exactly what an attacker sends. */
  function rawPost(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    const { hostname, port } = new URL(gateway.url);
    return new Promise((resolve, reject) => {
      const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('signs the configured return URL into every payment link, for crafted Host and X-Forwarded-* headers', async () => {
    const crafted: Array<Record<string, string>> = [
      { host: 'attacker.example' },
      { host: 'attacker.example:443', 'x-forwarded-proto': 'https' },
      { host: 'localhost', 'x-forwarded-proto': 'javascript:alert(1)//' },
      { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'http' },
      { host: 'dichvucong.example.vn.attacker.example', forwarded: 'host=attacker.example;proto=javascript' },
      { host: '127.0.0.1"><script>alert(1)</script>' },
    ];
    const expected = `${gateway.url}/payments/vnpay/return`;
    let through = 0;
    for (const headers of crafted) {
      const dossier = await dueDossier();
      const res = await rawPost(`/dossiers/${dossier.id}/payments`, { authorization: `Bearer ${citizen}`, 'idempotency-key': randomUUID(), ...headers }, JSON.stringify({ provider: 'vnpay' }));
      // A gateway may refuse a malformed Host outright; what it must never do is sign it.
      if (res.status !== 201) {
        expect(res.status).toBeLessThan(500);
        continue;
      }
      const returnUrl = new URL(JSON.parse(res.body).redirectUrl).searchParams.get('vnp_ReturnUrl');
      if (returnUrl !== expected) through += 1;
      expect(returnUrl).toBe(expected);
    }
    figures('money.return-url', { tried: crafted.length, through });
  });
});
