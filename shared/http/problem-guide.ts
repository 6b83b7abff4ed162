/**
 * What each problem code is, for the page its `type` names (GET /problems/{code}): its HTTP status,
 * its English detail beside the Vietnamese one (shared/http/problem-messages.ts) and what a client
 * should do about it, one remedy per code. test/system/problems.test.ts checks that every code of
 * PROBLEM_DETAILS_VI has its entry here and none more.
 */
export type Remedy =
  | 'fix-request'
  | 'sign-in'
  | 'identity'
  | 'not-allowed'
  | 'check-address'
  | 'reload'
  | 'wrong-state'
  | 'already-done'
  | 'not-yet'
  | 'other-step'
  | 'wait'
  | 'report'
  | 'new-code'
  | 'upload-again'
  | 'fix-signature'
  | 'contact';

/** What to do, in both languages, and whether the same request may simply be sent again. */
export const REMEDIES: Readonly<Record<Remedy, { vi: string; en: string; retryAsIs: boolean }>> = {
  'fix-request': {
    retryAsIs: false,
    vi: 'Sửa yêu cầu theo `detail` và `errors` (đường dẫn của từng trường) rồi gửi lại; gửi lại y nguyên sẽ bị từ chối lần nữa.',
    en: 'Fix the request as `detail` and `errors` (the path of each field) say, then send it again; the same request will be refused again.',
  },
  'sign-in': { retryAsIs: false, vi: 'Đăng nhập lại để có mã truy cập mới, rồi gửi lại yêu cầu với mã đó.', en: 'Sign in again for a fresh bearer token, then send the request again with it.' },
  identity: { retryAsIs: false, vi: 'Đăng nhập bằng tài khoản định danh điện tử VNeID (mức độ 2), rồi thử lại.', en: 'Sign in with a VNeID electronic identity account (level 2), then try again.' },
  'not-allowed': {
    retryAsIs: false,
    vi: 'Không thử lại: tài khoản hoặc vai trò này không được làm việc này. Nếu cho rằng có nhầm lẫn, hãy liên hệ bộ phận một cửa.',
    en: 'Do not retry: this account or role may not do this. If you think that is a mistake, contact the one-stop desk.',
  },
  'check-address': {
    retryAsIs: false,
    vi: 'Kiểm tra lại đường dẫn và các mã đã dùng (mã hồ sơ, mã thủ tục…); gửi lại y nguyên sẽ có cùng câu trả lời.',
    en: 'Check the path and the identifiers used (dossier id, procedure code…); the same request gets the same answer.',
  },
  reload: {
    retryAsIs: false,
    vi: 'Tải lại dữ liệu (GET) để xem trạng thái hiện tại, rồi quyết định lại trên dữ liệu mới.',
    en: 'Fetch the resource again (GET) to see its current state, then decide again on fresh data.',
  },
  'wrong-state': {
    retryAsIs: false,
    vi: 'Không thử lại y nguyên: thao tác này không hợp lệ ở trạng thái hiện tại. Tải lại để xem trạng thái và các thao tác còn được phép.',
    en: 'Do not retry as is: this action is not allowed in the current state. Fetch it again to see its state and the actions still allowed.',
  },
  'already-done': { retryAsIs: false, vi: 'Không cần làm lại: việc này đã được thực hiện. Tải lại để xem kết quả.', en: 'Nothing to redo: this was already done. Fetch it again to see the outcome.' },
  'not-yet': {
    retryAsIs: false,
    vi: 'Chưa đến lúc: thử lại khi hồ sơ đã đến bước đó (các thông báo về hồ sơ sẽ cho biết).',
    en: 'Not yet: try again once the dossier has reached that step (its notifications will tell).',
  },
  'other-step': {
    retryAsIs: false,
    vi: 'Làm trước bước còn thiếu mà `detail` nêu (ví dụ nộp phí, lệ phí hoặc chờ lãnh đạo phê duyệt), rồi thử lại.',
    en: 'First do the missing step `detail` names (e.g. pay the fee or wait for approval), then try again.',
  },
  wait: {
    retryAsIs: true,
    vi: 'Chờ một lúc rồi gửi lại y nguyên (sau số giây của tiêu đề Retry-After nếu có, với cùng Idempotency-Key).',
    en: "Wait a moment, then send the same request again (after the Retry-After header's seconds when given, with the same Idempotency-Key).",
  },
  report: {
    retryAsIs: true,
    vi: 'Có thể thử lại sau; nếu lỗi lặp lại, hãy báo lỗi kèm mã tương quan (correlationId).',
    en: 'You may retry later; if it happens again, report it with the correlation id (correlationId).',
  },
  'new-code': { retryAsIs: false, vi: 'Yêu cầu một mã xác nhận mới, rồi nhập mã mới đó.', en: 'Ask for a new confirmation code, then enter that one.' },
  'upload-again': {
    retryAsIs: false,
    vi: 'Tải lên lại đúng tệp đã khai (cùng dung lượng, mã SHA-256 và loại tệp), hoặc khai lại tệp, rồi thử lại.',
    en: 'Upload again exactly the file declared (same size, SHA-256 and type), or declare the file again, then try again.',
  },
  'fix-signature': {
    retryAsIs: false,
    vi: 'Hệ thống gửi kiểm tra khóa bí mật, cách ký và đồng hồ của mình, rồi gửi lại một bản tin mới được ký.',
    en: 'The sending system checks its secret, how it signs and its clock, then sends a freshly signed message.',
  },
  contact: { retryAsIs: false, vi: 'Liên hệ cơ quan giải quyết hoặc bộ phận một cửa: việc này cần người xử lý.', en: 'Contact the competent agency or the one-stop desk: a person has to handle this.' },
};

