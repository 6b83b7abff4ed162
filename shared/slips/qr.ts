import * as z from 'zod';

/**
 * What the QR code of a slip or result carries (Thông tư 01/2023/TT-VPCP, ../shared/LEGAL.md R12):
 * dossier code, procedure code, applicant id, document name, system name and issue time; a receipt
 * adds the appointment date. Plus the verify URL, which a public route resolves. Encoded as compact
 * JSON (UTF-8, byte mode of TCVN 7322 / ISO 18004), so any reader shows it and a program parses it.
 */
export const QrFields = z.object({
  /** Mã hồ sơ. */
  dossierCode: z.string().min(1),
  /** Mã thủ tục hành chính. */
  procedureCode: z.string().min(1),
  /** Mã định danh of the applicant (the căn cước number of a person). */
  applicantId: z.string().min(1),
  /** Tên giấy tờ: the slip's or result's title. */
  documentName: z.string().min(1),
  /** Tên hệ thống: the system that issued it. */
  systemName: z.string().min(1),
  /** Thời gian cấp, ISO 8601 in Vietnam time. */
  issuedAt: z.string().min(1),
  /** Ngày hẹn trả (receipts only), ISO 8601 in Vietnam time. */
  appointmentAt: z.string().min(1).optional(),
  /** Where anyone holding the paper can check it is genuine. */
  verifyUrl: z.url(),
});
export type QrFields = z.infer<typeof QrFields>;

export const qrPayload = (fields: QrFields): string => JSON.stringify(QrFields.parse(fields));

/** The fields of a decoded QR payload; throws on anything that is not one of ours. */
export const parseQrPayload = (payload: string): QrFields => QrFields.parse(JSON.parse(payload));

/** The name motcua signs its documents with in the QR's "system name". */
export const SYSTEM_NAME = 'Hệ thống thông tin giải quyết TTHC tỉnh (motcua)';
