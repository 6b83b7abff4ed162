/**
 * The field messages we write by hand (beside zod's own, which its vi and en locales translate),
 * declared once with their Vietnamese and English text: a schema's, and those a use case puts in a
 * refusal's `errors`. Either gives `say(key)` as the message; the HTTP stack resolves it to the
 * caller's language (fieldErrors in shared/http/validation.ts, toProblem in shared/http/problem.ts).
 * `{n}` is a value the schema passes (`say('periodTooLong', { n: 366 })`). A field error's `code`
 * never depends on the language. test/http/field-language.test.ts checks that no schema message
 * is written by hand outside this table.
 */
export const FIELD_MESSAGES = {
  // People and organisations.
  nationalId: { vi: '12 chữ số (số định danh cá nhân, số căn cước)', en: '12 digits (personal identity number, căn cước)' },
  phone: { vi: 'số điện thoại Việt Nam (0… hoặc +84…)', en: 'a Vietnamese phone number (0… or +84…)' },
  taxCode: { vi: 'mã số thuế: 10 chữ số, hoặc 13 chữ số với mã chi nhánh', en: 'a tax code (mã số thuế): 10 digits, or 13 with a branch' },
  postalAddress: { vi: 'cần địa chỉ để nhận kết quả qua bưu chính', en: 'a postal delivery needs an address' },
  // Papers and files.
  noControlCharacters: { vi: 'không được chứa ký tự điều khiển', en: 'no control characters' },
  mimeType: { vi: 'một kiểu MIME, ví dụ application/pdf', en: 'a MIME type, e.g. application/pdf' },
  sha256Base64: { vi: 'mã SHA-256 dạng base64 (44 ký tự, kết thúc bằng =)', en: 'base64 of a SHA-256 digest (44 characters ending in =)' },
  documentId: { vi: 'một documentId do GET /me/documents trả về', en: 'a documentId of GET /me/documents' },
  notWithDocumentId: { vi: 'không đi cùng documentId: giấy tờ có sẵn trong kho thì không tải lên lại', en: 'not with documentId: a stored document is not uploaded' },
  requiredWithoutDocumentId: { vi: 'bắt buộc (hoặc gửi documentId để dùng lại giấy tờ có sẵn trong kho)', en: 'required (or give documentId to reuse a stored document)' },
  dossierCode: { vi: 'mã hồ sơ dạng ABC-260309-0001', en: 'a dossier code like ABC-260309-0001' },
  confirmationCode: { vi: 'mã xác nhận gồm 6 chữ số', en: 'a confirmation code of 6 digits' },
  // DVCQG's fields.
  dvcqgDate: { vi: 'ngày giờ dạng yyyyMMddHHmmss (giờ Việt Nam)', en: 'yyyyMMddHHmmss, Vietnam time' },
  dvcqgCode: { vi: 'chỉ gồm chữ cái, chữ số và . _ -', en: 'letters, digits, . _ -' },
  base64: { vi: 'dữ liệu mã hóa base64', en: 'base64' },
  urlOrBase64: { vi: 'gửi đúng một trong hai trường DuongDanTaiTepTin và Base64', en: 'give exactly one of DuongDanTaiTepTin and Base64' },
  // Periods and lists.
  agencyOrUnit: { vi: 'chỉ chọn agencyId hoặc unitId, không chọn cả hai', en: 'give agencyId or unitId, not both' },
  periodBackwards: { vi: 'ngày `to` không được trước ngày `from`', en: '`to` is before `from`' },
  periodTooLong: { vi: 'tối đa {n} ngày', en: 'at most {n} days' },
  quarter: { vi: 'một quý dạng YYYY-Qn, ví dụ 2026-Q4', en: 'a quarter as YYYY-Qn, e.g. 2026-Q4' },
  dossierOrAgency: { vi: 'chọn đúng một trong hai: dossierId hoặc agencyId', en: 'give dossierId or agencyId, exactly one' },
  appointmentRange: { vi: 'appointmentFrom không được sau appointmentTo', en: 'appointmentFrom must not be later than appointmentTo' },
  // The catalogue.
  slug: { vi: 'chỉ gồm chữ thường, chữ số và dấu gạch ngang', en: 'lower-case letters, digits and dashes' },
  accountNumber: { vi: 'số tài khoản gồm 6 đến 20 chữ số', en: '6-20 digits' },
  bankCode: { vi: 'mã ngân hàng, ví dụ VCB', en: "the bank's code, e.g. VCB" },
  upperCaseCode: { vi: 'chỉ gồm chữ in hoa và chữ số', en: 'upper-case letters and digits' },
  ruleScope: { vi: 'quy tắc phải nêu thủ tục, đơn vị hành chính hoặc cả hai', en: 'a rule names a procedure, a unit or both' },
  wholeCalendarDays: { vi: 'số ngày theo lịch phải là số nguyên', en: 'calendar days must be a whole number' },
  integerVnd: { vi: 'số tiền nguyên, tính bằng đồng', en: 'integer VND' },
  // Free-form JSON (json-bounds.ts).
  jsonTooLarge: { vi: 'tổng cộng tối đa {n} giá trị', en: 'at most {n} values in all' },
  numberOutOfRange: { vi: 'một số trong khoảng -{n} đến {n}, và bằng 0 hoặc có độ lớn từ 1e-130', en: 'a number between -{n} and {n}, and 0 or at least 1e-130 in size' },
  stringTooLong: { vi: 'tối đa {n} ký tự', en: 'at most {n} characters' },
  jsonTooDeep: { vi: 'lồng nhau tối đa {n} cấp', en: 'nested at most {n} levels deep' },
  keyInvalid: { vi: 'tên trường dài từ 1 đến {n} ký tự', en: 'a field name of 1 to {n} characters' },
  // Refusals a use case writes into `errors` (beside the problem's `detail`, shared/http/problem-messages.ts).
  required: { vi: 'bắt buộc', en: 'required' },
  notInCatalogue: { vi: 'không có trong danh mục', en: 'not in the catalogue' },
  mustBe: { vi: 'phải là {value}', en: 'must be {value}' },
  unknownProcedure: { vi: 'không có thủ tục này', en: 'unknown procedure' },
  noProcedure: { vi: 'không có thủ tục {code}', en: 'no procedure {code}' },
  procedureNotInCatalogue: { vi: 'thủ tục không còn trong danh mục', en: 'the procedure is no longer in the catalogue' },
  inactiveProcedure: { vi: 'thủ tục đã hết hiệu lực', en: 'inactive procedure' },
  notSubmittableOnline: { vi: 'thủ tục này không nhận hồ sơ trực tuyến', en: 'not submittable online' },
  unknownUnit: { vi: 'không có đơn vị hành chính này', en: 'unknown unit' },
  noUnit: { vi: 'không có đơn vị hành chính {unit}', en: 'no administrative unit {unit}' },
  noUnitInProvince: { vi: 'tỉnh không có đơn vị hành chính {unit}', en: 'no administrative unit {unit} in this province' },
  deliveryOneOf: { vi: 'một trong các hình thức: {methods}', en: 'one of {methods}' },
  currentAgency: { vi: 'hồ sơ đang ở chính cơ quan này', en: 'the current agency' },
  decisionOrDocument: { vi: 'cần nội dung quyết định hoặc văn bản kết quả', en: 'decision or document is required' },
  laterAppointment: { vi: 'phải sau ngày hẹn hiện tại và sau thời điểm hiện tại', en: 'must be later than the current appointment and than now' },
  atLeastFee: { vi: 'tối thiểu {amount} đồng (mức thu trong danh mục)', en: 'at least {amount} (the catalogue fee)' },
  agencyRequired: { vi: 'bắt buộc với quản trị viên không thuộc cơ quan nào', en: 'required for admins without an agency' },
  bookPeriod: { vi: 'từ 0 đến {n} ngày sau query.from', en: 'from 0 to {n} days after query.from' },
  shortenPeriod: { vi: 'hãy chọn khoảng thời gian ngắn hơn', en: 'shorten the period' },
  invalidCursor: { vi: 'con trỏ phân trang không hợp lệ', en: 'invalid cursor' },
  idempotencyKeyReused: { vi: 'đã được dùng cho một yêu cầu có nội dung khác', en: 'already used with a different request body' },
  // Identity, mandates and contacts.
  noVerifiedIdToPrefill: { vi: 'bắt buộc: tài khoản của bạn chưa có số định danh cá nhân đã xác thực', en: 'required: your account has no verified identity number' },
  noRecordToPrefill: { vi: 'bắt buộc: Cơ sở dữ liệu quốc gia về dân cư không có thông tin để điền sẵn', en: 'required: no record to prefill from' },
  assuranceNeeded: { vi: 'cần tài khoản định danh mức độ {needed}, lần đăng nhập này ở mức độ {given}', en: 'assurance level {needed} required, {given} given' },
  notYourIdentity: { vi: 'không phải số định danh của bạn, và không có căn cứ nộp thay nào được ghi nhận', en: 'not your identity number, and no recorded authority for it' },
  mandateNotActive: { vi: 'văn bản ủy quyền của người này cho bạn chưa có giấy tờ được xác minh', en: 'your mandate from this applicant has no verified paper yet' },
  mandateRevoked: { vi: 'văn bản ủy quyền của người này cho bạn đã bị thu hồi', en: 'your mandate from this applicant was revoked' },
  mandateOutOfScope: { vi: 'văn bản ủy quyền của người này cho bạn không áp dụng cho thủ tục này', en: 'your mandate from this applicant does not cover this procedure' },
  mandateNotYetValid: { vi: 'văn bản ủy quyền của người này cho bạn chưa có hiệu lực', en: 'your mandate from this applicant is not yet in force' },
  mandateExpired: { vi: 'văn bản ủy quyền của người này cho bạn đã hết hạn', en: 'your mandate from this applicant has expired' },
  noVerifiedId: {
    vi: 'tài khoản của bạn chưa có số định danh cá nhân đã xác thực (hãy đăng nhập bằng VNeID hoặc đề nghị xác thực)',
    en: 'your account has no verified identity number (log in with VNeID, or have it verified)',
  },
  organisationId: { vi: 'với tổ chức, số định danh của người nộp là của người đại diện theo pháp luật: của bạn', en: "for an organisation, the applicant's identity number is its legal representative's: yours" },
  notRepresentative: { vi: 'tài khoản của bạn không phải người đại diện theo pháp luật của tổ chức này (mã số thuế)', en: 'your account is not the legal representative of this organisation (tax code)' },
  childOver14: {
    vi: 'người này đã đủ 14 tuổi: cha mẹ không còn nộp thay; người đó tự nộp hoặc ủy quyền cho bạn',
    en: 'this child is 14 or older: a parent no longer files for them; they file themselves, or give you a mandate',
  },
  ownIdentityNumber: { vi: 'đây là số định danh của chính bạn', en: 'your own identity number' },
  onOrAfterValidFrom: { vi: 'phải bằng hoặc sau validFrom', en: 'on or after validFrom' },
  codeExpired: { vi: 'mã đã hết hạn hoặc chưa được gửi', en: 'expired or never sent' },
  codeAttemptsUsed: { vi: 'đã dùng hết {n} lần nhập', en: '{n} attempts used' },
  codeWrong: { vi: 'mã không đúng; còn {n} lần nhập', en: 'wrong code; {n} attempts left' },
  emailAddress: { vi: 'một địa chỉ thư điện tử', en: 'an email address' },
  // Papers, documents and results.
  paperNotUploaded: { vi: 'tệp chưa được tải lên (hoặc lượt tải lên đã hết hạn)', en: 'the file was not uploaded (or its upload expired)' },
  paperDisappeared: { vi: 'tệp đã mất trong lúc kiểm tra', en: 'the file disappeared during verification' },
  paperInfected: { vi: 'tệp có mã độc ({threat}) nên bị từ chối; hãy quét virus thiết bị và tải lên bản sạch', en: 'the file carries malware ({threat}) and was refused; scan your device and upload a clean copy' },
  paperNotDeclared: { vi: 'tệp không khớp với dung lượng và mã SHA-256 đã khai', en: 'not the declared file' },
  paperChecksum: { vi: 'tệp không khớp với mã SHA-256 đã khai', en: 'the file does not match the declared SHA-256' },
  paperSizeDiffers: { vi: 'tệp tải lên có {size} byte, đã khai {declared} byte', en: 'the upload has {size} bytes, {declared} were declared' },
  paperTypeDiffers: { vi: 'tải lên với định dạng {type}, đã khai {declared}', en: 'uploaded as {type}, declared as {declared}' },
  paperContentNotType: { vi: 'nội dung tệp không phải {type}', en: 'the content is not {type}' },
  procedureHasNoPaper: { vi: 'thủ tục này không có thành phần hồ sơ "{paper}"', en: 'this procedure has no paper "{paper}"' },
  procedureNoLongerHasPaper: { vi: 'thủ tục này không còn thành phần hồ sơ này', en: 'this procedure no longer has this paper' },
  procedureCodeHasNoPaper: { vi: 'thủ tục {code} không có thành phần hồ sơ "{paper}"', en: 'procedure {code} has no paper "{paper}"' },
  acceptedTypes: { vi: 'định dạng được nhận: {types}', en: 'accepted types: {types}' },
  atMostBytes: { vi: 'tối đa {n} byte', en: 'at most {n} bytes' },
  paperMissing: { vi: 'còn thiếu giấy tờ bắt buộc "{paper}"', en: 'required paper "{paper}" is missing' },
  paperAskedAgain: { vi: 'cán bộ đã yêu cầu bổ sung lại giấy tờ này; hãy khai và tải lên', en: 'the officer asked for this paper again; declare and upload it' },
  paperAskedAgainNamed: { vi: 'cán bộ đã yêu cầu bổ sung lại giấy tờ "{paper}"; hãy gửi giấy tờ này', en: 'the officer asked for the paper "{paper}" again; send it' },
  paperTwice: { vi: 'giấy tờ này được khai hai lần: hãy quét vào một tệp', en: 'this paper is declared twice: scan it into one file' },
  tooManyFiles: { vi: 'quá nhiều tệp', en: 'too many files' },
  fileEmpty: { vi: 'tệp rỗng', en: 'the file is empty' },
  paperHostNotAllowed: { vi: 'chỉ tải giấy tờ qua https từ các máy chủ mà tỉnh cho phép', en: 'papers are fetched only over https from the hosts this province allows' },
  fileServerAnswered: { vi: 'máy chủ tệp trả lời HTTP {status}', en: 'the file server answered HTTP {status}' },
  fileNotDownloaded: { vi: 'không tải được tệp (không kết nối được hoặc quá chậm); hãy gửi lại', en: 'the file could not be downloaded (unreachable or too slow); send it again' },
  documentExpired: { vi: 'hết hiệu lực từ {date}', en: 'expired on {date}' },
  documentNotAccepted: { vi: 'giấy tờ "{paper}" không nhận kết quả của thủ tục {code}', en: 'the paper "{paper}" does not accept the result of procedure {code}' },
  documentIsAnotherPaper: { vi: 'đây là giấy tờ "{stored}", không phải "{paper}"', en: 'this is the paper "{stored}", not "{paper}"' },
  documentTypeNotAccepted: { vi: 'định dạng {type} không được nhận; nhận: {types}', en: 'type {type} is not accepted; accepted: {types}' },
  // A result's signature (shared/agency/result-signature.ts) and the CAs trusted for it.
  signatureNone: { vi: 'tệp PDF không có chữ ký số (không có /ByteRange)', en: 'the PDF carries no digital signature (no /ByteRange)' },
  signatureRanges: { vi: 'các vùng byte của chữ ký không khớp với tệp', en: "the signature's byte ranges do not fit the file" },
  signatureAppended: { vi: 'tệp đã bị thay đổi sau khi ký (có nội dung nối sau phần được ký)', en: 'the file was changed after it was signed (content follows the signed part)' },
  signatureNotCms: { vi: 'chữ ký không phải cấu trúc CMS SignedData', en: 'the signature is not a CMS SignedData' },
  signatureNoTrust: { vi: 'hệ thống chưa tin cậy tổ chức chứng thực nào (PUT /admin/result-trust)', en: 'this stage trusts no certification authority yet (PUT /admin/result-trust)' },
  signatureDoesNotVerify: { vi: 'chữ ký không hợp lệ ({detail})', en: 'the signature does not verify ({detail})' },
  signatureUntrusted: {
    vi: 'chứng thư số của người ký không dẫn đến tổ chức chứng thực mà hệ thống tin cậy',
    en: "the signer's certificate does not lead to a certification authority this stage trusts",
  },
  signatureDigest: { vi: 'nội dung đã bị thay đổi sau khi ký (mã băm không khớp)', en: 'the signed content was changed after signing (message digest does not match)' },
  signatureOnlyPdf: { vi: 'chỉ tệp PDF có chữ ký số mới mang được chữ ký của cơ quan', en: "only a signed PDF can carry the agency's signature" },
  certificateNotCa: { vi: 'không phải chứng thư số của tổ chức chứng thực (basicConstraints CA chưa được đặt)', en: 'not a CA certificate (basicConstraints CA is not set)' },
  certificateNotPem: { vi: 'không phải chứng thư số X.509 dạng PEM', en: 'not a PEM X.509 certificate' },
  // DVCQG's forwarded dossiers.
  notARealDate: { vi: 'không phải một ngày có thật', en: 'not a real date' },
  addressForPost: { vi: 'bắt buộc khi trả kết quả qua bưu chính (HinhThucTra 1)', en: 'required when the result goes by post (HinhThucTra 1)' },
  // Payments.
  paymentEventShape: { vi: 'cần dạng { id, type, data: { paymentId, amount, providerRef } }', en: 'expected { id, type, data: { paymentId, amount, providerRef } }' },
  differsFromPaymentAmount: { vi: 'khác số tiền của khoản thanh toán', en: "differs from the payment's amount" },
  refundAtMost: { vi: 'từ 1 đến {n} đồng (số còn có thể hoàn)', en: 'from 1 to {n} VND (what is left to refund)' },
  // The catalogue and its forms.
  noAgencyOfKind: { vi: 'chưa có cơ quan nào thuộc loại {kind}; hãy tạo trước', en: 'no agency is of kind {kind}; create one first' },
  formHasNoField: { vi: 'biểu mẫu không có trường {field}', en: 'the application form has no field {field}' },
  duplicateId: { vi: 'mã {id} bị trùng', en: 'duplicate id {id}' },
  beneficiaryForPaygov: { vi: 'bắt buộc khi thu phí, lệ phí qua PayGov', en: 'required when fees are paid through PayGov' },
  parentRequired: { vi: '{tier} cần đơn vị cấp trên', en: 'a {tier} needs a parent unit' },
  tierUnder: { vi: '{tier} không thể trực thuộc {parent}', en: 'a {tier} cannot sit under a {parent}' },
  childTier: { vi: 'đơn vị trực thuộc {child} là {tier}', en: 'its child {child} is a {tier}' },
  tooManyForms: { vi: 'quá nhiều mẫu đơn', en: 'too many forms' },
  jsonSchemaObject: { vi: 'phải là một đối tượng JSON Schema', en: 'must be a JSON Schema object' },
  formDescribesObject: { vi: 'biểu mẫu phải mô tả một đối tượng (type: object)', en: 'the form must describe an object' },
  formTooCostly: { vi: 'không kiểm tra được câu trả lời theo biểu mẫu này trong {n} ms', en: 'the answers could not be checked against this form within {n} ms' },
  refLoops: { vi: '$ref này dẫn về chính nó; biểu mẫu phải hữu hạn', en: 'this $ref leads back to itself; forms are finite' },
  refNotInForm: { vi: '{ref} không có trong biểu mẫu này', en: '{ref} is not in this form' },
  formTooLarge: { vi: 'biểu mẫu có hơn {n} nút schema khi mở các $ref', en: 'the form expands to more than {n} schema nodes once its $refs are followed' },
  keywordNotInForms: { vi: 'biểu mẫu không hỗ trợ từ khóa này', en: 'keyword not supported in forms' },
  notValidForKeyword: { vi: 'giá trị không hợp lệ cho từ khóa này', en: 'not a valid value for this keyword' },
  formDoesNotCompile: { vi: 'biểu mẫu không biên dịch được: {reason}', en: 'the form does not compile: {reason}' },
  patternInvalid: { vi: 'không phải biểu thức chính quy hợp lệ (ECMA-262, cờ u)', en: 'not a valid regular expression (ECMA-262, u flag)' },
  patternNestedRepetition: {
    vi: 'một nhóm lặp chứa lượng từ hoặc phép chọn (lặp lồng nhau khiến việc so khớp chậm theo hàm mũ)',
    en: 'a repeated group holds a quantifier or an alternation (nested repetition backtracks exponentially)',
  },
  patternBackreference: { vi: 'không hỗ trợ tham chiếu ngược', en: 'backreferences are not supported' },
  patternLookaround: { vi: 'không hỗ trợ lookahead và lookbehind', en: 'lookahead and lookbehind are not supported' },
  // A citizen's answers against a procedure's form (form-schema.ts formMessage).
  requiredWith: { vi: 'bắt buộc khi đã điền trường {field}', en: 'required when {field} is given' },
  mustBeString: { vi: 'phải là văn bản', en: 'must be text' },
  mustBeNumber: { vi: 'phải là một số', en: 'must be a number' },
  mustBeInteger: { vi: 'phải là một số nguyên', en: 'must be a whole number' },
  mustBeBoolean: { vi: 'phải là có (true) hoặc không (false)', en: 'must be true or false' },
  mustBeObject: { vi: 'phải là một nhóm trường (đối tượng JSON)', en: 'must be a group of fields (a JSON object)' },
  mustBeArray: { vi: 'phải là một danh sách', en: 'must be a list' },
  mustBeNull: { vi: 'phải để trống (null)', en: 'must be null' },
  mustBeOfType: { vi: 'phải có kiểu {types}', en: 'must be of type {types}' },
  atLeastCharacters: { vi: 'ít nhất {n} ký tự', en: 'at least {n} characters' },
  atLeast: { vi: 'tối thiểu {n}', en: 'at least {n}' },
  atMost: { vi: 'tối đa {n}', en: 'at most {n}' },
  greaterThan: { vi: 'phải lớn hơn {n}', en: 'must be greater than {n}' },
  lessThan: { vi: 'phải nhỏ hơn {n}', en: 'must be less than {n}' },
  multipleOf: { vi: 'phải là bội số của {n}', en: 'must be a multiple of {n}' },
  atLeastItems: { vi: 'ít nhất {n} mục', en: 'at least {n} items' },
  atMostItems: { vi: 'tối đa {n} mục', en: 'at most {n} items' },
  duplicateItems: { vi: 'có các mục trùng nhau', en: 'holds the same item twice' },
  notFormat: { vi: 'không đúng định dạng {format}', en: 'not in the {format} format' },
  notPattern: { vi: 'không đúng định dạng yêu cầu', en: 'not in the required format' },
  oneOfValues: { vi: 'phải là một trong các giá trị {values}', en: 'must be one of {values}' },
  notAllowedHere: { vi: 'trường này không có trong biểu mẫu', en: 'not allowed here' },
  formRule: { vi: 'không đáp ứng quy tắc {keyword} của biểu mẫu', en: "does not satisfy the form's {keyword} rule" },
  stepUsedTwice: { vi: 'mã bước {id} bị dùng hai lần', en: 'step id {id} is used twice' },
  stepsExceedTime: { vi: 'các bước mất {total} giờ làm việc; thời hạn giải quyết cho phép {allowed}', en: 'the steps take {total} working hours; the processing time allows {allowed}' },
  lastStepLeader: { vi: 'bước cuối là lãnh đạo ký duyệt (approve)', en: 'the last step is the leader who signs (approve)' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

const PREFIX = 'i18n:';

/** A schema's own message by its key (and values for its `{n}`), resolved per request by resolveFieldMessage. */
export function say(key: FieldMessageKey, values?: Record<string, string | number>): string {
  return `${PREFIX}${key}${values ? `?${new URLSearchParams(Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)])))}` : ''}`;
}

/** A key's text in a language, for a detail built from the same words as a field message. */
export const sayIn = (language: 'vi' | 'en', key: FieldMessageKey, values?: Record<string, string | number>): string => resolveFieldMessage(say(key, values), language);

/** A message in a language: a `say` key's text with its values, anything else as it is. */
export function resolveFieldMessage(message: string, language: 'vi' | 'en'): string {
  if (!message.startsWith(PREFIX)) return message;
  const [key, query] = message.slice(PREFIX.length).split('?', 2) as [string, string | undefined];
  const entry = (FIELD_MESSAGES as Record<string, { vi: string; en: string }>)[key];
  if (!entry) return message;
  const values = new URLSearchParams(query ?? '');
  return entry[language].replace(/\{(\w+)\}/g, (whole, name: string) => values.get(name) ?? whole);
}
