import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipnFields, queryParams, signParams, signQueryDrResponse, verifySignedParams, vnpDate } from '../../shared/payments/vnpay';
import { PAYMENT_ENV } from '../../shared/payments/secrets';

/**
 * A local stand-in for VNPay's payment page, for `npm start`: the payment URL the API builds opens a
 * page with Success and Failure buttons; the choice is sent to the local gateway as a correctly
 * signed IPN, then the browser goes to vnp_ReturnUrl, as VNPay would do. It also answers querydr,
 * so reconciliation runs locally too. Mount it in front of the local gateway:
 *
 *   const simulator = createVnpaySimulator({ gatewayUrl, tmnCode, hashSecret });
 *   createServer((req, res) => { if (simulator(req, res)) return; ...gateway... });
 *
 * and point VNPAY_PAY_URL / VNPAY_QUERY_URL at it (see localVnpayEnv).
 *
 * Faults on demand, for tests and demos: `POST <base>/_faults` with JSON `{ "querydr": "ok" |
 * "unavailable", "ipn": "send" | "drop" }` (unavailable: querydr answers HTTP 503; drop: a payment
 * is taken but its IPN is never sent, as when VNPay's IPN is lost). `GET <base>/_records` lists what
 * it received: `{ queries: [{ txnRef, at }], payments: [{ txnRef, outcome, ipnSent }] }`.
 */
export interface VnpaySimulatorOptions {
  /** Base URL of the local gateway that serves /webhooks/vnpay/ipn. */
  gatewayUrl: string;
  tmnCode: string;
  hashSecret: string;
  /** Path prefix it answers under. */
  basePath?: string;
  /** For tests. */
  fetch?: typeof fetch;
}

export const SIMULATOR_BASE_PATH = '/_simulator/vnpay';

/** The env that makes the API use the simulator (merge into process.env before handlers load). */
export function localVnpayEnv(baseUrl: string, credentials: { tmnCode: string; hashSecret: string }, basePath = SIMULATOR_BASE_PATH): Record<string, string> {
  return {
    [PAYMENT_ENV.tmnCode]: credentials.tmnCode,
    [PAYMENT_ENV.hashSecret]: credentials.hashSecret,
    [PAYMENT_ENV.payUrl]: `${baseUrl}${basePath}/pay`,
    [PAYMENT_ENV.queryUrl]: `${baseUrl}${basePath}/querydr`,
  };
}

interface SimulatedTransaction {
  params: Record<string, string>;
}

export interface SimulatorFaults {
  querydr: 'ok' | 'unavailable';
  ipn: 'send' | 'drop';
}

export interface SimulatorRecords {
  queries: Array<{ txnRef: string; at: string }>;
  payments: Array<{ txnRef: string; outcome: 'success' | 'failure'; ipnSent: boolean }>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => { size += chunk.length; if (size <= 64 * 1024) chunks.push(chunk); });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Returns a request handler that answers (and returns true) for paths under basePath only. */
