/**
 * The page a citizen's browser lands on back from a gateway (VNPay or PayGov), pure: facts in, HTML
 * out. Vietnamese unless the caller asks for English (`?lang=en`, or English first in
 * Accept-Language); made for a phone (viewport, one column, no horizontal scroll at 390 px). It
 * shows what the citizen needs and nothing else: the dossier's code, the amount, the outcome, what
 * happens next and a link back to the citizens' web app. Everything interpolated is escaped.
 */
import { requestLanguage, type Language } from '../http/language';
import { createHash } from 'node:crypto';
import type { PaymentState } from '../domain/payment';

export type ReturnLanguage = Language;

export interface ReturnFacts {
  /** False: a link the gateway did not sign (or names nothing we know): no payment is shown. */
  verified: boolean;
  state?: PaymentState;
  amount?: number;
  dossierCode?: string;
  dossierId?: string;
  /** The citizens' web app (FRONTEND_URL), a stage setting; undefined where the stage has none. */
  frontendUrl?: string;
  /** The same page in the other language: this request's query with `lang` switched. */
  otherLanguageHref: string;
}

/** `?lang=` wins; otherwise the first language of Accept-Language; Vietnamese by default. */
export const returnLanguage = (lang: string | undefined, acceptLanguage: string | undefined): ReturnLanguage => requestLanguage(acceptLanguage, lang);

type Outcome = 'paid' | 'waiting' | 'failed' | 'expired' | 'late' | 'refunded' | 'invalid' | 'unknown';

function outcomeOf(facts: ReturnFacts): Outcome {
  if (!facts.verified) return 'invalid';
  switch (facts.state) {
    case 'PAID':
      return 'paid';
    case 'CREATED':
    case 'PENDING':
      return 'waiting';
    case 'FAILED':
      return 'failed';
    case 'EXPIRED':
      return 'expired';
    case 'LATE_SUCCESS':
      return 'late';
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return 'refunded';
    default:
      return 'unknown';
  }
}

const TEXT: Record<ReturnLanguage, { title: string; code: string; amount: string; back: string; other: string; outcomes: Record<Outcome, { heading: string; next: string }> }> = {
  vi: {
    title: 'Kết quả thanh toán',
    code: 'Mã hồ sơ',
    amount: 'Số tiền',
    back: 'Quay lại hồ sơ của bạn',
    other: 'English',
    outcomes: {
      paid: { heading: 'Thanh toán thành công', next: 'Phí, lệ phí của hồ sơ đã được ghi nhận. Cơ quan tiếp tục giải quyết hồ sơ và bạn sẽ nhận được thông báo khi có kết quả. Biên lai điện tử có trong trang hồ sơ.' },
      waiting: {
        heading: 'Đang chờ xác nhận',
        next: 'Cổng thanh toán chưa báo kết quả. Bạn không cần thanh toán lại: trạng thái hồ sơ sẽ được cập nhật trong ít phút. Nếu tài khoản đã bị trừ tiền, hệ thống sẽ tự đối soát với cổng thanh toán.',
      },
      failed: { heading: 'Thanh toán không thành công', next: 'Chưa có khoản tiền nào được ghi nhận cho hồ sơ. Bạn có thể thanh toán lại từ trang hồ sơ.' },
      expired: { heading: 'Giao dịch đã hết hạn', next: 'Chưa có khoản tiền nào được ghi nhận cho hồ sơ. Bạn có thể thanh toán lại từ trang hồ sơ.' },
      late: { heading: 'Đã nhận tiền, đang được kiểm tra', next: 'Khoản tiền đến sau khi giao dịch đã đóng. Cán bộ sẽ ghi nhận khoản tiền cho hồ sơ hoặc hoàn trả cho bạn; bạn không cần thanh toán lại.' },
      refunded: { heading: 'Khoản tiền đã được hoàn trả', next: 'Khoản thanh toán này đã được hoàn trả (toàn bộ hoặc một phần). Xem chi tiết trong trang hồ sơ.' },
      invalid: { heading: 'Liên kết không hợp lệ', next: 'Không xác thực được liên kết từ cổng thanh toán. Hãy mở hồ sơ để xem trạng thái thanh toán.' },
      unknown: { heading: 'Không tìm thấy giao dịch', next: 'Hãy mở hồ sơ để xem trạng thái thanh toán.' },
    },
  },
  en: {
    title: 'Payment result',
    code: 'Dossier code',
    amount: 'Amount',
    back: 'Back to your dossier',
    other: 'Tiếng Việt',
    outcomes: {
      paid: { heading: 'Payment received', next: "The dossier's fee is recorded as paid. The agency carries on processing it and you will be notified when the result is ready. The e-receipt is on the dossier's page." },
      waiting: {
        heading: 'Waiting for confirmation',
        next: 'The payment gateway has not reported the outcome yet. Do not pay again: the dossier is updated within minutes. If your account was charged, the system reconciles it with the gateway by itself.',
      },
      failed: { heading: 'The payment did not go through', next: "No money was recorded for the dossier. You can pay again from the dossier's page." },
      expired: { heading: 'The payment expired', next: "No money was recorded for the dossier. You can pay again from the dossier's page." },
      late: { heading: 'Money received, being checked', next: 'The money arrived after the payment had closed. An officer will apply it to the dossier or refund it; you do not need to pay again.' },
      refunded: { heading: 'The money was refunded', next: "This payment was refunded (in full or in part). See the dossier's page for details." },
      invalid: { heading: 'This link is not valid', next: "The link from the payment gateway could not be verified. Open your dossier to see the payment's state." },
      unknown: { heading: 'Payment not found', next: "Open your dossier to see the payment's state." },
    },
  },
};

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One column that wraps anything long; nothing wider than the phone. */
const CSS =
  'html{-webkit-text-size-adjust:100%}*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1b1b;background:#f4f6f8}' +
  'main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem}h1{font-size:1.375rem;line-height:1.3;margin:.25rem 0 1rem}' +
  '.card{background:#fff;border-radius:12px;padding:1rem;border-top:6px solid #6b7280}.paid{border-top-color:#15803d}.waiting,.late{border-top-color:#b45309}.failed,.expired,.invalid,.unknown{border-top-color:#b91c1c}' +
  'dl{margin:0 0 1rem}dt{font-size:.875rem;color:#4b5563}dd{margin:0 0 .5rem;font-weight:600;overflow-wrap:anywhere}p{margin:0 0 1rem;overflow-wrap:anywhere}' +
  'a.button{display:block;text-align:center;background:#1d4ed8;color:#fff;text-decoration:none;padding:.875rem 1rem;border-radius:8px;font-weight:600}nav{margin-top:1rem;text-align:center;font-size:.875rem}';

