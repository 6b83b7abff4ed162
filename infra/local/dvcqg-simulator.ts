import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signatureHeader } from '../../shared/payments/signed-webhook';
import { DVCQG_SIGNATURE_HEADER } from '../../shared/dvcqg/authenticate';
import { dvcqgDate } from '../../shared/dvcqg/mapping';
import { DVCQG_ENV } from '../../shared/dvcqg/settings';

/**
 * A local stand-in for DVCQG (the National Public Service Portal), for `npm start` and the tests,
 * in the conventions of NATIONAL-INTERFACES.md §1: it forwards dossiers to the local gateway, signed
 * (a page, a command and `forward()`; supplements and withdrawals with `supplement()`, `withdraw()`), and answers the province's sync calls: create and update take
 * a one-element JSON array and answer `{error_code, message}` ("thành công"; create of a known
 * dossier: error_code "3", "Hồ sơ đã tồn tại"), progress takes up to 10 items and answers plain text
 * containing "thành công". It records every call, keeps what it applied (one progress item per
 * natural key: DVCQG is assumed to keep one copy of a repeated step), and fails on demand: errors,
 * timeouts (the change applied or not, the answer never arriving in time), "đã tồn tại". It also
 * serves the national procedure database (LayDanhSachTTHC, LayThuTuc) to the catalogue sync.
 */
export const DVCQG_SIMULATOR_PATH = '/_simulator/dvcqg';

export interface DvcqgFaults {
  /** Share of sync calls answered with an error (HTTP 500 or error_code -1, alternately). */
  errorRate: number;
  /** Share of sync calls whose answer comes after `timeoutMs` (half applied first, half not). */
  timeoutRate: number;
  timeoutMs: number;
  /** Create always answers "đã tồn tại", as for dossiers DVCQG holds already. */
  alreadyExists: boolean;
}

export interface SimulatedCall {
  at: string;
  op: 'create' | 'update' | 'progress' | 'list-procedures' | 'get-procedure';
  maHoSo: string[];
  outcome: 'ok' | 'exists' | 'invalid' | 'error' | 'timeout-applied' | 'timeout-dropped';
  /** Progress items this call applied (not counting those already held). */
  applied: number;
}

type Json = Record<string, unknown>;

export interface DvcqgSimulator {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  calls: SimulatedCall[];
  /** The dossiers as last updated, by MaHoSo. */
  dossiers: Map<string, Json>;
  /** Each dossier's progress, one item per step, in the order applied. */
  progress: Map<string, Json[]>;
  /** Progress items received again and kept once. */
  duplicates: number;
  /** Progress items that arrived with an earlier ThoiDiemXuLy than one already held (should stay 0). */
  outOfOrder: number;
  /** The national procedure database (CSDL TTHC) it serves to the catalogue sync, full records; change it at will. */
  catalogue: Json[];
  faults: DvcqgFaults;
  setFaults(faults: Partial<DvcqgFaults>): void;
  /** Serves a file as DVCQG's file store would, for papers given by URL; answers its URL. */
  publishFile(fileName: string, bytes: Buffer, contentType: string): string;
  /** Forwards a dossier to the gateway's inbound route, signed with the inbound secret. */
  forward(dossier: Json, options?: { secret?: string }): Promise<{ status: number; body: Json }>;
  /** Forwards the applicant's supplement (bổ sung) or withdrawal (rút) of a forwarded dossier, signed. */
  supplement(maHoSo: string, supplement: Json, options?: { secret?: string }): Promise<{ status: number; body: Json }>;
  withdraw(maHoSo: string, withdrawal?: Json, options?: { secret?: string }): Promise<{ status: number; body: Json }>;
}

const NO_FAULTS: DvcqgFaults = { errorRate: 0, timeoutRate: 0, timeoutMs: 1000, alreadyExists: false };

