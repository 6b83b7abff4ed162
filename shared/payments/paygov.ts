/**
 * PayGov's protocol (Nền tảng thanh toán quốc gia, "DvcPayment", message version 1.0.6), pure:
 * the INIT, QUERY and GET_BILL requests, the confirm callback (IPN) and its answer, and the
 * checksum MaXacThuc: SHA-256 of the fields joined by `|` with the shared secret last, lower-case
 * hex (NATIONAL-INTERFACES.md §2). node:crypto only.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { say } from '../domain/field-messages';
import { sameDigest } from './vnpay';

export const PAYGOV_VERSION = '1.0.6';

/** The fields each message's MaXacThuc covers, in PayGov's order (the secret is appended last). */
export const CHECKSUM_FIELDS = {
  INIT: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'LoaiHinhThanhToan', 'MaKenhThanhToan', 'MaThietBi', 'NgonNgu', 'MaTienTe', 'MaNganHang', 'ThongTinGiaoDich', 'ThoiGianGD', 'Ip'],
  QUERY: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'],
  GET_BILL: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'],
  /** The confirm callback; our QUERY answers are checked over the same fields (a QUERY answer is a confirm message). */
  IPN: ['LoaiBanTin', 'MaLoi', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'MaTienTe', 'MaGiaoDich', 'MaNganHang', 'ThoiGianGD', 'ThongTinGiaoDich'],
} as const;
export type PaygovMessage = keyof typeof CHECKSUM_FIELDS;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** MaXacThuc of a message: absent fields count as empty. */
export function maXacThuc(kind: PaygovMessage, message: Readonly<Record<string, unknown>>, secret: string): string {
  const data = [...CHECKSUM_FIELDS[kind].map((field) => text(message[field])), secret].join('|');
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** Whether `message.MaXacThuc` is this message's checksum, compared in constant time. */
export function verifyMaXacThuc(kind: PaygovMessage, message: Readonly<Record<string, unknown>>, secret: string): boolean {
  return typeof message.MaXacThuc === 'string' && sameDigest(maXacThuc(kind, message, secret), message.MaXacThuc);
}

export const signMessage = <T extends Record<string, unknown>>(kind: PaygovMessage, message: T, secret: string): T & { MaXacThuc: string } => ({ ...message, MaXacThuc: maXacThuc(kind, message, secret) });

/**
 * ThoiGianGD: yyyyMMddHHmmss in Vietnam time. PayGov's own code formats it with a 12-hour `hh`; we
 * send 24-hour hours and only ever compare what we sent, so either form is tolerated when read.
 */
export function paygovTime(date: Date): string {
  const gmt7 = new Date(date.getTime() + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${gmt7.getUTCFullYear()}${pad(gmt7.getUTCMonth() + 1)}${pad(gmt7.getUTCDate())}${pad(gmt7.getUTCHours())}${pad(gmt7.getUTCMinutes())}${pad(gmt7.getUTCSeconds())}`;
}

/** What the receipt PayGov issues (ThongTinBienLai) says about the fee: never part of the checksum. */
export interface PaygovReceiptInfo {
  dossierCode: string;
  procedure: { code: string; name: string };
  agency: { code: string; name: string; beneficiary: { account: string; bankCode: string; name: string } };
  payer: { fullName: string; idNumber?: string; address?: string };
}

export interface InitInput {
  partnerCode: string;
  secret: string;
  /** Our payment id: PayGov's MaThamChieu, letters and digits. */
  reference: string;
  /** Integer VND. */
  amount: number;
  /** ASCII, e.g. "THANH TOAN HO SO <code>". */
  description: string;
  at: Date;
  ip: string;
  locale?: 'vi-VN' | 'en-US';
  receipt: PaygovReceiptInfo;
}

/** PayGov shortens names longer than 250 characters to 200 and "...". */
const shortName = (name: string) => (name.length > 250 ? `${name.slice(0, 200)}...` : name);

/** The INIT message; its answer carries the payment page (UrlThanhToan). */
export function initRequest(input: InitInput): Record<string, unknown> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new Error('amount must be a positive integer VND');
  const maDvc = `${input.receipt.procedure.code}.01`;
  const message = {
    LoaiBanTin: 'INIT',
    PhienBan: PAYGOV_VERSION,
    MaDoiTac: input.partnerCode,
    MaThamChieu: input.reference,
    SoTien: String(input.amount),
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: input.locale ?? 'vi-VN',
    MaTienTe: 'VND',
    MaNganHang: 'PAYMENT',
    ThongTinGiaoDich: input.description,
    ThoiGianGD: paygovTime(input.at),
    Ip: input.ip,
  };
  const { receipt } = input;
  return {
    ...signMessage('INIT', message, input.secret),
    ThongTinBienLai: {
      MaDichVu: '2',
      MaDVC: maDvc,
      TenDVC: shortName(receipt.procedure.name),
      TenTTHC: shortName(receipt.procedure.name),
      MaTTHC: receipt.procedure.code,
      MaDonVi: receipt.agency.code,
      TenDonVi: receipt.agency.name,
      MaHoSo: receipt.dossierCode,
      TKThuHuong: receipt.agency.beneficiary.account,
      MaNHThuHuong: receipt.agency.beneficiary.bankCode,
      TenTKThuHuong: receipt.agency.beneficiary.name,
      HoTenNguoiNop: receipt.payer.fullName,
      SoCMNDNguoiNop: receipt.payer.idNumber ?? '000000000',
      DiaChiNguoiNop: receipt.payer.address ?? '',
      NoiDungThanhToan: input.description,
      PhiLePhi: [{ LoaiPhiLePhi: 'Phi', MaPhiLePhi: maDvc, TenPhiLePhi: input.description, SoTien: input.amount }],
      DSKhoanNop: [{ NoiDung: input.description, SoTien: input.amount }],
    },
  };
}

/** The INIT answer `{ error_code, message }`: "0" and a JSON string holding UrlThanhToan, or a refusal. */
export function readInitResponse(answer: unknown): { kind: 'ok'; url: string } | { kind: 'refused'; detail: string } {
  const { error_code: code, message } = (answer ?? {}) as { error_code?: unknown; message?: unknown };
  if (String(code) !== '0') return { kind: 'refused', detail: `INIT error_code ${text(code) || 'missing'}` };
  let inner: unknown = message;
  if (typeof message === 'string') {
    try {
      inner = JSON.parse(message);
    } catch {
      return { kind: 'refused', detail: 'INIT message is not JSON' };
    }
  }
  const url = (inner as { UrlThanhToan?: unknown } | null)?.UrlThanhToan;
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return { kind: 'refused', detail: 'INIT answer without a payment URL' };
  return { kind: 'ok', url };
}

/** The QUERY (and GET_BILL) message about one of our transactions; ThoiGianGD is the INIT's. */
export function lookupRequest(kind: 'QUERY' | 'GET_BILL', input: { partnerCode: string; secret: string; reference: string; initiatedAt: Date }): Record<string, string> {
  return signMessage(kind, { LoaiBanTin: kind, PhienBan: PAYGOV_VERSION, MaDoiTac: input.partnerCode, MaThamChieu: input.reference, ThoiGianGD: paygovTime(input.initiatedAt) }, input.secret);
}

export type QueryResult =
  | { kind: 'invalid-checksum' }
  | { kind: 'not-found' }
  | { kind: 'paid'; amount: number | undefined; transactionNo: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'pending' }
  | { kind: 'error'; code: string };

/** Integer VND, or undefined for anything else (a fraction, a sign, an exponent). */
export function amountOf(value: unknown): number | undefined {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * A QUERY answer: MaLoi "00" and TrangThaiGD 1 paid, 3 pending (PayGov unsure), 4 failed; MaLoi "01"
 * the reference is unknown to PayGov. Its MaXacThuc is checked over the confirm message's fields.
 */
export function readQueryResponse(answer: Readonly<Record<string, unknown>>, secret: string): QueryResult {
  if (!verifyMaXacThuc('IPN', answer, secret)) return { kind: 'invalid-checksum' };
  const code = text(answer.MaLoi);
  if (code === '01') return { kind: 'not-found' };
  if (code !== '00') return { kind: 'error', code };
  const status = text(answer.TrangThaiGD);
  if (status === '1') return { kind: 'paid', amount: amountOf(answer.SoTien), transactionNo: text(answer.MaGiaoDich) };
  if (status === '3' || status === '') return { kind: 'pending' };
  return { kind: 'failed', reason: `TrangThaiGD ${status}` };
}

/** The confirm callback's answer: HTTP 200 with these echoed, the other fields null (§2.3). */
export function confirmAnswer(message: Readonly<Record<string, unknown>>, partnerCode: string) {
  // Bounded: a refusal echoes what an anonymous caller sent.
  const echo = (value: unknown) => text(value).slice(0, 64);
  return { MaLoi: echo(message.MaLoi), MoTaLoi: '', MaDoiTac: partnerCode, ThoiGianGD: echo(message.ThoiGianGD), MaXacThuc: echo(message.MaXacThuc) };
}

/** Our refusals of a confirm callback, in its answer's shape (the original answers 500; ours are 4xx). */
export const CONFIRM_REFUSALS = {
  invalidChecksum: { MaLoi: '97', MoTaLoi: 'Mã xác thực (MaXacThuc) không hợp lệ' },
  notFound: { MaLoi: '01', MoTaLoi: 'Không tìm thấy giao dịch (MaThamChieu)' },
  amountMismatch: { MaLoi: '04', MoTaLoi: 'Số tiền (SoTien) không khớp với giao dịch' },
  invalidMessage: { MaLoi: '03', MoTaLoi: 'Dữ liệu không đúng định dạng' },
} as const;

/** The confirm callback's body, read once its checksum is verified (fields PayGov may leave null are optional). */
const maybe = (max: number) => z.string().max(max).nullish();
export const PaygovConfirmBody = z.looseObject({
  LoaiBanTin: maybe(32),
  MaLoi: z.string().min(1).max(10),
  MaDoiTac: z.string().min(1).max(64),
  MaThamChieu: z.string().min(1).max(64),
  SoTien: z.union([z.number().int().min(0), z.string().regex(/^\d{1,15}$/, say('integerVnd'))]),
  MaTienTe: maybe(3),
  MaGiaoDich: maybe(64),
  MaNganHang: maybe(32),
  ThoiGianGD: maybe(20),
  ThongTinGiaoDich: maybe(500),
  MaXacThuc: z.string().regex(/^[0-9a-f]{64}$/i),
});
export type PaygovConfirmBody = z.infer<typeof PaygovConfirmBody>;
