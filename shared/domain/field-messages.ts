/**
 * The field messages our schemas write by hand (beside zod's own, which its vi and en locales
 * translate), declared once with their Vietnamese and English text. A schema gives `say(key)` as
 * its message; the HTTP stack resolves it to the caller's language (shared/http/validation.ts).
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
} as const satisfies Record<string, { vi: string; en: string }>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

const PREFIX = 'i18n:';

/** A schema's own message by its key (and values for its `{n}`), resolved per request by resolveFieldMessage. */
export function say(key: FieldMessageKey, values?: Record<string, string | number>): string {
  return `${PREFIX}${key}${values ? `?${new URLSearchParams(Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)])))}` : ''}`;
}

/** A message in a language: a `say` key's text with its values, anything else as it is. */
export function resolveFieldMessage(message: string, language: 'vi' | 'en'): string {
  if (!message.startsWith(PREFIX)) return message;
  const [key, query] = message.slice(PREFIX.length).split('?', 2) as [string, string | undefined];
  const entry = (FIELD_MESSAGES as Record<string, { vi: string; en: string }>)[key];
  if (!entry) return message;
  const values = new URLSearchParams(query ?? '');
  return entry[language].replace(/\{(\w+)\}/g, (whole, name: string) => values.get(name) ?? whole);
}
