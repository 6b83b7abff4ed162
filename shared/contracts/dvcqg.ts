import * as z from 'zod';
import { say } from '../domain/field-messages';
import { defineContract } from '../http/contract';
import { DossierId } from './dossiers';

/**
 * DVCQG both ways (issue 13): the routes through which the National Public Service Portal (or the
 * province's integration platform, LGSP) forwards dossiers, supplements and withdrawals, in DVCQG's
 * field names (NATIONAL-INTERFACES.md §1.3), and the admins' view of the outbound sync.
 */
const AUTH =
  'Signed: header `dvcqg-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the province\'s inbound secret, 5-minute tolerance (or, where the stage sets DVCQG_INBOUND_AUTH=key, header `dvcqg-key: <secret>`); compared in constant time. Anything else is 401 and nothing is written.';

/** `yyyyMMddHHmmss`, Vietnam time. */
const DvcqgDate = z
  .string()
  .regex(/^\d{14}$/, say('dvcqgDate'))
  .meta({ description: 'yyyyMMddHHmmss, Vietnam time', example: '20260301083000' });
const Code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.-]+$/, say('dvcqgCode'));

/** A paper (TaiLieuNop): a URL on an allowed host, or the file itself in base64. */
/** What fetching and verifying the papers DVCQG sends answers (shared/dvcqg/papers.ts), at inbound and at a supplement. */
const FETCHED_PAPER_CODES = ['PAPER_UNKNOWN', 'PAPER_MISSING', 'PAPER_NOT_FETCHED', 'PAPER_HOST_NOT_ALLOWED', 'PAPER_TOO_LARGE', 'PAPER_TYPE_NOT_ACCEPTED', 'PAPER_TYPE_MISMATCH', 'PAPER_INFECTED'] as const;

export const DvcqgPaper = z
  .object({
    TenTepDinhKem: z.string().min(1).max(255).meta({ description: 'file name' }),
    MaThanhPhanHoSo: z.string().min(1).max(100).meta({ description: 'paper code; mapped to our paper id (DVCQG_MAPPING), else used as it is' }),
    DuongDanTaiTepTin: z.url().max(2000).optional().meta({ description: 'https URL of the file on a host listed in DVCQG_FILE_HOSTS' }),
    Base64: z
      .string()
      .max(200_000)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, say('base64'))
      .optional()
      .meta({ description: 'the file, base64 (the body stays within 256 KiB: send larger files by URL)' }),
    LoaiTep: z
      .string()
      .max(100)
      .regex(/^[\w.+-]+\/[\w.+-]+$/)
      .optional()
      .meta({ description: 'content type; default from the file name or the download' }),
  })
  .strict()
  .refine((paper) => !!paper.DuongDanTaiTepTin !== !!paper.Base64, { message: say('urlOrBase64'), path: ['DuongDanTaiTepTin'] });

