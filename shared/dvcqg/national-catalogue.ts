import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { DeliveryMethod, Paper, Procedure, ProcessingTime, Tier } from '../domain/procedure';
import { foldVietnamese } from '../domain/search';
import { procedureFor, type DvcqgMapping } from './mapping';

/**
 * A procedure of the national procedure database (CSDL TTHC, NATIONAL-INTERFACES.md §1.6 d) as the
 * adapter's `LayDanhSachTTHC` / `LayThuTuc` answer it: upper-case fields, lists of objects, numbers
 * often as strings. Loose: the national record carries more than we read, and its extra fields must
 * not make a sync fail.
 */
const text = z.union([z.string(), z.number()]).transform(String);
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

export const NationalProcedure = z
  .object({
    MATTHC: z.string().trim().min(1).max(40),
    ID: text.optional(),
    TENTTHC: z.string().trim().min(1).max(300),
    LOAITTHC: text.optional(),
    TRANGTHAI: text.optional(),
    LINHVUCTHUCHIEN: list(z.object({ MALINHVUC: text.optional(), TENLINHVUC: z.string().trim().min(1).max(200) }).loose()),
    COQUANTHUCHIEN: list(z.object({ TENDONVI: z.string().max(300) }).loose()),
    KETQUATHUCHIEN: list(z.object({ MAKETQUA: text.optional(), TENKETQUA: z.string().max(500) }).loose()),
    CACHTHUCTHUCHIEN: list(
      z
        .object({
          KENH: text,
          THOIGIAN: list(z.object({ THOIGIANGIAIQUYET: text.optional(), DONVITINH: z.string().optional(), PHILEPHI: list(z.object({ SOTIEN: text.optional() }).loose()) }).loose()),
        })
        .loose(),
    ),
    THANHPHANHOSO: list(
      z
        .object({
          TRUONGHOP: z.string().nullish(),
          GIAYTO: list(z.object({ MAGIAYTO: text.optional(), TENGIAYTO: z.string().trim().min(1).max(300), SOBANCHINH: text.optional(), SOBANSAO: text.optional() }).loose()),
        })
        .loose(),
    ),
    CAPTHUCHIEN: list(z.object({ CAPTHUCHIEN: text, MOTACOQUANTHUCHIEN: z.string().nullish(), DIACHITIEPNHAN: z.string().nullish() }).loose()),
    IDQUYETDINHCONGBO: text.optional(),
  })
  .loose();
export type NationalProcedure = z.infer<typeof NationalProcedure>;

/** What a procedure keeps of its national record: enough to tell a change and to cite it. */
export interface NationalRecord {
  code: string;
  id?: string;
  decisionId?: string;
  status?: string;
  resultName?: string;
  /** SHA-256 of the national record as received: an unchanged record is not written again. */
  hash: string;
  syncedAt: string;
  /** False once the national list no longer has it (marked, never deleted: dossiers refer to it). */
  listed: boolean;
}

// CAPTHUCHIEN: 0 ministry, 1 province, 2 district, 3 commune (§1.6 d). Ministry procedures are not the province's.
const TIERS: Record<string, Tier> = { '1': 'province', '2': 'district', '3': 'commune' };
// KENH as KenhThucHien: 1 at the desk, 2 online, 3 by public post.
const CHANNELS: Record<string, DeliveryMethod> = { '1': 'desk', '2': 'online', '3': 'post' };
const DEFAULT_AGENCY_KINDS: Record<Tier, string> = { province: 'province-committee', district: 'district-committee', commune: 'commune-committee' };
const PAPER_DEFAULTS = { contentTypes: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 10 * 1024 * 1024 };

/** A stable hash of the national record: key order does not matter, so a reordered answer is no change. */
export function recordHash(item: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(item)))
    .digest('base64url');
}

const slug = (raw: string) =>
  foldVietnamese(raw)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'giay-to';

/** The processing time of the online channel (else the first stated): "Ngày làm việc" → working days. */
function processingTimeOf(item: NationalProcedure): ProcessingTime | undefined {
  const ways = [...item.CACHTHUCTHUCHIEN].sort((a, b) => Number(a.KENH !== '2') - Number(b.KENH !== '2'));
  for (const way of ways) {
    for (const time of way.THOIGIAN) {
      const amount = Number(time.THOIGIANGIAIQUYET);
      if (!Number.isInteger(amount) || amount < 0 || amount > 365) continue;
      const unit = (time.DONVITINH ?? '').toLowerCase();
      return { amount, unit: unit.includes('làm việc') || unit === '' ? 'working-days' : 'calendar-days' };
    }
  }
  return undefined;
}

