import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { amountOf, paygovTime, signMessage, verifyMaXacThuc } from '../../shared/payments/paygov';
import { PAYGOV_ENV } from '../../shared/payments/secrets';

/**
 * A local stand-in for PayGov (the national payment platform, NATIONAL-INTERFACES.md §2), for
 * `npm start` and the tests, in its conventions: POST JSON messages checked by their SHA-256
 * MaXacThuc. INIT (`<base>/init`) answers `{ error_code: "0", message: "<JSON with UrlThanhToan>" }`;
 * that page (`<base>/pay?ref=`) offers Success / Failure; the choice is sent to the local gateway's
 * `/webhooks/payments/paygov` as a signed confirm message, then the browser goes to the return page
 * (`/payments/paygov/return?data=<MaThamChieu>`, PayGov's browser return as the province's code reads
 * it). QUERY (`<base>/query`) answers TrangThaiGD 1 paid, 3 not completed, 4 failed, MaLoi 01 for a
 * reference it never saw; GET_BILL (`<base>/bill`) answers a PDF receipt of a paid one. ThoiGianGD is
 * accepted with 12-hour hours too (PayGov's own quirk).
 *
 * It records every call (`records`, `GET <base>/_records`) and fails on demand (`setFaults`,
 * `POST <base>/_faults`): a confirm dropped, sent with a forged MaXacThuc, another amount, or twice;
 * INIT, QUERY or GET_BILL answering an error (error_code / MaLoi 99), HTTP 503, or nothing at all
 * (held `timeoutMs`, then the connection dropped); QUERY answering a forged MaXacThuc.
 */
export const PAYGOV_SIMULATOR_PATH = '/_simulator/paygov';

export interface PaygovFaults {
  confirm: 'send' | 'drop' | 'forged' | 'amount-mismatch' | 'twice';
  init: 'ok' | 'error' | 'unavailable' | 'timeout';
  query: 'ok' | 'error' | 'unavailable' | 'timeout' | 'forged';
  bill: 'ok' | 'error' | 'unavailable' | 'timeout';
  timeoutMs: number;
}

export interface PaygovRecords {
  inits: Array<{ at: string; reference: string; amount: number | undefined; partnerCode: string; checksum: boolean; time: string; errorCode: string; message: Record<string, unknown> }>;
  confirms: Array<{ at: string; reference: string; maLoi: string; soTien: number; forged: boolean; status: number | null; answer: unknown }>;
  queries: Array<{ at: string; reference: string; checksum: boolean; maLoi: string | null; trangThaiGD: string | null }>;
  bills: Array<{ at: string; reference: string; checksum: boolean; status: number | null }>;
}

export interface PaygovSimulator {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  records: PaygovRecords;
  faults: PaygovFaults;
  setFaults(faults: Partial<PaygovFaults>): void;
}

/** The env that makes the API use the simulator (merge into process.env before handlers load). */
export function localPaygovEnv(baseUrl: string, credentials: { partnerCode: string; secret: string }, basePath = PAYGOV_SIMULATOR_PATH): Record<string, string> {
  return {
    [PAYGOV_ENV.partnerCode]: credentials.partnerCode,
    [PAYGOV_ENV.secret]: credentials.secret,
    [PAYGOV_ENV.initUrl]: `${baseUrl}${basePath}/init`,
    [PAYGOV_ENV.queryUrl]: `${baseUrl}${basePath}/query`,
    [PAYGOV_ENV.billUrl]: `${baseUrl}${basePath}/bill`,
  };
}

interface Transaction {
  reference: string;
  amount: number;
  description: string;
  time: string;
  status: '1' | '3' | '4';
  transactionNo?: string;
  paidAt?: string;
  receipt: Record<string, unknown>;
}