export const ForwardedDossier = z
  .object({
    MaHoSo: Code.meta({ description: 'national dossier code; a redelivery of the same code makes no second dossier', example: 'G22.99-260301-0001' }),
    MaTTHC: Code.meta({ description: 'national procedure code, mapped to our catalogue', example: '1.001193' }),
    MaDonViHanhChinh: Code.meta({ description: "the applicant's administrative unit (national code, mapped; else our unit id)", example: 'xa-an-binh' }),
    KenhThucHien: z.enum(['1', '2', '3']).default('2').meta({ description: '1 desk, 2 online, 3 public post' }),
    NgayNopHoSo: DvcqgDate,
    ChuHoSo: z.string().trim().min(1).max(200).meta({ description: "applicant's full name" }),
    SoGiayToChuHoSo: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .regex(/^[\dA-Za-z]+$/)
      .meta({ description: 'identity number (12-digit căn cước) or tax code' }),
    LoaiDoiTuong: z.enum(['1', '2', '3', '4']).default('1').meta({ description: '1 citizen, 2 business, 3 state agency, 4 other organisation' }),
    MaDoiTuong: z.string().max(100).optional().meta({ description: "the applicant's DVCQG TechID" }),
    SoDienThoai: z
      .string()
      .regex(/^\+?\d{8,15}$/)
      .optional(),
    Email: z.email().max(200).optional(),
    DiaChi: z.string().max(500).optional(),
    TrichYeuHoSo: z.string().max(1000).optional(),
    DuLieuBieuMau: z.record(z.string(), z.unknown()).default({}).meta({ description: "the e-form's answers, checked against the procedure's form" }),
    TaiLieuNop: z.array(DvcqgPaper).max(30).default([]),
    DuocThanhToanTrucTuyen: z.enum(['0', '1']).default('0').meta({ description: '1: the fee was paid on DVCQG (DanhSachLePhi)' }),
    DanhSachLePhi: z
      .array(
        z
          .object({
            TenPhiLePhi: z.string().max(300),
            Gia: z
              .string()
              .regex(/^\d{1,12}$/)
              .meta({ description: 'integer VND' }),
          })
          .loose(),
      )
      .max(20)
      .default([]),
    HinhThucTra: z.enum(['0', '1']).default('0').meta({ description: '1: result by post (BCCI) to DiaChiNhanKetQua' }),
    DiaChiNhanKetQua: z.string().max(500).optional(),
  })
  .strict();
export type ForwardedDossier = z.infer<typeof ForwardedDossier>;

export const ForwardAnswer = z.object({
  error_code: z.literal('0'),
  message: z.string().meta({ example: 'Tiếp nhận hồ sơ thành công' }),
  MaHoSo: z.string(),
  MaHoSoDonVi: z.string().meta({ description: 'our dossier code' }),
  dossierId: z.string(),
  TrangThaiHoSo: z.string(),
  NgayHenTra: z.string().meta({ description: 'appointment date, yyyyMMddHHmmss' }),
  duplicate: z.boolean().meta({ description: 'true: this national code was already received; nothing new was written' }),
});

export const forwardDossier = defineContract({
  operationId: 'dvcqgForwardDossier',
  summary: 'DVCQG forwards a dossier to the province (idempotent on MaHoSo)',
  description: `${AUTH} The papers are fetched into our storage and verified like a citizen's uploads; then the dossier is SUBMITTED with our code (MaHoSoDonVi) beside the national one, an appointment date and an agency, exactly as an online submission, with \`channel: dvcqg\`. 201 for a new dossier; 200 with \`duplicate: true\` and the same codes for a redelivery.`,
  tag: 'dvcqg',
  access: 'webhook',
  body: ForwardedDossier,
  example: {
    MaHoSo: 'G22.99-260301-0001',
    MaTTHC: '1.001193',
    MaDonViHanhChinh: 'xa-an-binh',
    KenhThucHien: '2',
    NgayNopHoSo: '20260301083000',
    ChuHoSo: 'Trần Thị Mai',
    SoGiayToChuHoSo: '001199000123',
    LoaiDoiTuong: '1',
    SoDienThoai: '0912345678',
    Email: 'tran.thi.mai@example.com',
    DiaChi: 'Số 12 đường Lê Lợi, thôn Đông, xã An Bình, tỉnh Demo',
    TrichYeuHoSo: 'Đăng ký khai sinh cho con',
    DuLieuBieuMau: {
      child: { fullName: 'Nguyễn Minh An', sex: 'male', birthDate: '2026-02-20', birthPlace: 'Trạm y tế xã An Bình, tỉnh Demo' },
      mother: { fullName: 'Trần Thị Mai', birthDate: '1999-05-02', nationalId: '001199000123' },
      relationship: 'mother',
    },
    TaiLieuNop: [
      { TenTepDinhKem: 'giay-chung-sinh.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', DuongDanTaiTepTin: 'https://tep.dichvucong.example.com/hoso/G22.99-260301-0001/giay-chung-sinh.pdf', LoaiTep: 'application/pdf' },
    ],
    DuocThanhToanTrucTuyen: '0',
    DanhSachLePhi: [],
    HinhThucTra: '0',
  },
  status: 201,
  response: ForwardAnswer,
  errorCodes: [
    'INVALID_SIGNATURE',
    'SIGNATURE_EXPIRED',
    'PROCEDURE_NOT_FOUND',
    'UNIT_NOT_FOUND',
    'PROCEDURE_NOT_ONLINE',
    'INVALID_DATE',
    'ADDRESS_REQUIRED',
    'FORM_INVALID',
    ...FETCHED_PAPER_CODES,
    'DOSSIER_INCOMPLETE',
    'SERVICE_UNAVAILABLE',
  ],
});

