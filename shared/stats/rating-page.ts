import { now } from '../clock';
import { RatingForm } from '../contracts/stats';
import { AppError } from '../domain/errors';
import type { HttpResult } from '../http/response';
import { fieldErrors } from '../http/validation';
import { getDossier } from '../store/dossiers';
import { hasRating } from '../store/stats';
import { recordRating } from './rate';
import { checkRatingToken } from './rating-link';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The questions the applicant answers, as the reference survey words them (0/1/2, 2 best). */
const QUESTIONS: ReadonlyArray<[name: string, question: string, levels: [string, string, string]]> = [
  ['c3', 'Số lần phải liên hệ để hoàn thiện hồ sơ', ['Nhiều lần', 'Một lần', 'Không phải liên hệ']],
  ['c4', 'Số cơ quan phải liên hệ để hoàn thiện hồ sơ', ['Nhiều cơ quan', 'Một cơ quan', 'Không phải liên hệ']],
  ['c6', 'Thủ tục được công khai (niêm yết và điện tử)', ['Không công khai', 'Một hình thức', 'Cả hai hình thức']],
  ['c7', 'Thái độ của cán bộ, không gây phiền hà', ['Không hài lòng', 'Hài lòng', 'Rất hài lòng']],
  ['c10', 'Sự thuận tiện khi thực hiện thủ tục', ['Không hài lòng', 'Hài lòng', 'Rất hài lòng']],
  ['c11', 'Đánh giá chung', ['Không hài lòng', 'Hài lòng', 'Rất hài lòng']],
];

const REFUSALS: Record<string, { status: number; text: string }> = {
  INVALID_LINK: { status: 403, text: 'Liên kết đánh giá không hợp lệ.' },
  LINK_EXPIRED: { status: 410, text: 'Liên kết đánh giá đã hết hạn. Bạn vẫn có thể đánh giá sau khi đăng nhập.' },
  RATING_EXISTS: { status: 409, text: 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.' },
  NOT_RATEABLE_YET: { status: 409, text: 'Hồ sơ chưa được trả kết quả nên chưa thể đánh giá.' },
};

function page(status: number, code: string, body: string): HttpResult {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; form-action 'self'", 'referrer-policy': 'no-referrer' },
    body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Đánh giá mức độ hài lòng</title></head><body data-code="${code}">${body}</body></html>`,
  };
}
const refusal = (code: keyof typeof REFUSALS) => page(REFUSALS[code]!.status, code, `<h1>${escape(REFUSALS[code]!.text)}</h1>`);

/** The dossier a valid, unexpired link names, or the refusal page. */
async function linked(token: string, at: Date) {
  const check = await checkRatingToken(token, at);
  if (!check.ok) return { refused: refusal(check.reason === 'expired' ? 'LINK_EXPIRED' : 'INVALID_LINK') };
  const dossier = await getDossier(check.dossierId);
  if (!dossier) return { refused: refusal('INVALID_LINK') };
  return { dossier };
}

/** GET /ratings/{token}: the form, or why it cannot be given. */
export async function ratingLinkPage(token: string, at = now()): Promise<HttpResult> {
  const { dossier, refused } = await linked(token, at);
  if (refused) return refused;
  if (dossier.status !== 'RETURNED') return refusal('NOT_RATEABLE_YET');
  if (await hasRating(dossier.id)) return refusal('RATING_EXISTS');
  const fields = QUESTIONS.map(
    ([name, question, levels]) =>
      `<fieldset><legend>${escape(question)}</legend>${[2, 1, 0].map((level) => `<label><input type="radio" name="${name}" value="${level}" required> ${escape(levels[level]!)}</label>`).join(' ')}</fieldset>`,
  ).join('');
  return page(
    200,
    'FORM',
    `<h1>Đánh giá mức độ hài lòng</h1><p>Hồ sơ ${escape(dossier.code ?? dossier.id)}</p><form method="post">${fields}<label>Góp ý <textarea name="comment" maxlength="1000"></textarea></label><button type="submit">Gửi đánh giá</button></form>`,
  );
}

/** The form post's fields: urlencoded (the page) or JSON; levels as numbers. */
function answersOf(rawBody: string, contentType: string | undefined): unknown {
  if ((contentType ?? '').startsWith('application/json')) {
    try {
      return JSON.parse(rawBody);
    } catch {
      return undefined;
    }
  }
  const entries = [...new URLSearchParams(rawBody)].map(([name, value]) => [name, /^c\d+$/.test(name) && /^\d$/.test(value) ? Number(value) : value]);
  return Object.fromEntries(entries.filter(([name, value]) => !(name === 'comment' && value === '')));
}

/** POST /ratings/{token}: records the rating once; a second is 409, whoever holds the link. */
export async function submitRatingLink(token: string, rawBody: string, contentType: string | undefined, correlationId: string, at = now()): Promise<HttpResult> {
  const { dossier, refused } = await linked(token, at);
  if (refused) return refused;
  const parsed = RatingForm.safeParse(answersOf(rawBody, contentType));
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, 'body');
    return page(
      400,
      'VALIDATION_FAILED',
      `<h1>Vui lòng trả lời đủ các câu hỏi.</h1><ul>${errors.map((error) => `<li data-path="${escape(error.path)}">${escape(error.path)}: ${escape(error.message)}</li>`).join('')}</ul>`,
    );
  }
  try {
    await recordRating(dossier, parsed.data, correlationId, at);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'RATING_EXISTS' || error.code === 'NOT_RATEABLE_YET')) return refusal(error.code);
    throw error;
  }
  return page(201, 'RATED', '<h1>Cảm ơn bạn đã đánh giá.</h1><p>Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.</p>');
}
