import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hmacSha512, ipnFields, queryParams, refundRequestData, sameDigest, signParams, signQueryDrResponse, signRefundResponse, verifySignedParams, vnpDate } from '../../shared/payments/vnpay';
import { PAYMENT_ENV } from '../../shared/payments/secrets';

/**
 * A local stand-in for VNPay's payment page, for `npm start`: the payment URL the API builds opens a
 * page with Success and Failure buttons; the choice is sent to the local gateway as a correctly
 * signed IPN, then the browser goes to vnp_ReturnUrl, as VNPay would do. Its API endpoint (VNPay's
 * merchant_webapi/api/transaction, here `<base>/querydr`) answers `vnp_Command` querydr (so
 * reconciliation runs locally) and refund (checked and signed as VNPay does, full 02 or partial 03,
 * never more than was paid; a repeated vnp_RequestId gets its first answer). Mount it in front of the local gateway:
 *
 *   const simulator = createVnpaySimulator({ gatewayUrl, tmnCode, hashSecret });
 *   createServer((req, res) => { if (simulator(req, res)) return; ...gateway... });
 *
 * and point VNPAY_PAY_URL / VNPAY_QUERY_URL at it (see localVnpayEnv).
 *
 * Faults on demand, for tests and demos: `POST <base>/_faults` with JSON `{ "querydr": "ok" |
 * "unavailable", "ipn": "send" | "drop", "refund": "ok" | "unavailable" | "lost" | "refuse" }`
 * (unavailable: HTTP 503, nothing done; drop: a payment is taken but its IPN is never sent, as when
 * VNPay's IPN is lost; lost: the refund is made but the connection drops before the answer; refuse:
 * vnp_ResponseCode 95). `GET <base>/_records` lists what it received: `{ queries: [{ txnRef, at }],
 * payments: [{ txnRef, outcome, ipnSent }], refunds: [{ requestId, txnRef, amount, transactionType,
 * createBy, responseCode, at }] }` (refunds: each call, repeats included).
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
  refund: 'ok' | 'unavailable' | 'lost' | 'refuse';
}

export interface SimulatorRecords {
  queries: Array<{ txnRef: string; at: string }>;
  payments: Array<{ txnRef: string; outcome: 'success' | 'failure'; ipnSent: boolean }>;
  refunds: Array<{ requestId: string; txnRef: string; amount: number; transactionType: string; createBy: string; responseCode: string | null; at: string }>;
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
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Returns a request handler that answers (and returns true) for paths under basePath only. */
export function createVnpaySimulator(options: VnpaySimulatorOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const base = options.basePath ?? SIMULATOR_BASE_PATH;
  const doFetch = options.fetch ?? fetch;
  const transactions = new Map<string, SimulatedTransaction>();
  const faults: SimulatorFaults = { querydr: 'ok', ipn: 'send', refund: 'ok' };
  const records: SimulatorRecords = { queries: [], payments: [], refunds: [] };
  /** Refunds made, by vnp_RequestId, with their answer (a repeated request id gets it again). */
  const refundAnswers = new Map<string, Record<string, unknown>>();
  const refundedOf = (txnRef: string) => [...refundAnswers.values()].filter((a) => a.vnp_TxnRef === txnRef && a.vnp_ResponseCode === '00').reduce((sum, a) => sum + Number(a.vnp_Amount) / 100, 0);

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
    const ipn = signParams(
      {
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
      },
      options.hashSecret,
    );
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

  /** VNPay's refund: our signature (97), our merchant (02), a paid transaction (91, 95), no more than was paid (03). */
  function refund(request: Record<string, string>, res: ServerResponse) {
    const amount = /^\d{1,17}$/.test(request.vnp_Amount ?? '') ? Number(request.vnp_Amount) / 100 : Number.NaN;
    const record = {
      requestId: request.vnp_RequestId ?? '',
      txnRef: request.vnp_TxnRef ?? '',
      amount,
      transactionType: request.vnp_TransactionType ?? '',
      createBy: request.vnp_CreateBy ?? '',
      responseCode: null as string | null,
      at: new Date().toISOString(),
    };
    records.refunds.push(record);
    if (faults.refund === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    const answer = refundAnswers.get(record.requestId) ?? decideRefund(request, amount);
    if (answer.vnp_ResponseCode === '00') refundAnswers.set(record.requestId, answer);
    record.responseCode = String(answer.vnp_ResponseCode);
    if (faults.refund === 'lost') {
      // The refund is made; the answer never arrives.
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(signRefundResponse(answer, options.hashSecret)));
  }

  function decideRefund(request: Record<string, string>, amount: number): Record<string, unknown> {
    const known = request.vnp_TxnRef ? transactions.get(request.vnp_TxnRef) : undefined;
    const common = {
      vnp_ResponseId: String(randomInt(1e9, 1e10)),
      vnp_Command: 'refund',
      vnp_TmnCode: options.tmnCode,
      vnp_TxnRef: request.vnp_TxnRef ?? '',
      vnp_Amount: request.vnp_Amount ?? '',
      vnp_OrderInfo: request.vnp_OrderInfo ?? '',
    };
    const refused = (code: string, message: string) => ({ ...common, vnp_ResponseCode: code, vnp_Message: message });
    if (!sameDigest(hmacSha512(options.hashSecret, refundRequestData(request)), request.vnp_SecureHash ?? '')) return refused('97', 'Invalid Checksum');
    if (request.vnp_TmnCode !== options.tmnCode) return refused('02', 'Invalid TmnCode');
    if (faults.refund === 'refuse') return refused('95', 'VNPAY refuses to process the request');
    if (!known) return refused('91', 'Transaction not found');
    if (known.params.vnp_TransactionStatus !== '00') return refused('95', 'Transaction not successful');
    const paid = Number(known.params.vnp_Amount) / 100;
    const full = request.vnp_TransactionType === '02';
    if (!Number.isSafeInteger(amount) || amount <= 0 || refundedOf(request.vnp_TxnRef!) + amount > paid || (full && amount !== paid) || !['02', '03'].includes(request.vnp_TransactionType ?? '')) {
      return refused('03', 'Invalid data format (amount)');
    }
    return {
      ...common,
      vnp_ResponseCode: '00',
      vnp_Message: 'Refund Success',
      vnp_BankCode: 'NCB',
      vnp_PayDate: vnpDate(new Date()),
      vnp_TransactionNo: String(randomInt(1e7, 1e8)),
      vnp_TransactionType: request.vnp_TransactionType,
      vnp_TransactionStatus: '05',
    };
  }

  function api(body: string, res: ServerResponse) {
    let request: Record<string, string> = {};
    try {
      request = JSON.parse(body) as Record<string, string>;
    } catch {
      /* answered as not found */
    }
    if (request.vnp_Command === 'refund') return refund(request, res);
    return queryDr(request, res);
  }

  function queryDr(request: Record<string, string>, res: ServerResponse) {
    records.queries.push({ txnRef: request.vnp_TxnRef ?? '', at: new Date().toISOString() });
    if (faults.querydr === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    const known = request.vnp_TxnRef ? transactions.get(request.vnp_TxnRef) : undefined;
    const common = { vnp_ResponseId: String(randomInt(1e9, 1e10)), vnp_Command: 'querydr', vnp_TmnCode: options.tmnCode, vnp_TxnRef: request.vnp_TxnRef ?? '' };
    const answer = known
      ? {
          ...common,
          vnp_ResponseCode: '00',
          vnp_Message: 'QueryDR Success',
          vnp_Amount: known.params.vnp_Amount,
          vnp_BankCode: 'NCB',
          vnp_PayDate: known.params.vnp_PayDate,
          vnp_TransactionNo: known.params.vnp_TransactionNo,
          vnp_TransactionType: '01',
          vnp_TransactionStatus: known.params.vnp_TransactionStatus,
          vnp_OrderInfo: known.params.vnp_OrderInfo,
        }
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
      return html(
        res,
        200,
        'VNPay simulator: thanh toán',
        `<p>${escape(checked.params.vnp_OrderInfo ?? '')}</p><p><strong>${amount.toLocaleString('vi-VN')} VND</strong></p>
<form method="post" action="${escape(base)}/pay"><input type="hidden" name="q" value="${escape(raw)}">${button('success', 'Thanh toán thành công (success)')} ${button('failure', 'Hủy / thất bại (failure)')}</form>`,
      );
    }
    if (req.method === 'POST' && path === '/pay') {
      const form = new URLSearchParams(await readBody(req));
      const outcome = form.get('outcome') === 'success' ? 'success' : 'failure';
      return pay(form.get('q') ?? '', outcome, res);
    }
    if (req.method === 'POST' && path === '/querydr') return api(await readBody(req), res);
    if (req.method === 'POST' && path === '/_faults') {
      let asked: Partial<SimulatorFaults> = {};
      try {
        asked = JSON.parse(await readBody(req)) as Partial<SimulatorFaults>;
      } catch {
        /* nothing changes */
      }
      if (asked.querydr === 'ok' || asked.querydr === 'unavailable') faults.querydr = asked.querydr;
      if (asked.ipn === 'send' || asked.ipn === 'drop') faults.ipn = asked.ipn;
      if (asked.refund && ['ok', 'unavailable', 'lost', 'refuse'].includes(asked.refund)) faults.refund = asked.refund;
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