const NationalCode = z.object({ maHoSo: Code });

export const ChangeAnswer = z.object({ error_code: z.literal('0'), message: z.string(), MaHoSo: z.string(), MaHoSoDonVi: z.string(), TrangThaiHoSo: z.string(), NgayHenTra: z.string() });

export const supplementDossier = defineContract({
  operationId: 'dvcqgSupplementDossier',
  summary: "DVCQG forwards the applicant's supplement (bổ sung hồ sơ) of a forwarded dossier",
  description: `${AUTH} Allowed while the dossier is SUPPLEMENT_REQUESTED (else 409 ILLEGAL_TRANSITION, before anything is fetched): the papers given are fetched and verified as at inbound, each replacing the dossier's paper of the same kind; the papers the officer asked for must be among them; \`DuLieuBieuMau\`, when given, replaces the answers and is checked against the form; the clock resumes and the appointment date moves by the paused working time. Idempotent on \`MaBoSung\`: a redelivery, even concurrent, answers the same and changes nothing.`,
  tag: 'dvcqg',
  access: 'webhook',
  params: NationalCode,
  body: z.lazy(() =>
    z
      .object({
        MaBoSung: Code.meta({ description: 'id of this supplement on DVCQG; a redelivery changes nothing' }),
        NoiDungBoSung: z.string().max(1000).optional(),
        DuLieuBieuMau: z.record(z.string(), z.unknown()).optional(),
        TaiLieuNop: z.array(DvcqgPaper).max(30).default([]),
      })
      .strict(),
  ),
  example: {
    MaBoSung: 'BS-G22.99-260301-0001-1',
    NoiDungBoSung: 'Bổ sung bản chụp giấy chứng sinh rõ nét theo yêu cầu của cán bộ.',
    TaiLieuNop: [
      {
        TenTepDinhKem: 'giay-chung-sinh-bo-sung.pdf',
        MaThanhPhanHoSo: 'giay-chung-sinh',
        DuongDanTaiTepTin: 'https://tep.dichvucong.example.com/hoso/G22.99-260301-0001/giay-chung-sinh-bo-sung.pdf',
        LoaiTep: 'application/pdf',
      },
    ],
  },
  response: ChangeAnswer,
  errorCodes: ['INVALID_SIGNATURE', 'SIGNATURE_EXPIRED', 'NOT_FOUND', 'ILLEGAL_TRANSITION', 'PROCEDURE_NOT_ONLINE', 'FORM_INVALID', ...FETCHED_PAPER_CODES, 'DOSSIER_INCOMPLETE', 'CONFLICT', 'SERVICE_UNAVAILABLE'],
});

export const withdrawDossier = defineContract({
  operationId: 'dvcqgWithdrawDossier',
  summary: "DVCQG forwards the applicant's withdrawal (rút hồ sơ) of a forwarded dossier",
  description: `${AUTH} Allowed before a decision; a redelivery of a withdrawal already made answers 200 again.`,
  tag: 'dvcqg',
  access: 'webhook',
  params: NationalCode,
  body: z.lazy(() => z.object({ LyDo: z.string().max(1000).optional() }).strict()),
  example: { LyDo: 'Công dân xin rút hồ sơ để nộp lại trực tiếp tại bộ phận một cửa.' },
  response: ChangeAnswer,
  errorCodes: ['INVALID_SIGNATURE', 'SIGNATURE_EXPIRED', 'NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONFLICT'],
});

