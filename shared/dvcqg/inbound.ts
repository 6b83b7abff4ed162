import { randomUUID } from 'node:crypto';
import { now } from '../clock';
import type { ForwardedDossier } from '../contracts/dvcqg';
import type { Dossier, DossierPaper } from '../domain/dossier';
import { decide, INITIAL_STATE, statusCode } from '../domain/dossier-lifecycle';
import { NotFoundError, rejection, type FieldError } from '../domain/errors';
import { answerErrors } from '../domain/form-schema';
import { feeFor } from '../domain/procedure';
import type { Logger } from '../logger';
import { onlineProcedure } from '../dossiers/drafts';
import { missingPapers } from '../dossiers/papers';
import { commitSubmission } from '../dossiers/submit';
import { getUnit } from '../store/catalogue';
import { getDossier } from '../store/dossiers';
import { dossierIdOfNationalCode, nationalCodeClaim } from '../store/dvcqg';
import { failedOn } from '../store/transaction';
import { dvcqgDate, paperFor, parseDvcqgDate, procedureFor, unitFor } from './mapping';
import { fetchAndVerifyPapers } from './papers';
import { dvcqgSettings } from './settings';
import { say } from '../domain/field-messages';

/** The raw request an inbound route hands over: the signature covers the exact raw body. */
export interface InboundRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
  correlationId?: string;
  log?: Logger;
}

/** The system principal that owns a forwarded dossier: no citizen token ever carries it. */
export const dvcqgOwner = (nationalCode: string) => `dvcqg:${nationalCode}`;

/** The answer DVCQG reads: its error_code/message convention, our code beside its own. */
export function answerFor(dossier: Dossier, message: string) {
  return {
    error_code: '0' as const,
    message,
    MaHoSo: dossier.national?.code ?? '',
    MaHoSoDonVi: dossier.code ?? '',
    dossierId: dossier.id,
    TrangThaiHoSo: String(statusCode(dossier.status) ?? ''),
    NgayHenTra: dvcqgDate(dossier.appointmentAt),
  };
}

const DUPLICATE = 'Hồ sơ đã tồn tại, đã tiếp nhận thành công trước đó';

async function existing(nationalCode: string): Promise<Dossier | undefined> {
  const id = await dossierIdOfNationalCode(nationalCode);
  return id ? getDossier(id) : undefined;
}

/** A dossier DVCQG forwarded, by its national code, for supplements and withdrawals: 404 if we never received it. */
export async function forwardedDossier(nationalCode: string): Promise<Dossier> {
  const dossier = await existing(nationalCode);
  if (!dossier) throw new NotFoundError(`No dossier was forwarded with MaHoSo ${nationalCode}.`);
  return dossier;
}

/**
 * POST /integrations/dvcqg/dossiers: a dossier DVCQG forwards. Authenticated first, before the body
 * is parsed (authenticateDvcqgRequest, a handler option); then, in order
 * and writing nothing until all pass: national code not yet received (else the same answer again,
 * 200) → procedure mapped and online → unit mapped → answers valid against the form → papers
 * present, fetched and verified → commitSubmission, the citizen's submit path (agency, code,
 * appointment date, one transaction) with the claim of the national code in the same transaction,
 * so two concurrent deliveries make one dossier.
 */
