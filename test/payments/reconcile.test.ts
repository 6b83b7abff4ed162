import { createServer, type Server } from 'node:http';
import { hash } from 'vnpay/utils';
import { HashAlgorithm } from 'vnpay/enums';
import { createLogger } from '../../shared/logger';
import { reconcilePayments } from '../../shared/payments/reconcile';
import { useLocalWorld } from '../support/local';
import { arrangeDossier, HASH_SECRET, outboxEventsAbout, reloadDossier, setPaymentEnv, TMN_CODE } from './support';

/**
 * Reconciliation against a fake VNPay querydr API on 127.0.0.1, which checks our request's hash and
 * signs its answers with the `vnpay` package's hash utility.
 */
type Verdict = { status: 'paid' | 'pending' | 'unknown'; amount?: number };
const verdicts = new Map<string, Verdict>();
const received: Array<Record<string, string>> = [];
let provider: Server;
let providerUrl: string;
const { gateway } = useLocalWorld();
let citizen: string;

const sha512 = (data: string) => hash(HASH_SECRET, Buffer.from(data, 'utf-8'), HashAlgorithm.SHA512);

beforeAll(async () => {
  provider = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const q = JSON.parse(raw) as Record<string, string>;
      received.push(q);
      const expected = sha512([q.vnp_RequestId, q.vnp_Version, q.vnp_Command, q.vnp_TmnCode, q.vnp_TxnRef, q.vnp_TransactionDate, q.vnp_CreateDate, q.vnp_IpAddr, q.vnp_OrderInfo].join('|'));
      const verdict = verdicts.get(q.vnp_TxnRef!) ?? { status: 'unknown' };
      const answer: Record<string, string> =
        expected !== q.vnp_SecureHash
          ? { vnp_ResponseId: '1', vnp_Command: 'querydr', vnp_ResponseCode: '97', vnp_Message: 'Invalid checksum', vnp_TmnCode: TMN_CODE }
          : verdict.status === 'unknown'
            ? { vnp_ResponseId: '2', vnp_Command: 'querydr', vnp_ResponseCode: '91', vnp_Message: 'Not found', vnp_TmnCode: TMN_CODE, vnp_TxnRef: q.vnp_TxnRef! }
            : {
                vnp_ResponseId: '3',
                vnp_Command: 'querydr',
                vnp_ResponseCode: '00',
                vnp_Message: 'QueryDR Success',
                vnp_TmnCode: TMN_CODE,
                vnp_TxnRef: q.vnp_TxnRef!,
                vnp_Amount: String((verdict.amount ?? 0) * 100),
                vnp_BankCode: 'NCB',
                vnp_PayDate: '20250601120000',
                vnp_TransactionNo: '99887766',
                vnp_TransactionType: '01',
                vnp_TransactionStatus: verdict.status === 'paid' ? '00' : '01',
                vnp_OrderInfo: q.vnp_OrderInfo!,
              };
      const fields = [
        'vnp_ResponseId',
        'vnp_Command',
        'vnp_ResponseCode',
        'vnp_Message',
        'vnp_TmnCode',
        'vnp_TxnRef',
        'vnp_Amount',
        'vnp_BankCode',
        'vnp_PayDate',
        'vnp_TransactionNo',
        'vnp_TransactionType',
        'vnp_TransactionStatus',
        'vnp_OrderInfo',
        'vnp_PromotionCode',
        'vnp_PromotionAmount',
      ];
      answer.vnp_SecureHash = sha512(fields.map((field) => answer[field] ?? '').join('|'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as { port: number }).port}/merchant_webapi/api/transaction`;
  setPaymentEnv({ VNPAY_QUERY_URL: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction' });
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
});
afterAll(async () => {
  await new Promise((resolve) => {
    provider.closeAllConnections();
    provider.close(resolve);
  });
});

async function openPayment() {
  const dossier = await arrangeDossier();
  const res = await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': dossier.id } });
  expect(res.status).toBe(201);
  return { dossier, paymentId: (await res.json()).paymentId as string };
}

const state = async (id: string) => (await (await gateway.request('GET', `/payments/${id}`, { token: citizen })).json()).state;
const log = createLogger();
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);
/** The injected fetch: whatever URL the settings name, the fake provider answers. */
const toFakeProvider: typeof fetch = (_url, init) => fetch(providerUrl, init);

describe('payment reconciliation (schedule payment-reconciliation)', () => {
  it('settles payments the gateway completed, leaves pending ones open, and expires those never completed', async () => {
    const paid = await openPayment();
    const pending = await openPayment();
    const lost = await openPayment();
    const young = await openPayment();
    verdicts.set(paid.paymentId, { status: 'paid', amount: 50_000 });
    verdicts.set(pending.paymentId, { status: 'pending', amount: 50_000 });

    // Nothing is asked about before N (15) minutes.
    expect((await reconcilePayments({ log, fetch: toFakeProvider, now: minutesFromNow(10) })).checked).toBe(0);

    const first = await reconcilePayments({ log, fetch: toFakeProvider, now: minutesFromNow(16) });
    expect(first).toMatchObject({ checked: 4, paid: 1, expired: 0, stillOpen: 3, errors: 0 });
    expect(await state(paid.paymentId)).toBe('PAID');
    expect((await reloadDossier(paid.dossier.id)).fee.state).toBe('PAID');
    expect(await outboxEventsAbout('payment.confirmed', paid.paymentId)).toHaveLength(1);
    expect(received.every((q) => q.vnp_Command === 'querydr' && q.vnp_TmnCode === TMN_CODE && q.vnp_Version === '2.1.0')).toBe(true);

    // Past vnp_ExpireDate (+ grace), what the gateway never completed expires; the paid one is no longer asked about.
    verdicts.set(young.paymentId, { status: 'paid', amount: 50_000 });
    const second = await reconcilePayments({ log, fetch: toFakeProvider, now: minutesFromNow(30) });
    expect(second).toMatchObject({ checked: 3, paid: 1, expired: 2 });
    expect(await state(pending.paymentId)).toBe('EXPIRED');
    expect(await state(lost.paymentId)).toBe('EXPIRED');
    expect(await state(young.paymentId)).toBe('PAID');
    expect(await outboxEventsAbout('payment.failed', lost.paymentId)).toHaveLength(1);

    // An expired payment frees the fee for a new payment.
    const again = await gateway.request('POST', `/dossiers/${lost.dossier.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': 'retry-after-expiry' } });
    expect(again.status).toBe(201);
  });

  it('keeps a payment open when the gateway cannot be reached or answers a bad checksum', async () => {
    const { paymentId } = await openPayment();
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const report = await reconcilePayments({ log, fetch: unreachable, now: minutesFromNow(60) });
    expect(report.expired).toBe(0);
    expect(await state(paymentId)).toBe('PENDING');
    const forged: typeof fetch = async () => new Response(JSON.stringify({ vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TxnRef: paymentId, vnp_Amount: '5000000', vnp_SecureHash: 'ab' }));
    await reconcilePayments({ log, fetch: forged, now: minutesFromNow(60) });
    expect(await state(paymentId)).toBe('PENDING');
  });
});