export function createVnpaySimulator(options: VnpaySimulatorOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const base = options.basePath ?? SIMULATOR_BASE_PATH;
  const doFetch = options.fetch ?? fetch;
  const transactions = new Map<string, SimulatedTransaction>();
  const faults: SimulatorFaults = { querydr: 'ok', ipn: 'send' };
  const records: SimulatorRecords = { queries: [], payments: [] };

  /** A payment request as VNPay checks it: our signature, our merchant, not expired. */
  function check(raw: string): { params: Record<string, string> } | { error: string } {
    const params = queryParams(raw);
    if (!verifySignedParams(params, options.hashSecret)) return { error: 'Sai chữ ký (invalid signature, code 70)' };
    if (params.vnp_TmnCode !== options.tmnCode) return { error: 'Website chưa được phê duyệt (unknown merchant, code 02)' };
    if (params.vnp_ExpireDate && vnpDate(new Date()) > params.vnp_ExpireDate) return { error: 'Giao dịch đã hết hạn (expired, code 11)' };
    return { params };
  }

  async function pay(raw: string, outcome: 'success' | 'failure', res: ServerResponse) {
    const checked = check(raw);
    if ('error' in checked) return html(res, 400, 'VNPay simulator', `<p>${escape(checked.error)}</p>`);
    const request = checked.params;
    const paid = outcome === 'success';
    const ipn = signParams({
      vnp_Amount: request.vnp_Amount!,
      vnp_BankCode: 'NCB',
      ...(paid ? { vnp_BankTranNo: `VNP${randomInt(1e7, 1e8)}`, vnp_CardType: 'ATM' } : {}),
      vnp_OrderInfo: request.vnp_OrderInfo ?? '',
      vnp_PayDate: vnpDate(new Date()),
      vnp_ResponseCode: paid ? '00' : '24',
      vnp_TmnCode: options.tmnCode,
      vnp_TransactionNo: paid ? String(randomInt(1e7, 1e8)) : '0',
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_TxnRef: request.vnp_TxnRef!,
    }, options.hashSecret);
    transactions.set(request.vnp_TxnRef!, { params: ipn });
    const query = new URLSearchParams(ipn).toString();
    let rspCode = faults.ipn === 'drop' ? 'dropped' : 'unreachable';
    if (faults.ipn === 'send') {
      try {
        const answer = await doFetch(`${options.gatewayUrl}/webhooks/vnpay/ipn?${query}`);
        rspCode = ((await answer.json()) as { RspCode?: string }).RspCode ?? 'none';
      } catch {
        // VNPay retries its IPN; the simulator leaves that to reconciliation (querydr below).
      }
    }
    records.payments.push({ txnRef: request.vnp_TxnRef!, outcome, ipnSent: faults.ipn === 'send' });
    const back = new URL(request.vnp_ReturnUrl!);
    back.search = query;
    res.writeHead(302, { location: back.toString(), 'x-simulator-ipn-rspcode': rspCode });
    res.end();
  }

  function queryDr(body: string, res: ServerResponse) {
    let request: Record<string, string> = {};
    try { request = JSON.parse(body) as Record<string, string>; } catch { /* answered as not found */ }
    records.queries.push({ txnRef: request.vnp_TxnRef ?? '', at: new Date().toISOString() });
    if (faults.querydr === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    const known = request.vnp_TxnRef ? transactions.get(request.vnp_TxnRef) : undefined;
    const common = { vnp_ResponseId: String(randomInt(1e9, 1e10)), vnp_Command: 'querydr', vnp_TmnCode: options.tmnCode, vnp_TxnRef: request.vnp_TxnRef ?? '' };
    const answer = known
      ? { ...common, vnp_ResponseCode: '00', vnp_Message: 'QueryDR Success', vnp_Amount: known.params.vnp_Amount, vnp_BankCode: 'NCB', vnp_PayDate: known.params.vnp_PayDate,
          vnp_TransactionNo: known.params.vnp_TransactionNo, vnp_TransactionType: '01', vnp_TransactionStatus: known.params.vnp_TransactionStatus, vnp_OrderInfo: known.params.vnp_OrderInfo }
      : { ...common, vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(signQueryDrResponse(answer, options.hashSecret)));
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice(base.length);
    if (req.method === 'GET' && path === '/pay') {
      const raw = url.search.slice(1);
      const checked = check(raw);
      if ('error' in checked) return html(res, 400, 'VNPay simulator', `<p>${escape(checked.error)}</p>`);
      const amount = ipnFields(checked.params).amount ?? 0;
      const button = (outcome: string, label: string) => `<button type="submit" name="outcome" value="${outcome}">${label}</button>`;
      return html(res, 200, 'VNPay simulator: thanh toán', `<p>${escape(checked.params.vnp_OrderInfo ?? '')}</p><p><strong>${amount.toLocaleString('vi-VN')} VND</strong></p>
<form method="post" action="${escape(base)}/pay"><input type="hidden" name="q" value="${escape(raw)}">${button('success', 'Thanh toán thành công (success)')} ${button('failure', 'Hủy / thất bại (failure)')}</form>`);
    }
    if (req.method === 'POST' && path === '/pay') {
      const form = new URLSearchParams(await readBody(req));
      const outcome = form.get('outcome') === 'success' ? 'success' : 'failure';
      return pay(form.get('q') ?? '', outcome, res);
    }
    if (req.method === 'POST' && path === '/querydr') return queryDr(await readBody(req), res);
    if (req.method === 'POST' && path === '/_faults') {
      let asked: Partial<SimulatorFaults> = {};
      try { asked = JSON.parse(await readBody(req)) as Partial<SimulatorFaults>; } catch { /* nothing changes */ }
      if (asked.querydr === 'ok' || asked.querydr === 'unavailable') faults.querydr = asked.querydr;
      if (asked.ipn === 'send' || asked.ipn === 'drop') faults.ipn = asked.ipn;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(faults));
      return;
    }
    if (req.method === 'GET' && path === '/_records') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(records));
      return;
    }
    return html(res, 404, 'VNPay simulator', '<p>Not found</p>');
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    serve(req, res, url).catch(() => {
      if (!res.headersSent) html(res, 500, 'VNPay simulator', '<p>Simulator error</p>');
      else res.end();
    });
    return true;
  };
}
