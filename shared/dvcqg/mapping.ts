/**
 * DVCQG's shapes and our dossier, pure (no AWS): dates as `yyyyMMddHHmmss` in Vietnam time, status
 * codes (§0.1 of NATIONAL-INTERFACES.md, with the province's remapping), the dossier object
 * `HoSoDongBoDVC` (§1.3) and the progress items `QuaTrinhXuLyDongBoDVC` (§1.4).
 */
import type { Dossier, HistoryEntry } from '../domain/dossier';
import { statusCode, type DossierStatus } from '../domain/dossier-lifecycle';
import { VN_OFFSET_MS } from '../domain/vietnam-time';

/** `yyyyMMddHHmmss` in Vietnam time; '' when absent, as DVCQG expects for unset dates. */
export function dvcqgDate(iso: string | undefined): string {
  if (!iso) return '';
  const local = new Date(new Date(iso).getTime() + VN_OFFSET_MS).toISOString();
  return local.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant of a `yyyyMMddHHmmss` Vietnam-time date, or undefined when it is not a real one. */
export function parseDvcqgDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(utc - VN_OFFSET_MS);
}

/** Channel codes `KenhThucHien` (§0): 1 at the desk, 2 online, 3 by public post. */
export const CHANNEL_CODES = { desk: '1', online: '2', dvcqg: '2', post: '3' } as const;

/**
 * The province's mapping, as data (setting DVCQG_MAPPING): national procedure codes (MaTTHC) to our
 * catalogue with their paper codes (MaThanhPhanHoSo) and main result code, national unit codes to
 * ours, and the status codes DVCQG is sent. A national code absent from `procedures` maps to our
 * procedure of the same code (the demo catalogue uses national codes), a paper code to our paper of
 * the same id, a unit code to our unit of the same id.
 */
export interface DvcqgMapping {
  procedures: Record<string, { procedureCode: string; papers?: Record<string, string>; resultCode?: string }>;
  units: Record<string, string>;
  /** Our status code → the code DVCQG is sent as TrangThaiHoSo. Default: 5, 6 and 8 as 9, as the reference system does (§1.3). */
  statuses: Record<string, string>;
}

export const DEFAULT_STATUS_MAP: Readonly<Record<string, string>> = { '5': '9', '6': '9', '8': '9' };

/** Our procedure for a national code, and back. */
export const procedureFor = (mapping: DvcqgMapping, nationalCode: string) => mapping.procedures[nationalCode]?.procedureCode ?? nationalCode;
export function nationalProcedureCode(mapping: DvcqgMapping, procedureCode: string): string {
  return Object.entries(mapping.procedures).find(([, entry]) => entry.procedureCode === procedureCode)?.[0] ?? procedureCode;
}
export const paperFor = (mapping: DvcqgMapping, nationalCode: string, paperCode: string) => mapping.procedures[nationalCode]?.papers?.[paperCode] ?? paperCode;
function paperCodeOf(mapping: DvcqgMapping, nationalCode: string, paperId: string): string {
  const papers = mapping.procedures[nationalCode]?.papers ?? {};
  return Object.entries(papers).find(([, id]) => id === paperId)?.[0] ?? paperId;
}
export const unitFor = (mapping: DvcqgMapping, unitCode: string) => mapping.units[unitCode] ?? unitCode;

/** TrangThaiHoSo of a status, remapped as the province is told to. */
export function dossierStatusCode(mapping: DvcqgMapping, status: DossierStatus): string {
  const code = String(statusCode(status) ?? '');
  return mapping.statuses[code] ?? code;
}

/** The code DVCQG knows the dossier by: the national code it forwarded, else ours. */
export const maHoSo = (dossier: Pick<Dossier, 'code' | 'national'>) => dossier.national?.code ?? dossier.code ?? '';

/** What the mapping needs besides the dossier: names from the catalogue and links to files. */
export interface SyncContext {
  mapping: DvcqgMapping;
  procedureName: string;
  field: string;
  agencyName: string;
  /** Public, expiring links: papers by objectKey, and the result document. */
  paperUrl: (objectKey: string) => string;
  resultUrl?: string;
  resultFileName?: string;
}