/** The page's Content-Security-Policy: nothing but its own inline style runs or loads. */
export const RETURN_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const money = (amount: number, lang: ReturnLanguage) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { style: 'currency', currency: 'VND' }).format(amount);

/** Where "back" goes: the dossier in the citizens' web app, or the app itself. */
export function backHref(frontendUrl: string, dossierId: string | undefined): string {
  const base = frontendUrl.replace(/\/+$/, '');
  return dossierId ? `${base}/dossiers/${encodeURIComponent(dossierId)}` : `${base}/`;
}

export function renderReturnPage(facts: ReturnFacts, lang: ReturnLanguage): string {
  const text = TEXT[lang];
  const outcome = outcomeOf(facts);
  const { heading, next } = text.outcomes[outcome];
  const details = [
    facts.dossierCode ? `<dt>${text.code}</dt><dd data-field="dossier-code">${escapeHtml(facts.dossierCode)}</dd>` : '',
    facts.amount !== undefined ? `<dt>${text.amount}</dt><dd data-field="amount">${escapeHtml(money(facts.amount, lang))}</dd>` : '',
  ].join('');
  const back = facts.frontendUrl ? `<a class="button" data-field="back" href="${escapeHtml(backHref(facts.frontendUrl, facts.dossierId))}">${text.back}</a>` : '';
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${text.title}</title><style>${CSS}</style></head>` +
    `<body><main><div class="card ${outcome}" data-outcome="${outcome}"${facts.state ? ` data-state="${escapeHtml(facts.state)}"` : ''}><h1>${heading}</h1>${details ? `<dl>${details}</dl>` : ''}<p data-field="next">${next}</p>${back}</div>` +
    `<nav><a href="${escapeHtml(facts.otherLanguageHref)}" hreflang="${lang === 'vi' ? 'en' : 'vi'}">${text.other}</a></nav></main></body></html>`
  );
}

/** This request's query with `lang` set to the other language, as a relative link. */
export function otherLanguageHref(rawQueryString: string, lang: ReturnLanguage): string {
  const params = new URLSearchParams(rawQueryString);
  params.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `?${params.toString()}`;
}