export async function receiveForwardedDossier(request: InboundRequest & { body: ForwardedDossier }, at = now()): Promise<{ status: 200 | 201; answer: ReturnType<typeof answerFor> & { duplicate: boolean } }> {
  // Authenticated by the handler before the body was parsed (functions/dvcqg/forward.ts).
  const settings = await dvcqgSettings();
  const { body } = request;
  const known = await existing(body.MaHoSo);
  if (known) return { status: 200, answer: { ...answerFor(known, DUPLICATE), duplicate: true } };

  const procedure = await onlineProcedure(procedureFor(settings.mapping, body.MaTTHC), 'body.MaTTHC');
  const unitId = unitFor(settings.mapping, body.MaDonViHanhChinh);
  const errors: FieldError[] = [];
  if (!(await getUnit(unitId))) errors.push({ path: 'body.MaDonViHanhChinh', message: say('noUnitInProvince', { unit: body.MaDonViHanhChinh }), code: 'UNIT_NOT_FOUND' });
  const submittedOnDvcqg = parseDvcqgDate(body.NgayNopHoSo);
  if (!submittedOnDvcqg) errors.push({ path: 'body.NgayNopHoSo', message: say('notARealDate'), code: 'INVALID_DATE' });
  if (body.HinhThucTra === '1' && !body.DiaChiNhanKetQua) errors.push({ path: 'body.DiaChiNhanKetQua', message: say('addressForPost'), code: 'ADDRESS_REQUIRED' });
  errors.push(...answerErrors(procedure.applicationForm, body.DuLieuBieuMau, 'body.DuLieuBieuMau'));
  if (errors.length) throw rejection('The forwarded dossier does not fit; see errors. Nothing was received.', errors, 'DOSSIER_INCOMPLETE');

  const id = randomUUID();
  const ownerSub = dvcqgOwner(body.MaHoSo);
  const draft: Dossier = {
    id,
    version: 0,
    ...INITIAL_STATE,
    procedureCode: procedure.code,
    ownerSub,
    unitId,
    applicant: {
      fullName: body.ChuHoSo,
      nationalId: body.SoGiayToChuHoSo,
      ...(body.SoDienThoai ? { phone: body.SoDienThoai } : {}),
      ...(body.Email ? { email: body.Email } : {}),
      ...(body.DiaChi ? { address: body.DiaChi } : {}),
    },
    // The national portal's accounts are VNeID accounts: it vouches for the contacts it forwards.
    contactsVouched: { ...(body.SoDienThoai ? { sms: 'source' as const } : {}), ...(body.Email ? { email: 'source' as const } : {}) },
    answers: body.DuLieuBieuMau,
    papers: [],
    fee: { amount: 0, state: 'NONE' },
    delivery: body.HinhThucTra === '1' ? { method: 'post', address: body.DiaChiNhanKetQua! } : { method: 'online' },
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  const decision = decide(draft, 'submit', 'citizen');
  const fetched = await fetchAndVerifyPapers({ dossierId: id, procedure, nationalProcedureCode: body.MaTTHC, forwarded: body.TaiLieuNop, settings, at, path: 'body.TaiLieuNop' });
  // Missing: no paper of that kind was sent at all (one sent but failed has its own error).
  const sent = body.TaiLieuNop.map((doc) => ({ paperId: paperFor(settings.mapping, body.MaTTHC, doc.MaThanhPhanHoSo) }) as DossierPaper);
  const missing = missingPapers(procedure, sent).map((error) => ({ ...error, path: 'body.TaiLieuNop' }));
  if (fetched.errors.length || missing.length || !fetched.verification) {
    await fetched.discard();
    throw rejection('Some papers are missing or failed verification; see errors. Nothing was received.', [...fetched.errors, ...missing], 'DOSSIER_INCOMPLETE');
  }

  // A fee already paid on DVCQG counts as paid here when it covers ours.
  const amount = feeFor(procedure, body.DuLieuBieuMau);
  const paidOnDvcqg = body.DuocThanhToanTrucTuyen === '1' ? body.DanhSachLePhi.reduce((sum, fee) => sum + Number(fee.Gia), 0) : 0;
  const national = {
    code: body.MaHoSo,
    procedureCode: body.MaTTHC,
    channelCode: body.KenhThucHien,
    applicantKind: body.LoaiDoiTuong,
    submittedAt: submittedOnDvcqg!.toISOString(),
    ...(body.MaDoiTuong ? { applicantTechId: body.MaDoiTuong } : {}),
    ...(body.TrichYeuHoSo ? { summary: body.TrichYeuHoSo } : {}),
  };
  try {
    const submitted = await commitSubmission({
      dossier: draft,
      decision,
      procedure,
      verification: fetched.verification,
      at,
      actor: { sub: ownerSub, role: 'citizen' },
      channel: 'dvcqg',
      changes: { national, ...(amount > 0 && paidOnDvcqg >= amount ? { fee: { amount, state: 'PAID' as const } } : {}) },
      alsoWrite: { nationalCodeClaim: nationalCodeClaim(body.MaHoSo, id) },
      ...(request.correlationId ? { correlationId: request.correlationId } : {}),
    });
    request.log?.info('dvcqg.inbound.received', { dossierId: id, code: submitted.code });
    return { status: 201, answer: { ...answerFor(submitted, 'Tiếp nhận hồ sơ thành công'), duplicate: false } };
  } catch (error) {
    // commitSubmission kept or discarded the verified copies; the fetched originals are ours to remove.
    await fetched.discardFetched();
    if (failedOn(error, 'nationalCodeClaim')) {
      const winner = await existing(body.MaHoSo);
      if (winner) return { status: 200, answer: { ...answerFor(winner, DUPLICATE), duplicate: true } };
    }
    throw error;
  }
}