export interface ProblemGuide {
  /** The HTTP status the code is answered with (two where two refusals share the code). */
  status: number | readonly [number, number];
  /** The detail in English (PROBLEM_DETAILS_VI holds the Vietnamese). */
  en: string;
  remedy: Remedy;
}

const g = (status: ProblemGuide['status'], remedy: Remedy, en: string): ProblemGuide => ({ status, remedy, en });

export const PROBLEM_GUIDE: Readonly<Record<string, ProblemGuide>> = {
  // The HTTP stack's own.
  VALIDATION_FAILED: g(400, 'fix-request', 'The request is invalid; see the error of each field in `errors`.'),
  MALFORMED_JSON: g(400, 'fix-request', 'The body is not valid JSON (or holds a forbidden __proto__/constructor key).'),
  UNSUPPORTED_MEDIA_TYPE: g(415, 'fix-request', 'Send the body as application/json.'),
  PAYLOAD_TOO_LARGE: g(413, 'fix-request', 'The body is larger than allowed.'),
  UNAUTHENTICATED: g(401, 'sign-in', 'A valid bearer token is required; sign in again.'),
  FORBIDDEN: g(403, 'not-allowed', 'You may not do this.'),
  NOT_FOUND: g(404, 'check-address', 'Not found (or you may not see it).'),
  CONFLICT: g(409, 'reload', 'The data changed in the meantime; reload it and try again.'),
  ILLEGAL_TRANSITION: g(409, 'wrong-state', "This action is not possible in the dossier's current state."),
  RATE_LIMITED: g(429, 'wait', 'You sent too many requests; try again later.'),
  SERVICE_UNAVAILABLE: g(503, 'wait', 'A service this request depends on is unavailable for now; try again later.'),
  INTERNAL_ERROR: g(500, 'report', 'An unexpected error occurred. Quote the correlation id (correlationId) if you report it.'),
  IDEMPOTENCY_KEY_REQUIRED: g(400, 'fix-request', 'The Idempotency-Key header is required (at most 128 characters).'),
  IDEMPOTENCY_KEY_REUSED: g(422, 'fix-request', 'This Idempotency-Key was already used for another request: use a new key for a new request.'),
  IDEMPOTENCY_IN_PROGRESS: g(409, 'wait', 'A request with this Idempotency-Key is still being processed; try again in a moment.'),
  INVALID_CURSOR: g(400, 'fix-request', 'The pagination cursor was not issued by this API for this list.'),
  INVALID_SIGNATURE: g(401, 'fix-signature', "The request's signature is invalid."),
  SIGNATURE_EXPIRED: g(401, 'fix-signature', "The request's signature is older than allowed."),
  WEBHOOK_REPLAYED: g(409, 'already-done', 'This webhook delivery was already received.'),
  // Identity and filing on behalf of others.
  IDENTITY_NOT_VERIFIED: g(403, 'identity', 'Your account has no verified personal identity number: sign in with VNeID or ask the portal to verify it.'),
  APPLICANT_NOT_CALLER: g(
    403,
    'not-allowed',
    'You may not file for this person. The applicant must be you (your verified identity number), a child under 14 whom the national population database records you as parent or guardian of, a person whose mandate to you for this procedure is in force (POST /me/mandates, made by that person), or an organisation you legally represent.',
  ),
  APPLICANT_NOT_FOUND: g(422, 'fix-request', "The national population database has no record of your identity number; give the applicant's details."),
  ASSURANCE_TOO_LOW: g(403, 'identity', 'This needs a level 2 electronic identity account.'),
  MANDATE_TO_SELF: g(422, 'fix-request', 'You cannot give a mandate to yourself.'),
  MANDATE_DATES: g(422, 'fix-request', "A mandate's end date must be on or after its start date."),
  MANDATE_NOT_PENDING: g(409, 'wrong-state', 'This mandate is no longer pending.'),
  CODE_INVALID: g(422, 'fix-request', 'The confirmation code is wrong.'),
  CODE_EXPIRED: g(422, 'new-code', 'The confirmation code has expired or was never sent; ask for a new one.'),
  CODE_EXHAUSTED: g(422, 'new-code', 'Too many wrong codes; ask for a new one.'),
  // Catalogue.
  PROCEDURE_NOT_FOUND: g(422, 'fix-request', 'There is no such administrative procedure.'),
  PROCEDURE_INACTIVE: g(422, 'fix-request', 'This procedure is no longer in force.'),
  PROCEDURE_NOT_ONLINE: g(422, 'contact', 'This procedure does not take dossiers online.'),
  UNIT_NOT_FOUND: g(422, 'fix-request', 'There is no such administrative unit.'),
  UNKNOWN_AGENCY: g([400, 422], 'fix-request', 'There is no such agency.'),
  AGENCY_CODE_TAKEN: g(409, 'fix-request', 'Another agency already uses this agency code.'),
  AGENCY_REQUIRED: g(400, 'fix-request', 'Choose an agency.'),
  ROUTING_RULE_ID_MISMATCH: g(422, 'fix-request', "The routing rule's id does not match the path."),
  CERTIFICATE_INVALID: g(422, 'fix-request', 'Some certificates cannot be trusted; see `errors`. Nothing was changed.'),
  // Dossiers and papers.
  NOT_A_DRAFT: g(409, 'wrong-state', 'Only a dossier being drafted can be edited.'),
  DOSSIER_INCOMPLETE: g(422, 'fix-request', 'The dossier is not complete; see `errors`.'),
  FORM_INVALID: g(422, 'fix-request', 'The form is not valid yet; see the error of each field.'),
  INVALID_DATE: g(422, 'fix-request', 'The date is not valid.'),
  DELIVERY_NOT_OFFERED: g(422, 'fix-request', 'This procedure does not return its result the way chosen.'),
  ADDRESS_REQUIRED: g(422, 'fix-request', 'An address is required for a result sent by post.'),
  PAPERS_LOCKED: g(409, 'wrong-state', 'Papers can be added only while the dossier is a draft or a supplement was asked for.'),
  TOO_MANY_PAPERS: g(422, 'fix-request', 'The dossier already holds the most files allowed.'),
  PAPER_INVALID: g(422, 'fix-request', 'The paper does not fit the procedure; see `errors`.'),
  PAPER_UNKNOWN: g(422, 'fix-request', 'This procedure has no such paper.'),
  PAPER_DUPLICATE: g(422, 'fix-request', 'This paper is already declared.'),
  PAPER_MISSING: g(422, 'fix-request', 'A required paper is missing; see `errors`.'),
  PAPER_NOT_UPLOADED: g(422, 'upload-again', 'The paper was not uploaded (or its upload link expired).'),
  PAPER_CHECKSUM_MISMATCH: g(422, 'upload-again', 'The uploaded file does not match the size and SHA-256 declared.'),
  PAPER_SIZE_MISMATCH: g(422, 'upload-again', "The uploaded file's size differs from the size declared."),
  PAPER_TYPE_MISMATCH: g(422, 'upload-again', "The file's content is not of the type declared."),
  PAPER_TYPE_NOT_ACCEPTED: g(422, 'fix-request', 'This procedure does not take this type of file for that paper.'),
  PAPER_TOO_LARGE: g(422, 'fix-request', 'The file is larger than this paper allows.'),
  PAPER_INFECTED: g(422, 'upload-again', 'The file holds malware and was refused.'),
  PAPER_NOT_FETCHED: g(422, 'fix-request', 'The paper could not be fetched from the address sent.'),
  PAPER_HOST_NOT_ALLOWED: g(422, 'fix-request', "The paper's address is not on an allowed host."),
  DOCUMENT_EXPIRED: g(422, 'fix-request', 'The document in your store is no longer valid.'),
  DOCUMENT_NOT_ACCEPTED: g(422, 'fix-request', 'The document in your store is not accepted for this paper.'),
  DOCUMENT_NOT_REUSABLE: g(422, 'fix-request', 'This document cannot be reused for another dossier.'),
  RESULT_NOT_READY: g(409, 'not-yet', 'The dossier has no result yet.'),
  // Processing by the agency.
  DOSSIER_NOT_ROUTED: g(409, 'fix-request', 'The dossier has not reached a competent agency yet; address the feedback to an agency.'),
  ALREADY_ROUTED: g(409, 'wrong-state', 'Only a submitted dossier with no competent agency can be assigned; transfer it instead.'),
  OWN_DOSSIER: g(403, 'not-allowed', 'You filed this dossier: another officer must handle it.'),
  SAME_AGENCY: g(422, 'fix-request', 'The dossier is already at this agency.'),
  NO_INTERNAL_STEPS: g(409, 'wrong-state', 'This procedure declares no internal processing steps.'),
  NOT_ASSIGNED: g(403, 'not-allowed', 'This step is assigned to another officer.'),
  STEP_MOVED: g(409, 'reload', 'The dossier moved to another step; reload it.'),
  FIRST_STEP: g(409, 'wrong-state', 'This is the first step: there is no step to send it back to.'),
  LAST_STEP: g(409, 'wrong-state', 'This is the last step: the head of the agency approves at this step.'),
  NOT_LAST_STEP: g(409, 'wrong-state', 'Approval happens only at the last step; move the dossier there.'),
  ALREADY_APPROVED: g(409, 'already-done', 'The head of the agency already approved this dossier: record its result.'),
  NOT_APPROVED: g(409, 'other-step', "This procedure needs the head of the agency's approval before a result."),
  FEE_BELOW_CATALOGUE: g(422, 'fix-request', 'The fee may not be below the one in the procedure catalogue.'),
  RESULT_TYPE_NOT_ACCEPTED: g(422, 'fix-request', 'This procedure does not return its result as this type of file.'),
  RESULT_TOO_LARGE: g(422, 'fix-request', 'The result file is larger than allowed.'),
  RESULT_NOT_UPLOADED: g(409, 'upload-again', 'The result file was not uploaded.'),
  RESULT_MISMATCH: g(409, 'upload-again', 'The uploaded result file is not the one declared when the result was recorded; upload the right file.'),
  RESULT_NOT_SIGNED: g(422, 'upload-again', "The result is not digitally signed as required; sign it with the agency's certificate and upload it again. Why in `errors`."),
  NO_APPOINTMENT: g(409, 'wrong-state', 'The dossier has no appointment date to move.'),
  // Fees and payments.
  FEE_DUE: g(409, 'other-step', "The dossier's fee is still due."),
  FEE_ALREADY_PAID: g(409, 'already-done', "The dossier's fee is already paid."),
  NO_FEE_DUE: g(409, 'wrong-state', 'No fee is due for this dossier.'),
  NOT_PAYABLE_NOW: g(409, 'not-yet', 'The dossier cannot be paid for in its current state.'),
  FEE_REFUSES_PAYMENT: g(409, 'contact', "This money cannot pay the dossier's fee; refund it."),
  PAYMENT_ALREADY_OPEN: g(409, 'wait', "The previous payment of this fee is still waiting for the payment gateway's answer."),
  PAYMENT_GATEWAY_REFUSED: g(409, 'contact', 'The payment gateway refused the transaction.'),
  PROVIDER_NOT_OFFERED: g(422, 'fix-request', "This dossier's fee is paid through another payment gateway."),
  BENEFICIARY_MISSING: g(409, 'contact', 'The agency has no beneficiary account on the national payment platform yet.'),
  AMOUNT_MISMATCH: g(422, 'fix-request', "The amount differs from the transaction's."),
  RECEIPT_NOT_AVAILABLE: g(409, 'not-yet', 'A transaction in this state has no receipt.'),
  PAYMENT_NOT_REFUNDABLE: g(409, 'wrong-state', 'This transaction cannot be refunded.'),
  REFUND_EXCEEDS_PAID: g(422, 'fix-request', 'The refund is more than was paid.'),
  REFUND_IN_PROGRESS: g(409, 'wait', 'The refund is being processed; it completes when the payment gateway answers.'),
  REFUNDS_NOT_SUPPORTED: g(409, 'contact', 'This payment gateway does not support automatic refunds yet; refund by hand.'),
  NOT_A_LATE_SUCCESS: g(409, 'reload', 'This transaction is not an unresolved late success.'),
  // Service index, feedback, links.
  NOT_RATEABLE_YET: g(409, 'not-yet', 'A dossier can be rated only once its result was returned.'),
  RATING_EXISTS: g(409, 'already-done', 'This dossier was already rated; each dossier is rated once.'),
  FEEDBACK_ANSWERED: g(409, 'already-done', 'This feedback was already answered.'),
  INVALID_PERIOD: g(400, 'fix-request', 'The period must run forwards and not be longer than the limit.'),
  TOO_MANY_DOSSIERS: g(400, 'fix-request', 'The period holds too many dossiers: choose a shorter one.'),
  INVALID_LINK: g(403, 'sign-in', 'The link is not valid.'),
  LINK_EXPIRED: g(410, 'sign-in', 'The link has expired.'),
  INVALID_CHECKSUM: g(401, 'fix-signature', 'The checksum is not valid.'),
};

/** A code's statuses as a list. */
export const statusesOf = (guide: ProblemGuide): readonly number[] => (typeof guide.status === 'number' ? [guide.status] : guide.status);