/** The env that points the connector at the simulator (merge into process.env before handlers load). */
export function localDvcqgEnv(gatewayUrl: string, inboundSecret: string): Record<string, string> {
  const host = new URL(gatewayUrl).host;
  return {
    [DVCQG_ENV.baseUrl]: `${gatewayUrl}${DVCQG_SIMULATOR_PATH}`,
    [DVCQG_ENV.inboundSecret]: inboundSecret,
    [DVCQG_ENV.fileHosts]: host,
  };
}

/** A minimal valid PDF, the paper of the sample dossier. */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A birth registration as DVCQG would forward it to the demo province (fictional applicant). */
export function sampleDossier(overrides: Json = {}): Json {
  const now = new Date();
  return {
    MaHoSo: `G22.99-${dvcqgDate(now.toISOString()).slice(2, 8)}-${String(randomInt(1e5)).padStart(5, '0')}`,
    MaTTHC: '1.001193',
    MaDonViHanhChinh: 'xa-an-binh',
    KenhThucHien: '2',
    NgayNopHoSo: dvcqgDate(now.toISOString()),
    ChuHoSo: 'Trần Thị Minh Thư',
    SoGiayToChuHoSo: '001190000001',
    LoaiDoiTuong: '1',
    SoDienThoai: '0900000001',
    TrichYeuHoSo: 'Đăng ký khai sinh cho con',
    DuLieuBieuMau: { child: { fullName: 'Trần Minh An', sex: 'male', birthDate: '2026-02-20', birthPlace: 'Trạm y tế xã An Bình' }, mother: { fullName: 'Trần Thị Minh Thư' }, relationship: 'mother' },
    TaiLieuNop: [{ TenTepDinhKem: 'giay-chung-sinh.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', Base64: SAMPLE_PDF.toString('base64') }],
    ...overrides,
  };
}

/**
 * A few records of the national procedure database in its shape (§1.6 d), for the demo province: the
 * birth and marriage registrations the seed has, and one procedure (fictional code) the seed does not.
 */
export function sampleNationalCatalogue(): Json[] {
  const record = (MATTHC: string, TENTTHC: string, days: string, fee: string, papers: [string, string][], extra: Json = {}) => ({
    MATTHC,
    ID: `QG-${MATTHC}`,
    TENTTHC,
    LOAITTHC: '1',
    TRANGTHAI: '1',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-TP12', TENLINHVUC: 'Hộ tịch' }],
    COQUANTHUCHIEN: [{ TENDONVI: 'Ủy ban nhân dân cấp xã' }],
    KETQUATHUCHIEN: [{ MAKETQUA: `KQ-${MATTHC}`, TENKETQUA: `Kết quả ${TENTTHC.toLowerCase()}` }],
    CACHTHUCTHUCHIEN: [
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: days, DONVITINH: 'Ngày làm việc', PHILEPHI: [{ SOTIEN: fee }] }] },
      { KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: days, DONVITINH: 'Ngày làm việc', PHILEPHI: [{ SOTIEN: fee }] }] },
    ],
    THANHPHANHOSO: [{ TRUONGHOP: 'Trường hợp chung', GIAYTO: papers.map(([MAGIAYTO, TENGIAYTO]) => ({ MAGIAYTO, TENGIAYTO, SOBANCHINH: '1', SOBANSAO: '0' })) }],
    CAPTHUCHIEN: [{ CAPTHUCHIEN: '3', MOTACOQUANTHUCHIEN: 'UBND cấp xã', DIACHITIEPNHAN: 'Bộ phận Một cửa UBND xã' }],
    IDQUYETDINHCONGBO: '1872',
    ...extra,
  });
  return [
    record('1.001193', 'Đăng ký khai sinh', '1', '0', [['giay-chung-sinh', 'Giấy chứng sinh']]),
    record('1.000894', 'Đăng ký kết hôn', '3', '0', [['to-khai-ket-hon', 'Tờ khai đăng ký kết hôn']]),
    record('1.900001', 'Đăng ký giám hộ (thủ tục mẫu)', '3', '0', [
      ['to-khai-giam-ho', 'Tờ khai đăng ký giám hộ'],
      ['van-ban-cu-giam-ho', 'Văn bản cử người giám hộ'],
    ]),
  ];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const DATE = /^(\d{14})?$/;