const NO_FAULTS: PaygovFaults = { confirm: 'send', init: 'ok', query: 'ok', bill: 'ok', timeoutMs: 10_000 };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** yyyyMMdd then the time with 24- or 12-hour hours. */
const PAYGOV_TIME = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 256 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`,
  );
}

const parse = (raw: string): Record<string, unknown> => {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
const str = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

async function receiptPdf(transaction: Transaction): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([420, 300]);
  const lines = [
    'BIEN LAI DIEN TU - PayGov (simulator)',
    `MaThamChieu: ${transaction.reference}`,
    `MaGiaoDich: ${transaction.transactionNo ?? ''}`,
    `MaHoSo: ${str(transaction.receipt.MaHoSo)}`,
    `SoTien: ${transaction.amount} VND`,
  ];
  for (const [i, line] of lines.entries()) page.drawText(line, { x: 24, y: 260 - i * 22, size: 12, font });
  return pdf.save();
}

/** Handles requests under basePath only (returns false for any other). */
export function createPaygovSimulator(options: { gatewayUrl: string; partnerCode: string; secret: string; basePath?: string; fetch?: typeof fetch }): PaygovSimulator {
  const base = options.basePath ?? PAYGOV_SIMULATOR_PATH;
  const doFetch = options.fetch ?? fetch;
  const transactions = new Map<string, Transaction>();
  const records: PaygovRecords = { inits: [], confirms: [], queries: [], bills: [] };
  const faults: PaygovFaults = { ...NO_FAULTS };
  const now = () => new Date().toISOString();

  /** Holds the request, then drops the connection: the caller's timeout decides. */
  const hang = (res: ServerResponse) => {
    setTimeout(() => res.socket?.destroy(), faults.timeoutMs).unref();
  };
  /** Answers a fault, or returns false when none applies. */
  function failed(res: ServerResponse, fault: string): boolean {
    if (fault === 'timeout') {
      hang(res);
      return true;
    }
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return true;
    }
    return false;
  }

  function init(message: Record<string, unknown>, res: ServerResponse) {
    const checksum = verifyMaXacThuc('INIT', message, options.secret);
    const reference = str(message.MaThamChieu);
    const amount = amountOf(message.SoTien);
    const refuse = (code: string, text: string) => ({ error_code: code, message: text });
    const answer =
      faults.init === 'error'
        ? refuse('99', 'Lỗi hệ thống')
        : !checksum
          ? refuse('97', 'Sai mã xác thực')
          : message.MaDoiTac !== options.partnerCode
            ? refuse('02', 'Mã đối tác không hợp lệ')
            : message.LoaiBanTin !== 'INIT' || message.PhienBan !== '1.0.6' || !reference || amount === undefined || amount <= 0 || message.MaTienTe !== 'VND' || !PAYGOV_TIME.test(str(message.ThoiGianGD))
              ? refuse('03', 'Dữ liệu không hợp lệ')
              : transactions.has(reference)
                ? refuse('05', 'Mã tham chiếu đã tồn tại')
                : undefined;
    const receipt = (message.ThongTinBienLai && typeof message.ThongTinBienLai === 'object' ? message.ThongTinBienLai : {}) as Record<string, unknown>;
    records.inits.push({ at: now(), reference, amount, partnerCode: str(message.MaDoiTac), checksum, time: str(message.ThoiGianGD), errorCode: answer?.error_code ?? '0', message });
    if (answer) return json(res, 200, answer);
    transactions.set(reference, { reference, amount: amount!, description: str(message.ThongTinGiaoDich), time: str(message.ThoiGianGD), status: '3', receipt });
    const page = new URL(`${options.gatewayUrl}${base}/pay`);
    page.searchParams.set('ref', reference);
    // As PayGov answers it: `message` is itself a JSON string.
    json(res, 200, { error_code: '0', message: JSON.stringify({ UrlThanhToan: page.toString(), MaThamChieu: reference }) });
  }

  /** The confirm message PayGov sends for a transaction (signed, or forged on demand). */
  function confirmMessage(transaction: Transaction, paid: boolean) {
    const soTien = faults.confirm === 'amount-mismatch' ? transaction.amount + 1000 : transaction.amount;
    const message = {
      LoaiBanTin: 'IPN',
      MaLoi: paid ? '00' : '07',
      MaDoiTac: options.partnerCode,
      MaThamChieu: transaction.reference,
      SoTien: soTien,
      MaTienTe: 'VND',
      MaGiaoDich: transaction.transactionNo ?? '',
      MaNganHang: 'VCB',
      ThoiGianGD: paygovTime(new Date()),
      ThongTinGiaoDich: transaction.description,
    };
    return signMessage('IPN', message, faults.confirm === 'forged' ? `${options.secret}-forged` : options.secret);
  }

  async function sendConfirm(transaction: Transaction, paid: boolean): Promise<number | null> {
    const message = confirmMessage(transaction, paid);
    const record = { at: now(), reference: transaction.reference, maLoi: message.MaLoi, soTien: message.SoTien, forged: faults.confirm === 'forged', status: null as number | null, answer: null as unknown };
    records.confirms.push(record);
    try {
      const answer = await doFetch(`${options.gatewayUrl}/webhooks/payments/paygov`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
      record.status = answer.status;
      record.answer = await answer.json().catch(() => null);
    } catch {
      // Unreachable: PayGov's QUERY is then the way to learn the outcome.
    }
    return record.status;
  }

  async function pay(reference: string, outcome: 'success' | 'failure', res: ServerResponse) {
    const transaction = transactions.get(reference);
    if (transaction?.status !== '3') return html(res, 400, 'PayGov simulator', '<p>Giao dịch không tồn tại hoặc đã kết thúc.</p>');
    const paid = outcome === 'success';
    transaction.status = paid ? '1' : '4';
    if (paid) {
      transaction.transactionNo = `PG${randomInt(1e9, 1e10)}`;
      transaction.paidAt = paygovTime(new Date());
    }
    let status: number | null = null;
    if (faults.confirm !== 'drop') {
      status = await sendConfirm(transaction, paid);
      if (faults.confirm === 'twice') status = await sendConfirm(transaction, paid);
    }
    const back = new URL(`${options.gatewayUrl}/payments/paygov/return`);
    back.searchParams.set('data', reference);
    res.writeHead(302, { location: back.toString(), 'x-simulator-confirm-status': String(status ?? 'none') });
    res.end();
  }

  function query(message: Record<string, unknown>, res: ServerResponse) {
    const reference = str(message.MaThamChieu);
    const checksum = verifyMaXacThuc('QUERY', message, options.secret);
    const record = { at: now(), reference, checksum, maLoi: null as string | null, trangThaiGD: null as string | null };
    records.queries.push(record);
    if (failed(res, faults.query)) return;
    const transaction = transactions.get(reference);
    const answer = {
      LoaiBanTin: 'QUERY',
      MaDoiTac: options.partnerCode,
      MaThamChieu: reference,
      ThoiGianGD: str(message.ThoiGianGD),
      ...(faults.query === 'error'
        ? { MaLoi: '99', MoTaLoi: 'Lỗi hệ thống' }
        : !checksum
          ? { MaLoi: '97', MoTaLoi: 'Sai mã xác thực' }
          : !transaction || transaction.time !== message.ThoiGianGD
            ? { MaLoi: '01', MoTaLoi: 'Không tìm thấy giao dịch' }
            : {
                MaLoi: '00',
                MoTaLoi: 'Thành công',
                SoTien: transaction.amount,
                MaTienTe: 'VND',
                MaGiaoDich: transaction.transactionNo ?? '',
                MaNganHang: 'VCB',
                ThongTinGiaoDich: transaction.description,
                TrangThaiGD: transaction.status,
              }),
    };
    record.maLoi = answer.MaLoi;
    record.trangThaiGD = 'TrangThaiGD' in answer ? answer.TrangThaiGD : null;
    json(res, 200, signMessage('IPN', answer, faults.query === 'forged' ? `${options.secret}-forged` : options.secret));
  }

  async function bill(message: Record<string, unknown>, res: ServerResponse) {
    const reference = str(message.MaThamChieu);
    const checksum = verifyMaXacThuc('GET_BILL', message, options.secret);
    const record = { at: now(), reference, checksum, status: null as number | null };
    records.bills.push(record);
    if (failed(res, faults.bill)) return;
    const transaction = transactions.get(reference);
    if (faults.bill === 'error' || !checksum || transaction?.status !== '1') {
      record.status = 200;
      return json(res, 200, { MaLoi: faults.bill === 'error' ? '99' : !checksum ? '97' : '01', MoTaLoi: 'Không có biên lai' });
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end(Buffer.from(await receiptPdf(transaction)));
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice(base.length);
    if (req.method === 'POST' && path === '/init') {
      const raw = await readBody(req);
      if (failed(res, faults.init)) return;
      return init(parse(raw), res);
    }
    if (req.method === 'POST' && path === '/query') return query(parse(await readBody(req)), res);
    if (req.method === 'POST' && path === '/bill') return bill(parse(await readBody(req)), res);
    if (req.method === 'GET' && path === '/pay') {
      const transaction = transactions.get(url.searchParams.get('ref') ?? '');
      if (!transaction) return html(res, 404, 'PayGov simulator', '<p>Không tìm thấy giao dịch.</p>');
      const button = (outcome: string, label: string) => `<button type="submit" name="outcome" value="${outcome}">${label}</button>`;
      return html(
        res,
        200,
        'PayGov simulator: thanh toán',
        `<p>${escape(transaction.description)}</p><p><strong>${transaction.amount.toLocaleString('vi-VN')} VND</strong></p>