function feeOf(item: NationalProcedure): number {
  for (const way of item.CACHTHUCTHUCHIEN) {
    for (const time of way.THOIGIAN) {
      const amount = Number(time.PHILEPHI[0]?.SOTIEN);
      if (Number.isInteger(amount) && amount >= 0) return amount;
    }
  }
  return 0;
}

/** The national papers, of the first case (TRUONGHOP) listed; ids from MAGIAYTO or the name. */
function papersOf(item: NationalProcedure): Paper[] {
  const seen = new Set<string>();
  return (item.THANHPHANHOSO[0]?.GIAYTO ?? []).slice(0, 30).flatMap((doc) => {
    let id = slug(doc.MAGIAYTO ?? doc.TENGIAYTO);
    for (let n = 2; seen.has(id); n++) id = `${slug(doc.MAGIAYTO ?? doc.TENGIAYTO).slice(0, 60)}-${n}`;
    seen.add(id);
    return [{ id, name: doc.TENGIAYTO, required: true, ...PAPER_DEFAULTS }];
  });
}

export type Merge = { kind: 'skipped'; code: string; reason: string } | { kind: 'unchanged'; code: string } | { kind: 'added' | 'updated'; code: string; procedure: Procedure };

/**
 * Merges one national record into our catalogue (pure). The national database is the source of what
 * the procedure is (name, field, tier, processing time, the decision that published it); the
 * province's own form schema, fees, papers' file rules, internal steps, level and delivery stay as
 * they are. A procedure new to us comes in at level 1 (information only: its papers, time and fee
 * are shown, nothing can be filed) until an admin gives it a form and raises its level.
 */
export function mergeNational(item: NationalProcedure, hash: string, local: Procedure | undefined, mapping: DvcqgMapping, at: Date): Merge {
  const code = procedureFor(mapping, item.MATTHC);
  const tierCode = item.CAPTHUCHIEN[0]?.CAPTHUCHIEN;
  const tier = tierCode === undefined ? local?.tier : TIERS[tierCode];
  if (!tier) return { kind: 'skipped', code, reason: `CAPTHUCHIEN ${tierCode}: not a level of this province` };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(code)) return { kind: 'skipped', code, reason: 'MATTHC is not a procedure code' };
  const national: NationalRecord = {
    code: item.MATTHC,
    hash,
    syncedAt: at.toISOString(),
    listed: true,
    ...(item.ID ? { id: item.ID } : {}),
    ...(item.IDQUYETDINHCONGBO ? { decisionId: item.IDQUYETDINHCONGBO } : {}),
    ...(item.TRANGTHAI ? { status: item.TRANGTHAI } : {}),
    ...(item.KETQUATHUCHIEN[0] ? { resultName: item.KETQUATHUCHIEN[0].TENKETQUA } : {}),
  };
  if (local?.national?.hash === hash && local.national.listed) return { kind: 'unchanged', code };
  const field = item.LINHVUCTHUCHIEN[0]?.TENLINHVUC ?? local?.field ?? 'Khác';
  const processingTime = processingTimeOf(item) ?? local?.processingTime ?? { amount: 0, unit: 'working-days' };
  const legalBasis = item.IDQUYETDINHCONGBO ? [`Quyết định công bố thủ tục hành chính (CSDL TTHC) số hiệu ${item.IDQUYETDINHCONGBO}`] : [];
  if (local) {
    return { kind: 'updated', code, procedure: { ...local, name: item.TENTTHC, field, tier, processingTime, national, ...(local.legalBasis.length ? {} : { legalBasis }) } };
  }
  const delivery = [...new Set(item.CACHTHUCTHUCHIEN.map((way) => CHANNELS[way.KENH]).filter((m): m is DeliveryMethod => !!m))];
  return {
    kind: 'added',
    code,
    procedure: {
      code,
      name: item.TENTTHC,
      description: '',
      field,
      level: 1,
      mode: 'PARTLY_ONLINE',
      tier,
      agencyKind: DEFAULT_AGENCY_KINDS[tier],
      steps: [],
      internalSteps: [],
      papers: papersOf(item),
      fee: { kind: 'fixed', amount: feeOf(item) },
      processingTime,
      legalBasis,
      applicationForm: { type: 'object', properties: {} },
      forms: [],
      delivery: delivery.length ? delivery : ['desk'],
      active: true,
      national,
    },
  };
}
