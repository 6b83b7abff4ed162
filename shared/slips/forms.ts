import type { Applicant } from '../domain/dossier';
import type { SlipKind } from '../domain/slip-kind';
import { toVnIso, vnDateWords, vnMomentWords, vnShort } from '../domain/vietnam-time';
import type { Block, SlipLayout } from './layout';
import { qrPayload, SYSTEM_NAME, type QrFields } from './qr';

/**
 * The statutory slips of Thông tư 01/2018/TT-VPCP (../shared/LEGAL.md R9), as layouts: pure
 * functions from what the slip states to what the page shows. The wording follows the forms; the
 * QR carries the fields of Thông tư 01/2023/TT-VPCP (R12).
 */

/** Form number and title of each slip, and of the agency's tracking book (form 06). */
export const SLIP_FORMS: Readonly<Record<SlipKind | 'tracking-book', { form: string; title: string }>> = {
  receipt: { form: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
  'supplement-request': { form: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
  refusal: { form: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
  apology: { form: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' },
  control: { form: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
  'tracking-book': { form: '06', title: 'Sổ theo dõi hồ sơ' },
};

/** What every slip states about its dossier. */
export interface SlipSubject {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicant: Pick<Applicant, 'fullName' | 'nationalId' | 'phone' | 'email' | 'address'>;
  /** The issuing agency, e.g. `UBND xã An Bình`, and where it sits, e.g. `Xã An Bình`. */
  agencyName: string;
  place: string;
  issuedAt: Date;
  verifyUrl: string;
}

export interface ControlStep {
  step: string;
  actor: string;
  at: Date;
  deadline?: Date;
  note?: string;
}

/** What each kind of slip states besides its subject. */
export type SlipFacts =
  | { kind: 'receipt'; receivedAt: Date; appointmentAt: Date; papers: readonly string[]; processingTime: string; delivery: string; receivedBy: string }
  | { kind: 'supplement-request'; receivedAt: Date; reason: string; items: readonly string[]; deadline?: Date; requestedBy: string }
  | { kind: 'refusal'; receivedAt: Date; reason: string; refusedBy: string }
  | { kind: 'apology'; receivedAt: Date; previousAppointmentAt: Date; appointmentAt: Date; reason: string }
  | { kind: 'control'; receivedAt?: Date; appointmentAt?: Date; steps: readonly ControlStep[] };

/** Before, on or after its deadline, in the words of form 05. */
export function timeliness(at: Date, deadline: Date | undefined): string {
  if (!deadline) return '';
  const day = (d: Date) => toVnIso(d).slice(0, 10);
  if (day(at) < day(deadline)) return 'Trước hạn';
  return at.getTime() <= deadline.getTime() ? 'Đúng hạn' : 'Quá hạn';
}

const SUBMITTER = { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)' };

/** The QR fields of a slip: the applicant id is the căn cước number, as TT 01/2023 asks. */
export function slipQrFields(subject: SlipSubject, kind: SlipKind, appointmentAt?: Date): QrFields {
  return {
    dossierCode: subject.dossierCode,
    procedureCode: subject.procedureCode,
    applicantId: subject.applicant.nationalId,
    documentName: SLIP_FORMS[kind].title,
    systemName: SYSTEM_NAME,
    issuedAt: toVnIso(subject.issuedAt),
    ...(appointmentAt ? { appointmentAt: toVnIso(appointmentAt) } : {}),
    verifyUrl: subject.verifyUrl,
  };
}

/** The page of one slip. */
export function slipLayout(subject: SlipSubject, facts: SlipFacts): SlipLayout {
  const { form, title } = SLIP_FORMS[facts.kind];
  const applicantBlocks: Block[] = [
    { kind: 'field', label: 'Họ và tên', value: subject.applicant.fullName },
    { kind: 'field', label: 'Số định danh cá nhân', value: subject.applicant.nationalId },
    { kind: 'field', label: 'Địa chỉ', value: subject.applicant.address ?? '' },
    { kind: 'field', label: 'Số điện thoại', value: subject.applicant.phone ?? '' },
    { kind: 'field', label: 'Thư điện tử', value: subject.applicant.email ?? '' },
  ];
  const request: Block = { kind: 'field', label: 'Nội dung yêu cầu giải quyết', value: `${subject.procedureName} (mã thủ tục ${subject.procedureCode})` };
  let blocks: Block[];
  let signatures: SlipLayout['signatures'];
  let appointment: Date | undefined;
  switch (facts.kind) {
    case 'receipt':
      appointment = facts.appointmentAt;
      blocks = [
        { kind: 'text', text: `${subject.agencyName} tiếp nhận hồ sơ của:`, bold: true },
        ...applicantBlocks,
        request,
        { kind: 'text', text: '1. Thành phần hồ sơ nộp gồm:' },
        { kind: 'list', items: facts.papers.length ? facts.papers : ['Đơn, tờ khai theo mẫu (điện tử)'] },
        { kind: 'text', text: '2. Số lượng hồ sơ: 01 (bộ)' },
        { kind: 'text', text: `3. Thời gian giải quyết hồ sơ theo quy định là: ${facts.processingTime}` },
        { kind: 'text', text: `4. Thời gian nhận hồ sơ: ${vnMomentWords(facts.receivedAt)}` },
        { kind: 'text', text: `5. Thời gian trả kết quả giải quyết hồ sơ: ${vnMomentWords(facts.appointmentAt)}` },
        { kind: 'text', text: `6. Đăng ký nhận kết quả tại: ${facts.delivery}` },
        { kind: 'text', text: `Vào Sổ theo dõi hồ sơ, số thứ tự: ${subject.dossierCode}` },
      ];
      signatures = [SUBMITTER, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: facts.receivedBy }];
      break;
    case 'supplement-request':
      blocks = [
        { kind: 'text', text: `${vnDateWords(facts.receivedAt)[0]!.toUpperCase()}${vnDateWords(facts.receivedAt).slice(1)}, ${subject.agencyName} đã tiếp nhận hồ sơ của:` },
        ...applicantBlocks.slice(0, 2),
        request,
        { kind: 'text', text: 'Sau khi xem xét, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:' },
        { kind: 'list', items: facts.items },
        { kind: 'field', label: 'Lý do', value: facts.reason },
        ...(facts.deadline ? [{ kind: 'text' as const, text: `Thời hạn bổ sung: trước ${vnMomentWords(facts.deadline)}.` }] : []),
        { kind: 'text', text: `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ ${subject.agencyName} để được hướng dẫn.` },
      ];
      signatures = [{ title: 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)', name: facts.requestedBy }];
      break;
    case 'refusal':
      blocks = [
        { kind: 'text', text: `${subject.agencyName} tiếp nhận hồ sơ của:` },
        ...applicantBlocks.slice(0, 2),
        request,
        { kind: 'text', text: `Qua xem xét, ${subject.agencyName} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:` },
        { kind: 'text', text: facts.reason, bold: true },
        { kind: 'text', text: 'Xin thông báo cho Ông/Bà được biết và thực hiện./.' },
      ];
      signatures = [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: facts.refusedBy }];
      break;
    case 'apology':
      appointment = facts.appointmentAt;
      blocks = [
        { kind: 'text', text: `${vnDateWords(facts.receivedAt)[0]!.toUpperCase()}${vnDateWords(facts.receivedAt).slice(1)}, ${subject.agencyName} tiếp nhận giải quyết hồ sơ của Ông/Bà ${subject.applicant.fullName}.` },
        request,
        { kind: 'text', text: `Thời hạn trả kết quả giải quyết hồ sơ: ${vnMomentWords(facts.previousAppointmentAt)}.` },
        { kind: 'text', text: `Tuy nhiên đến nay, ${subject.agencyName} chưa trả kết quả giải quyết hồ sơ của Ông/Bà.` },
        { kind: 'field', label: 'Lý do', value: facts.reason },
        { kind: 'text', text: `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${subject.agencyName} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào ${vnMomentWords(facts.appointmentAt)}.` },
        { kind: 'text', text: 'Mong nhận được sự thông cảm của Ông/Bà./.' },
      ];
      signatures = [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' }];
      break;
    case 'control':
      blocks = [
        { kind: 'text', text: '(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)', align: 'center' },
        { kind: 'field', label: 'Cơ quan (bộ phận) giải quyết hồ sơ', value: subject.agencyName },
        { kind: 'field', label: 'Người nộp hồ sơ', value: subject.applicant.fullName },
        request,
        ...(facts.receivedAt ? [{ kind: 'field' as const, label: 'Ngày nhận hồ sơ', value: vnMomentWords(facts.receivedAt) }] : []),
        ...(facts.appointmentAt ? [{ kind: 'field' as const, label: 'Ngày hẹn trả', value: vnMomentWords(facts.appointmentAt) }] : []),
        {
          kind: 'table',
          columns: [
            { title: 'TT', width: 0.05 },
            { title: 'Bước xử lý', width: 0.25 },
            { title: 'Người thực hiện', width: 0.18 },
            { title: 'Thời gian giao, nhận', width: 0.15 },
            { title: 'Hạn xử lý', width: 0.13 },
            { title: 'Kết quả (trước/đúng/quá hạn)', width: 0.11 },
            { title: 'Ghi chú', width: 0.13 },
          ],
          rows: facts.steps.map((step, i) => [String(i + 1), step.step, step.actor, vnShort(step.at), step.deadline ? vnShort(step.deadline) : '', timeliness(step.at, step.deadline), step.note ?? '']),
        },
      ];
      signatures = [];
      break;
  }
  return {
    issuer: subject.agencyName.toUpperCase(),
    issuerUnit: facts.kind === 'apology' || facts.kind === 'control' ? undefined : 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
    form: `Mẫu số ${form}`,
    title: title.toUpperCase(),
    subtitle: `Mã hồ sơ: ${subject.dossierCode}`,
    placeAndDate: `${subject.place}, ${vnDateWords(subject.issuedAt)}`,
    blocks,
    signatures,
    qr: {
      payload: qrPayload(slipQrFields(subject, facts.kind, appointment)),
      caption: `Quét mã QR hoặc mở địa chỉ sau để kiểm tra tính xác thực của giấy tờ: ${subject.verifyUrl}`,
    },
    metadata: { title, subject: `${subject.dossierCode} ${subject.procedureName}`, createdAt: subject.issuedAt },
  };
}

/** One line of an agency's tracking book (form 06). */
export interface BookRow {
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  applicantContact: string;
  receivedAt: Date;
  appointmentAt?: Date;
  channel: string;
  status: string;
  resolvedAt?: Date;
  returnedAt?: Date;
  note?: string;
}

const BOOK_COLUMNS: ReadonlyArray<{ title: string; width: number; cell: (row: BookRow) => string }> = [
  { title: 'Mã hồ sơ', width: 0.14, cell: (row) => row.dossierCode },
  { title: 'Tên thủ tục hành chính', width: 0.11, cell: (row) => row.procedureName },
  { title: 'Số lượng hồ sơ (bộ)', width: 0.05, cell: () => '01' },
  { title: 'Tên cá nhân, tổ chức', width: 0.1, cell: (row) => row.applicantName },
  { title: 'Địa chỉ, số điện thoại', width: 0.09, cell: (row) => row.applicantContact },
  { title: 'Nhận hồ sơ', width: 0.09, cell: (row) => vnShort(row.receivedAt) },
  { title: 'Hẹn trả kết quả', width: 0.09, cell: (row) => (row.appointmentAt ? vnShort(row.appointmentAt) : '') },
  { title: 'Kênh tiếp nhận', width: 0.06, cell: (row) => row.channel },
  { title: 'Trạng thái', width: 0.06, cell: (row) => row.status },
  { title: 'Ngày có kết quả', width: 0.09, cell: (row) => (row.resolvedAt ? vnShort(row.resolvedAt) : '') },
  { title: 'Trả kết quả', width: 0.09, cell: (row) => (row.returnedAt ? vnShort(row.returnedAt) : '') },
];

export interface BookHeader {
  agencyName: string;
  place: string;
  /** The period, Vietnamese calendar days `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  issuedAt: Date;
}

const dmy = (day: string) => day.split('-').reverse().join('/');

/** The tracking book as a landscape table. */
export function bookLayout(header: BookHeader, rows: readonly BookRow[]): SlipLayout {
  const { form, title } = SLIP_FORMS['tracking-book'];
  return {
    issuer: header.agencyName.toUpperCase(),
    issuerUnit: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
    form: `Mẫu số ${form}`,
    title: title.toUpperCase(),
    subtitle: `Từ ngày ${dmy(header.from)} đến ngày ${dmy(header.to)} — ${rows.length} hồ sơ`,
    placeAndDate: `${header.place}, ${vnDateWords(header.issuedAt)}`,
    landscape: true,
    blocks: [{ kind: 'table', columns: [{ title: 'TT', width: 0.03 }, ...BOOK_COLUMNS], rows: rows.map((row, i) => [String(i + 1), ...BOOK_COLUMNS.map((column) => column.cell(row))]) }],
    signatures: [],
    metadata: { title, subject: `${header.agencyName} ${header.from} – ${header.to}`, createdAt: header.issuedAt },
  };
}

/** RFC 4180 CSV of the book, with a BOM so that spreadsheet programs read it as UTF-8. */
export function bookCsv(rows: readonly BookRow[]): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it.
  const safe = (value: string) => quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  const lines = [['TT', ...BOOK_COLUMNS.map((column) => column.title)], ...rows.map((row, i) => [String(i + 1), ...BOOK_COLUMNS.map((column) => column.cell(row))])];
  return `\uFEFF${lines.map((line) => line.map(safe).join(',')).join('\r\n')}\r\n`;
}

/** Each history action as form 05 names the step. */
const HISTORY_LABELS: Readonly<Record<string, string>> = {
  submit: 'Nộp hồ sơ',
  route: 'Chuyển đến cơ quan giải quyết',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận',
  process: 'Chuyển xử lý',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Bổ sung hồ sơ',
  'request-payment': 'Yêu cầu nộp phí, lệ phí',
  pay: 'Nộp phí, lệ phí',
  transfer: 'Chuyển cơ quan khác',
  resolve: 'Có kết quả giải quyết',
  stop: 'Dừng xử lý',
  return: 'Trả kết quả',
  reschedule: 'Xin lỗi, hẹn lại ngày trả',
  withdraw: 'Rút hồ sơ',
  assign: 'Phân công xử lý',
  forward: 'Chuyển bước xử lý tiếp theo',
  'send-back': 'Trả lại bước xử lý trước',
  approve: 'Lãnh đạo phê duyệt',
};

export const historyLabel = (action: string): string => HISTORY_LABELS[action] ?? action;