export const PendingSync = z.object({
  dossierId: z.string(),
  maHoSo: z.string().optional(),
  state: z.enum(['syncing', 'retrying', 'waiting']).meta({ description: 'syncing: a pass holds the lease now; retrying: the last pass failed (lastError), next at nextAttemptAt; waiting: behind, a pass is due' }),
  created: z.boolean().meta({ description: 'DVCQG has the dossier (create, or create → "đã tồn tại" → update, succeeded)' }),
  dossierVersion: z.number().int(),
  syncedVersion: z.number().int().meta({ description: 'dossier version of the last acknowledged create/update' }),
  ackedVersion: z.number().int().meta({ description: 'last history version whose progress item DVCQG acknowledged' }),
  behindSince: z.iso.datetime(),
  failures: z.number().int(),
  lastError: z.object({ at: z.iso.datetime(), step: z.enum(['create', 'update', 'progress']), reason: z.string(), message: z.string() }).optional(),
  nextAttemptAt: z.iso.datetime().optional(),
});

export const listPending = defineContract({
  operationId: 'dvcqgListPending',
  summary: 'Dossiers whose sync to DVCQG is behind, oldest first, and why',
  tag: 'dvcqg',
  access: ['admin'],
  query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }).strict(),
  response: z.lazy(() => z.object({ items: z.array(PendingSync) })),
});

export const replayDossier = defineContract({
  operationId: 'dvcqgReplayDossier',
  summary: 'Sync one dossier to DVCQG now (from its cursor, or from the start)',
  description:
    '`from: cursor` (default) sends now what is behind, ignoring the backoff; `from: start` forgets the cursor, so DVCQG gets the dossier and every step again. Answers the outcome and the cursor; a DVCQG failure is reported in it (outcome `failed`), not as an error.',
  tag: 'dvcqg',
  access: ['admin'],
  idempotent: true,
  params: DossierId,
  body: z.lazy(() => z.object({ from: z.enum(['cursor', 'start']).default('cursor') }).strict()),
  example: { from: 'cursor' },
  response: z.lazy(() =>
    z.object({ outcome: z.enum(['disabled', 'missing', 'not-synced', 'synced', 'handed-over', 'lease-lost', 'failed']), sync: PendingSync.extend({ behindSince: z.iso.datetime().optional() }).optional() }),
  ),
  errorCodes: ['NOT_FOUND', 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
});

export const syncCatalogue = defineContract({
  operationId: 'dvcqgSyncCatalogue',
  summary: 'Pull the national procedure database (CSDL TTHC) into the catalogue now, or see what a pull would change',
  description:
    "The daily `dvcqg-catalogue` schedule does the same. Each national record (LayDanhSachTTHC, then LayThuTuc for the full record) is merged into our procedure of the mapped code: name, field, tier, processing time and the publishing decision come from the national database; the form schema, fees, papers' file rules, internal steps, level and delivery stay ours. A procedure new to us comes in at level 1 (information only) until an admin gives it a form. Procedures the list no longer has are marked `national.listed: false`, never removed. `dryRun` (true unless `false` is sent, as for the retention run) writes nothing and reports the same lists. A DVCQG failure is reported (outcome `failed`, nothing written), not an error.",
  tag: 'dvcqg',
  access: ['admin'],
  // No Idempotency-Key: a pull is idempotent by nature (a repeat finds every record unchanged).
  body: z.lazy(() => z.object({ dryRun: z.boolean().default(true).meta({ description: 'true (the default): report what a pull would change and write nothing; false: pull' }) }).strict()),
  example: { dryRun: true },
  response: z.lazy(() =>
    z.object({
      outcome: z.enum(['disabled', 'synced', 'failed']),
      dryRun: z.boolean(),
      listed: z.number().int(),
      added: z.array(z.string()),
      updated: z.array(z.string()),
      unchanged: z.number().int(),
      unlisted: z.array(z.string()),
      skipped: z.array(z.object({ code: z.string(), reason: z.string() })),
      reason: z.string().optional(),
    }),
  ),
});
