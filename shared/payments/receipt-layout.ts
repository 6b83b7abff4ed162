/**
 * The e-receipt (biên lai thu phí, lệ phí điện tử) of a payment, laid out with the slips' page
 * (shared/slips/layout.ts). Pure: facts in, layout out.
 */
import type { SlipLayout } from '../slips/layout';
import { vnDateWords, vnMomentWords } from '../domain/vietnam-time';
import { vndInWords } from '../domain/vnd-words';

export interface ReceiptFacts {
  paymentId: string;
  provider: string;
  /** The gateway's transaction number. */
  providerRef: string;
  amount: number;
  refunded: number;
  paidAt: Date;
  issuedAt: Date;
  /** `organisation`: when the applicant files for one, its name and tax code (mã số thuế); `fullName` is then its representative. */
  payer: { fullName: string; maskedId: string; address?: string; organisation?: { name: string; taxCode: string } };
  dossierCode: string;
  procedure: { code: string; name: string };
  agency: { name: string; beneficiary?: { account: string; bankCode: string; name: string } };
  place: string;
  /** What was paid for, integer VND each; they add up to `amount`. */
  lines: ReadonlyArray<{ content: string; amount: number }>;
}

const PROVIDER_NAMES: Record<string, string> = { vnpay: 'Cổng thanh toán VNPAY', paygov: 'Nền tảng thanh toán quốc gia (PayGov)' };

export const vnd = (amount: number) => amount.toLocaleString('vi-VN');

export function receiptLayout(facts: ReceiptFacts): SlipLayout {
  const beneficiary = facts.agency.beneficiary;
  return {
    issuer: facts.agency.name.toUpperCase(),
    form: 'Biên lai điện tử',
    title: 'BIÊN LAI THU PHÍ, LỆ PHÍ',
    subtitle: `Số: ${facts.paymentId}`,
    placeAndDate: `${facts.place}, ${vnDateWords(facts.issuedAt)}`,
    blocks: [
      { kind: 'field', label: 'Đơn vị thu', value: facts.agency.name },
      { kind: 'field', label: 'Tài khoản thụ hưởng', value: beneficiary ? `${beneficiary.account} tại ngân hàng ${beneficiary.bankCode} (${beneficiary.name})` : 'Tài khoản thu của cơ quan' },
      { kind: 'field', label: 'Người nộp tiền', value: facts.payer.fullName },
      ...(facts.payer.organisation
        ? [
            { kind: 'field' as const, label: 'Tổ chức', value: facts.payer.organisation.name },
            // An organisation's fee receipt is its accounting document: it carries the payer's tax code.
            { kind: 'field' as const, label: 'Mã số thuế', value: facts.payer.organisation.taxCode },
          ]
        : []),
      { kind: 'field', label: 'Số định danh', value: facts.payer.maskedId },
      ...(facts.payer.address ? [{ kind: 'field' as const, label: 'Địa chỉ', value: facts.payer.address }] : []),
      { kind: 'field', label: 'Mã hồ sơ', value: facts.dossierCode },
      { kind: 'field', label: 'Thủ tục hành chính', value: `${facts.procedure.name} (mã ${facts.procedure.code})` },
      {
        kind: 'table',
        columns: [
          { title: 'STT', width: 0.08 },
          { title: 'Nội dung khoản thu', width: 0.64 },
          { title: 'Số tiền (đồng)', width: 0.28 },
        ],
        rows: [...facts.lines.map((line, i) => [String(i + 1), line.content, vnd(line.amount)]), ['', 'Tổng cộng', vnd(facts.amount)]],
      },
      { kind: 'field', label: 'Số tiền bằng chữ', value: vndInWords(facts.amount) },
      { kind: 'field', label: 'Hình thức thanh toán', value: `Trực tuyến qua ${PROVIDER_NAMES[facts.provider] ?? facts.provider}` },
      { kind: 'field', label: 'Thời gian thanh toán', value: vnMomentWords(facts.paidAt) },
      { kind: 'field', label: 'Mã giao dịch', value: facts.providerRef },
      { kind: 'field', label: 'Mã tham chiếu', value: facts.paymentId },
      ...(facts.refunded > 0 ? [{ kind: 'field' as const, label: 'Đã hoàn trả', value: `${vnd(facts.refunded)} đồng (${vndInWords(facts.refunded)})` }] : []),
    ],
    signatures: [{ title: 'NGƯỜI NỘP TIỀN' }, { title: 'ĐƠN VỊ THU TIỀN', note: '(Biên lai điện tử, không cần ký)' }],
    metadata: { title: 'Biên lai thu phí, lệ phí', subject: `${facts.dossierCode} ${facts.procedure.name}`, createdAt: facts.issuedAt },
  };
}