/** LoaiDinhDanh of an identity number (§1.3 DinhDanhCHS): 12 digits → 1, 9 → 2. */
function identity(number: string): { LoaiDinhDanh: string; SoDinhDanh: string } {
  if (/^\d{12}$/.test(number)) return { LoaiDinhDanh: '1', SoDinhDanh: number };
  if (/^\d{9}$/.test(number)) return { LoaiDinhDanh: '2', SoDinhDanh: number };
  return { LoaiDinhDanh: '2', SoDinhDanh: '000000001' };
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 5)}...` : text);

/** The dossier object HoSoDongBoDVC (§1.3), sent in a one-element array to create and to update. */
export function toHoSo(dossier: Dossier, history: readonly HistoryEntry[], ctx: SyncContext) {
  const nationalCode = dossier.national?.procedureCode ?? nationalProcedureCode(ctx.mapping, dossier.procedureCode);
  const lastOf = (...actions: string[]) => [...history].reverse().find((entry) => actions.includes(entry.action))?.at;
  const receivedAt = dossier.submittedAt;
  const paid = dossier.fee.state === 'PAID' && dossier.fee.amount > 0;
  const channel = dossier.channel ?? 'online';
  return {
    MaHoSo: maHoSo(dossier),
    MaTTHC: nationalCode,
    TenTTHC: ctx.procedureName,
    MaLinhVuc: '',
    TenLinhVuc: ctx.field,
    KenhThucHien: dossier.national?.channelCode ?? CHANNEL_CODES[channel],
    ChuHoSo: dossier.applicant.fullName,
    SoGiayToChuHoSo: dossier.applicant.nationalId,
    LoaiDoiTuong: dossier.national?.applicantKind ?? '1',
    MaDoiTuong: dossier.national?.applicantTechId ?? null,
    ThongTinKhac: '',
    Email: dossier.applicant.email ?? '',
    Fax: '',
    SoDienThoai: dossier.applicant.phone ?? '',
    TrichYeuHoSo: cut(dossier.national?.summary ?? ctx.procedureName, 1000),
    NgayTiepNhan: dvcqgDate(receivedAt),
    NgayNopHoSo: dvcqgDate(dossier.national?.submittedAt ?? receivedAt),
    NgayHenTra: dvcqgDate(dossier.appointmentAt),
    NgayTra: dvcqgDate(dossier.status === 'RETURNED' ? lastOf('return') : undefined),
    NgayKetThucXuLy: dvcqgDate(dossier.result?.resolvedAt ?? (['STOPPED', 'WITHDRAWN'].includes(dossier.status) ? lastOf('stop', 'withdraw') : undefined)),
    NgayTuChoi: dvcqgDate(dossier.status === 'NOT_ACCEPTED' ? lastOf('refuse') : undefined),
    TrangThaiHoSo: dossierStatusCode(ctx.mapping, dossier.status),
    ThongTinTra: '',
    HinhThuc: dossier.delivery?.method === 'post' ? '1' : '0',
    DonViXuLy: ctx.agencyName,
    GhiChu: '',
    NoiNopHoSo: '2',
    HoSoCoThanhPhanSoHoa: dossier.papers.some((paper) => paper.verifiedAt) ? '1' : '0',
    TaiKhoanDuocXacThucVoiVNeID: '0',
    DuocThanhToanTrucTuyen: paid ? '1' : '0',
    TaiLieuNop: dossier.papers
      .filter((paper) => paper.verifiedAt)
      .map((paper) => ({
        TepDinhKemId: '',
        TenTepDinhKem: cut(paper.fileName, 4000),
        IsDeleted: 'False',
        MaThanhPhanHoSo: paperCodeOf(ctx.mapping, nationalCode, paper.paperId),
        DuongDanTaiTepTin: ctx.paperUrl(paper.objectKey),
        DuocSoHoa: '1',
        // TrangThaiSoHoa 2 (a stored paper reused) → "1", 3 (another dossier's result standing for it) → "2" (NATIONAL-INTERFACES.md §1.3, §5).
        DuocTaiSuDung: paper.reused ? (paper.reused.documentId.startsWith('r_') ? '2' : '1') : '0',
        DuocLayTuKhoDMQG: '0',
        MaKetQuaThayThe: '',
      })),
    DanhSachLePhi: paid ? [{ TenPhiLePhi: `Lệ phí ${ctx.procedureName}`, MaPhiLePhi: '1', HinhThucThu: '1', Gia: String(dossier.fee.amount), LoaiPhiLePhi: '1' }] : [],
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: [],
    DanhSachGiayToKetQua: ctx.resultUrl
      ? [{ TenGiayTo: ctx.resultFileName ?? 'Kết quả', MaThanhPhanHoSo: '', GiayToId: '', DuongDanTepTinKetQua: ctx.resultUrl, MaGiayToKetQua: ctx.mapping.procedures[nationalCode]?.resultCode ?? '' }]
      : [],
    DinhDanhCHS: [identity(dossier.applicant.nationalId)],
    DSKetNoiCSDL: [{ MaCSDL: '7' }],
  };
}
export type HoSoDongBoDVC = ReturnType<typeof toHoSo>;

/** What each of our history actions reads as in DVCQG's progress list (NoiDungXuLy). */
const ACTION_TEXT: Record<string, string> = {
  submit: 'Nộp hồ sơ trực tuyến',
  route: 'Chuyển hồ sơ đến cơ quan giải quyết',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận hồ sơ',
  process: 'Chuyển xử lý hồ sơ',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Công dân bổ sung hồ sơ',
  'request-payment': 'Yêu cầu thực hiện nghĩa vụ tài chính',
  pay: 'Công dân thực hiện nghĩa vụ tài chính',
  transfer: 'Chuyển hồ sơ sang cơ quan khác',
  resolve: 'Kết thúc xử lý hồ sơ',
  stop: 'Dừng xử lý hồ sơ',
  return: 'Trả kết quả',
  reschedule: 'Gia hạn ngày hẹn trả',
  withdraw: 'Công dân rút hồ sơ',
  overdue: 'Hồ sơ quá hạn giải quyết',
  refund: 'Hoàn trả phí, lệ phí',
};

const ACTOR_TEXT: Record<HistoryEntry['actor']['role'], string> = { citizen: 'Công dân', officer: 'Chuyên viên', admin: 'Quản trị viên', system: 'Hệ thống' };

/** A history entry with the dossier version it made (history items are keyed by version). */
export interface VersionedEntry {
  version: number;
  entry: HistoryEntry;
}

/** History entries DVCQG is told about: every one from the submission on (a draft's edits are ours alone). */
export const isSyncedStep = (entry: HistoryEntry) => entry.to !== 'DRAFT' && entry.action !== 'create' && entry.action !== 'edit';

/** One progress item QuaTrinhXuLyDongBoDVC (§1.4) per history entry. */
export function toProgressItem(dossier: Dossier, step: VersionedEntry, ctx: Pick<SyncContext, 'agencyName'>) {
  const { entry } = step;
  const viaDvcqg = dossier.channel === 'dvcqg' && entry.actor.sub.startsWith('dvcqg:');
  const text = entry.action === 'submit' && dossier.channel === 'dvcqg' ? 'Tiếp nhận hồ sơ từ Cổng Dịch vụ công quốc gia' : (ACTION_TEXT[entry.action] ?? entry.action);
  return {
    MaHoSo: maHoSo(dossier),
    NguoiXuLy: cut(viaDvcqg ? 'Cổng Dịch vụ công quốc gia' : (ACTOR_TEXT[entry.actor.role] ?? 'Chuyên viên'), 50),
    ChucDanh: '',
    ThoiDiemXuLy: dvcqgDate(entry.at),
    PhongBanXuLy: entry.actor.role === 'officer' ? ctx.agencyName : '',
    NoiDungXuLy: entry.note ? `${text}: ${cut(entry.note, 900)}` : text,
    TrangThai: String(statusCode(entry.to) ?? ''),
    NgayBatDau: dvcqgDate(entry.at),
    NgayKetThucTheoQuyDinh: dvcqgDate(dossier.appointmentAt),
  };
}
export type QuaTrinhXuLyDongBoDVC = ReturnType<typeof toProgressItem>;

/** DVCQG takes at most this many progress items per call (§1.2). */
export const PROGRESS_CHUNK = 10;

/** Success and "already exists" in DVCQG's text conventions (§1.5), case- and accent-exact. */
const normalise = (text: string) => text.normalize('NFC').toLocaleLowerCase('vi');
export const saysSuccess = (text: string) => normalise(text).includes('thành công');
export const saysAlreadyExists = (text: string) => normalise(text).includes('đã tồn tại');