const progressKey = (item: Json) => ['MaHoSo', 'ThoiDiemXuLy', 'TrangThai', 'NoiDungXuLy', 'NguoiXuLy'].map((field) => String(item[field] ?? '')).join('|');

export function createDvcqgSimulator(options: { gatewayUrl: string; inboundSecret: string; basePath?: string; random?: () => number }): DvcqgSimulator {
  const base = options.basePath ?? DVCQG_SIMULATOR_PATH;
  const random = options.random ?? Math.random;
  const calls: SimulatedCall[] = [];
  const dossiers = new Map<string, Json>();
  const progress = new Map<string, Json[]>();
  const held = new Set<string>();
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const sim: DvcqgSimulator = {
    handle: () => false,
    calls,
    dossiers,
    progress,
    duplicates: 0,
    outOfOrder: 0,
    catalogue: sampleNationalCatalogue(),
    faults: { ...NO_FAULTS },
    setFaults: (faults) => {
      sim.faults = { ...sim.faults, ...faults };
    },
    publishFile: (fileName, bytes, contentType) => {
      const id = `${randomInt(1e9)}-${encodeURIComponent(fileName)}`;
      files.set(id, { bytes, contentType });
      return `${options.gatewayUrl}${base}/tep/${id}`;
    },
    forward: async (dossier, { secret } = {}) => {
      // DVCQG holds what it forwards: a later create from the province meets "đã tồn tại".
      if (typeof dossier.MaHoSo === 'string' && !dossiers.has(dossier.MaHoSo)) dossiers.set(dossier.MaHoSo, { MaHoSo: dossier.MaHoSo, TrangThaiHoSo: '1' });
      return send('/integrations/dvcqg/dossiers', dossier, secret);
    },
    supplement: (maHoSo, supplement, { secret } = {}) => send(`/integrations/dvcqg/dossiers/${encodeURIComponent(maHoSo)}/supplement`, supplement, secret),
    withdraw: (maHoSo, withdrawal = {}, { secret } = {}) => send(`/integrations/dvcqg/dossiers/${encodeURIComponent(maHoSo)}/withdraw`, withdrawal, secret),
  };

  /** A signed call to the province's inbound routes, as DVCQG (or the LGSP) makes it. */
  async function send(path: string, payload: Json, secret?: string): Promise<{ status: number; body: Json }> {
    const body = JSON.stringify(payload);
    const response = await fetch(`${options.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [DVCQG_SIGNATURE_HEADER]: signatureHeader(body, secret ?? options.inboundSecret, Math.floor(Date.now() / 1000)) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** Validates and applies one sync call; answers in DVCQG's conventions. */
  function apply(op: SimulatedCall['op'], payload: unknown): { outcome: 'ok' | 'exists' | 'invalid'; answer: string; applied: number } {
    const invalid = (why: string) => ({ outcome: 'invalid' as const, answer: op === 'progress' ? `Lỗi: ${why}` : JSON.stringify({ error_code: '-1', message: `Dữ liệu không hợp lệ: ${why}` }), applied: 0 });
    if (!Array.isArray(payload) || payload.length === 0) return invalid('cần một mảng JSON');
    if (op === 'progress') {
      if (payload.length > 10) return invalid('tối đa 10 tiến trình mỗi lần');
      for (const item of payload as Json[]) {
        if (!dossiers.has(String(item.MaHoSo))) return invalid(`không tìm thấy hồ sơ ${String(item.MaHoSo)}`);
        if (!/^\d{14}$/.test(String(item.ThoiDiemXuLy)) || !/^\d{1,2}$/.test(String(item.TrangThai))) return invalid('ThoiDiemXuLy hoặc TrangThai');
      }
      let applied = 0;
      for (const item of payload as Json[]) {
        const key = progressKey(item);
        if (held.has(key)) {
          sim.duplicates += 1;
          continue;
        }
        const list = progress.get(String(item.MaHoSo)) ?? [];
        const last = list[list.length - 1];
        if (last && String(last.ThoiDiemXuLy) > String(item.ThoiDiemXuLy)) sim.outOfOrder += 1;
        held.add(key);
        list.push(item);
        progress.set(String(item.MaHoSo), list);
        applied += 1;
      }
      return { outcome: 'ok', answer: `Đồng bộ tiến trình thành công (${applied} mới)`, applied };
    }
    if (payload.length !== 1) return invalid('mỗi lần một hồ sơ');
    const hoSo = payload[0] as Json;
    const code = String(hoSo.MaHoSo ?? '');
    if (!code) return invalid('MaHoSo');
    if (!/^([1-9]|10)$/.test(String(hoSo.TrangThaiHoSo))) return invalid('TrangThaiHoSo');
    for (const field of ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'NgayKetThucXuLy', 'NgayTuChoi', 'NgayNopHoSo']) if (!DATE.test(String(hoSo[field] ?? ''))) return invalid(field);
    if (op === 'create') {
      if (dossiers.has(code) || sim.faults.alreadyExists) return { outcome: 'exists', answer: JSON.stringify({ error_code: '3', message: 'Hồ sơ đã tồn tại' }), applied: 0 };
      dossiers.set(code, hoSo);
      return { outcome: 'ok', answer: JSON.stringify({ error_code: '0', message: 'Thêm mới hồ sơ thành công' }), applied: 0 };
    }
    if (!dossiers.has(code)) return invalid(`không tìm thấy hồ sơ ${code}`);
    dossiers.set(code, hoSo);
    return { outcome: 'ok', answer: JSON.stringify({ error_code: '0', message: 'Cập nhật hồ sơ thành công' }), applied: 0 };
  }

  async function sync(op: SimulatedCall['op'], req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      payload = undefined;
    }
    const maHoSo = Array.isArray(payload) ? [...new Set((payload as Json[]).map((item) => String(item?.MaHoSo ?? '')))] : [];
    const record = (outcome: SimulatedCall['outcome'], applied = 0) => calls.push({ at: new Date().toISOString(), op, maHoSo, outcome, applied });
    const roll = random();
    const { errorRate, timeoutRate, timeoutMs } = sim.faults;
    if (roll < errorRate) {
      record('error');
      if (calls.length % 2) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('Lỗi hệ thống');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error_code: '-1', message: 'Lỗi hệ thống, vui lòng thử lại sau' }));
    }
    if (roll < errorRate + timeoutRate) {
      const applyFirst = random() < 0.5;
      const result = applyFirst ? apply(op, payload) : undefined;
      record(applyFirst ? 'timeout-applied' : 'timeout-dropped', result?.applied ?? 0);
      await new Promise((resolve) => setTimeout(resolve, timeoutMs));
      if (!res.destroyed) {
        res.writeHead(504);
        res.end();
      }
      return;
    }
    const result = apply(op, payload);
    record(result.outcome, result.applied);
    res.writeHead(200, { 'content-type': op === 'progress' ? 'text/plain; charset=utf-8' : 'application/json' });
    res.end(result.answer);
  }

  /**
   * LayDanhSachTTHC (the list, summary records: no papers, so the province asks LayThuTuc for each)
   * and LayThuTuc?maTTHC= (one full record): a JSON string in `message` whose `result` holds them.
   */
  async function catalogueCall(op: 'list-procedures' | 'get-procedure', url: URL, res: ServerResponse) {
    const code = url.searchParams.get('maTTHC') ?? '';
    const record = (outcome: SimulatedCall['outcome']) => calls.push({ at: new Date().toISOString(), op, maHoSo: code ? [code] : [], outcome, applied: 0 });
    const roll = random();
    if (roll < sim.faults.errorRate) {
      record('error');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Lỗi hệ thống');
    }
    if (roll < sim.faults.errorRate + sim.faults.timeoutRate) {
      record('timeout-dropped');
      await new Promise((resolve) => setTimeout(resolve, sim.faults.timeoutMs));
      if (!res.destroyed) {
        res.writeHead(504);
        res.end();
      }
      return;
    }
    const result = op === 'list-procedures' ? sim.catalogue.map(({ THANHPHANHOSO: _papers, ...summary }) => summary) : sim.catalogue.filter((item) => item.MATTHC === code);
    record('ok');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error_code: '0', message: JSON.stringify({ result }) }));
  }

  function page(res: ServerResponse, notice = '') {
    const rows = [...dossiers.entries()]
      .map(([code, hoSo]) => {
        const steps = (progress.get(code) ?? []).map((item) => `<li>${escape(String(item.ThoiDiemXuLy))} · ${escape(String(item.TrangThai))} · ${escape(String(item.NoiDungXuLy))}</li>`).join('');
        return `<tr><td>${escape(code)}</td><td>${escape(String(hoSo.TrangThaiHoSo ?? ''))}</td><td>${escape(String(hoSo.NgayHenTra ?? ''))}</td><td><ol>${steps}</ol></td></tr>`;
      })
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>DVCQG simulator</title></head><body>
<h1>Cổng Dịch vụ công quốc gia (mô phỏng)</h1>${notice ? `<p><strong>${escape(notice)}</strong></p>` : ''}
<form method="post" action="${escape(base)}/forward"><label>Mã TTHC <input name="MaTTHC" value="1.001193"></label> <label>Đơn vị <input name="MaDonViHanhChinh" value="xa-an-binh"></label> <button type="submit">Chuyển hồ sơ mẫu đến tỉnh (forward a sample dossier)</button></form>
<h2>Hồ sơ đã đồng bộ (${dossiers.size}) · ${calls.length} lượt gọi</h2><table border="1" cellpadding="4"><tr><th>MaHoSo</th><th>TrangThaiHoSo</th><th>NgayHenTra</th><th>Tiến trình</th></tr>${rows}</table></body></html>`);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice(base.length) || '/';
    if (req.method === 'POST' && path === '/hoso/themmoi') return sync('create', req, res);
    if (req.method === 'POST' && path === '/hoso/capnhat') return sync('update', req, res);
    if (req.method === 'POST' && path === '/hoso/dongbotientrinh') return sync('progress', req, res);
    if (req.method === 'GET' && path === '/LayDanhSachTTHC') return catalogueCall('list-procedures', url, res);
    if (req.method === 'GET' && path === '/LayThuTuc') return catalogueCall('get-procedure', url, res);
    if (req.method === 'GET' && path === '/') return page(res);
    if (req.method === 'GET' && path.startsWith('/tep/')) {
      const file = files.get(path.slice('/tep/'.length));
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('Không tìm thấy tệp');
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
      return res.end(file.bytes);
    }
    if (req.method === 'POST' && path === '/forward') {
      const raw = await readBody(req);
      const json = (req.headers['content-type'] ?? '').includes('json');
      const given = json ? (JSON.parse(raw || '{}') as Json) : Object.fromEntries(new URLSearchParams(raw));
      const answer = await sim.forward(sampleDossier(given));
      if (json) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(answer.body));
      }
      return page(res, `HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    if (req.method === 'GET' && path === '/_calls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ calls, duplicates: sim.duplicates, outOfOrder: sim.outOfOrder, dossiers: Object.fromEntries(dossiers), progress: Object.fromEntries(progress) }));
    }
    if (req.method === 'POST' && path === '/_faults') {
      sim.setFaults(JSON.parse((await readBody(req)) || '{}') as Partial<DvcqgFaults>);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(sim.faults));
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Không tìm thấy');
  }

  sim.handle = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    serve(req, res, url).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Simulator error');
      } else res.end();
    });
    return true;
  };
  return sim;
}
