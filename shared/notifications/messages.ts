import { formatInTimeZone } from './format';

/**
 * What a citizen is told for each citizen-facing event, in Vietnamese: short enough for one SMS
 * (the subject is for email). Pure: built from the event's data only, so a message never carries
 * more than the event does.
 */
export interface Message {
  subject: string;
  text: string;
}

type Data = Record<string, unknown> & { code?: string; dossierId: string };

const vnd = (amount: unknown) => `${new Intl.NumberFormat('vi-VN').format(Number(amount))} đồng`;
const date = (iso: unknown) => (typeof iso === 'string' ? formatInTimeZone(iso) : '');
const ref = (data: Data) => `Hồ sơ ${data.code ?? data.dossierId}`;
/** Mid-sentence: only the word "hồ sơ" is lower case; the code is quoted as issued (UBMOT-…). */
const refInSentence = (data: Data) => `hồ sơ ${data.code ?? data.dossierId}`;

const METHODS: Record<string, string> = { online: 'trực tuyến', post: 'qua bưu chính', desk: 'tại bộ phận một cửa' };

export const MESSAGES: Readonly<Record<string, (data: Data) => Message>> = {
  'dossier.submitted': (d) => ({ subject: `${ref(d)}: đã nộp`, text: `${ref(d)} đã được nộp. Ngày hẹn trả kết quả: ${date(d.appointmentAt)}.` }),
  'dossier.received': (d) => ({ subject: `${ref(d)}: đã tiếp nhận`, text: `${ref(d)} đã được tiếp nhận và đang được giải quyết.` }),
  'dossier.not_accepted': (d) => ({ subject: `${ref(d)}: không được tiếp nhận`, text: `${ref(d)} không được tiếp nhận. Lý do: ${String(d.reason)}.` }),
  'dossier.supplement_requested': (d) => ({
    subject: `${ref(d)}: yêu cầu bổ sung`,
    text: `${ref(d)} cần bổ sung: ${(d.papers as string[] | undefined)?.join(', ') || 'xem chi tiết'}. Lý do: ${String(d.reason)}.${d.deadline ? ` Hạn bổ sung: ${date(d.deadline)}.` : ''}`,
  }),
  'dossier.payment_requested': (d) => ({ subject: `${ref(d)}: cần nộp phí`, text: `${ref(d)} cần nộp phí, lệ phí ${vnd(d.amount)} để tiếp tục giải quyết.` }),
  'dossier.stopped': (d) => ({ subject: `${ref(d)}: dừng xử lý`, text: `${ref(d)} đã bị dừng xử lý. Lý do: ${String(d.reason)}.` }),
  'dossier.resolved': (d) => ({ subject: `${ref(d)}: đã có kết quả`, text: `${ref(d)} đã có kết quả giải quyết.` }),
  'dossier.returned': (d) => ({ subject: `${ref(d)}: đã trả kết quả`, text: `Kết quả của ${refInSentence(d)} đã được trả ${METHODS[String(d.method)] ?? ''}.` }),
  'dossier.rescheduled': (d) => ({
    subject: `${ref(d)}: thư xin lỗi và hẹn lại`,
    text: `Cơ quan xin lỗi vì ${refInSentence(d)} chưa có kết quả đúng hẹn. Lý do: ${String(d.reason)}. Ngày hẹn trả mới: ${date(d.appointmentAt)}.`,
  }),
};

/** The detail-types a citizen hears about. */
export const CITIZEN_FACING = Object.keys(MESSAGES);

export function messageFor(detailType: string, data: Data): Message | undefined {
  return MESSAGES[detailType]?.(data);
}