<form method="post" action="${escape(base)}/pay"><input type="hidden" name="ref" value="${escape(transaction.reference)}">${button('success', 'Thanh toán thành công (success)')} ${button('failure', 'Hủy / thất bại (failure)')}</form>`,
      );
    }
    if (req.method === 'POST' && path === '/pay') {
      const form = new URLSearchParams(await readBody(req));
      return pay(form.get('ref') ?? '', form.get('outcome') === 'success' ? 'success' : 'failure', res);
    }
    if (req.method === 'POST' && path === '/_faults') {
      setFaults(parse(await readBody(req)) as Partial<PaygovFaults>);
      return json(res, 200, faults);
    }
    if (req.method === 'GET' && path === '/_records') return json(res, 200, records);
    return html(res, 404, 'PayGov simulator', '<p>Not found</p>');
  }

  function setFaults(asked: Partial<PaygovFaults>) {
    const pick = <K extends keyof PaygovFaults>(key: K, allowed: readonly PaygovFaults[K][]) => {
      if (allowed.includes(asked[key] as PaygovFaults[K])) faults[key] = asked[key] as PaygovFaults[K];
    };
    pick('confirm', ['send', 'drop', 'forged', 'amount-mismatch', 'twice']);
    pick('init', ['ok', 'error', 'unavailable', 'timeout']);
    pick('query', ['ok', 'error', 'unavailable', 'timeout', 'forged']);
    pick('bill', ['ok', 'error', 'unavailable', 'timeout']);
    if (Number.isInteger(asked.timeoutMs) && asked.timeoutMs! > 0 && asked.timeoutMs! <= 60_000) faults.timeoutMs = asked.timeoutMs!;
  }

  return {
    records,
    faults,
    setFaults,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
      serve(req, res, url).catch(() => {
        if (!res.headersSent) html(res, 500, 'PayGov simulator', '<p>Simulator error</p>');
        else res.end();
      });
      return true;
    },
  };
}
