import { now } from '../clock';
import type { Dossier } from '../domain/dossier';
import { decide } from '../domain/dossier-lifecycle';
import { rejection, type FieldError } from '../domain/errors';
import { answerErrors } from '../domain/form-schema';
import { onlineProcedure } from '../dossiers/drafts';
import { commitSupplement } from '../dossiers/supplement';
import { getDossier } from '../store/dossiers';
import { supplementClaim, supplementReceived } from '../store/dvcqg';
import { failedOn } from '../store/transaction';
import type { ForwardedPaper } from './papers';
import { fetchAndVerifyPapers } from './papers';
import { answerFor, forwardedDossier } from './inbound';
import { paperFor } from './mapping';
import { dvcqgSettings } from './settings';
import { say } from '../domain/field-messages';

const SUPPLEMENTED = 'Bổ sung hồ sơ thành công';

export interface ForwardedSupplement {
  MaBoSung: string;
  NoiDungBoSung?: string;
  DuLieuBieuMau?: Record<string, unknown>;
  TaiLieuNop: readonly ForwardedPaper[];
}

/**
 * POST /integrations/dvcqg/dossiers/{maHoSo}/supplement: the applicant answered the officer's
 * supplement request on DVCQG (bổ sung hồ sơ). Authenticated before the body is parsed (the
 * handler's option). The lifecycle decides first (409 ILLEGAL_TRANSITION unless
 * SUPPLEMENT_REQUESTED), before anything is fetched; the papers are then fetched and verified as at
 * inbound, each replacing the dossier's paper of the same kind, and the citizen's own supplement
 * (commitSupplement: requested papers present, answers valid, clock resumed) commits with the claim
 * of MaBoSung in the same transaction, so a redelivery, concurrent or late, changes nothing.
 */
export async function receiveSupplement(request: { maHoSo: string; body: ForwardedSupplement; correlationId?: string }, at = now()) {
  const { maHoSo, body } = request;
  const dossier = await forwardedDossier(maHoSo);
  if (await supplementReceived(maHoSo, body.MaBoSung)) return answerFor(dossier, SUPPLEMENTED);
  decide(dossier, 'supplement', 'citizen');

  const settings = await dvcqgSettings();
  const procedure = await onlineProcedure(dossier.procedureCode, 'procedureCode');
  // What does not fit is refused in DVCQG's field paths before anything is fetched.
  const nationalProcedureCode = dossier.national?.procedureCode ?? dossier.procedureCode;
  const sent = new Set(body.TaiLieuNop.map((doc) => paperFor(settings.mapping, nationalProcedureCode, doc.MaThanhPhanHoSo)));
  const unfit: FieldError[] = [
    ...(body.DuLieuBieuMau ? answerErrors(procedure.applicationForm, body.DuLieuBieuMau, 'body.DuLieuBieuMau') : []),
    ...(dossier.request?.papers ?? [])
      .filter((paperId) => procedure.papers.some((paper) => paper.id === paperId) && !sent.has(paperId))
      .map((paperId) => ({ path: 'body.TaiLieuNop', message: say('paperAskedAgainNamed', { paper: paperId }), code: 'PAPER_MISSING' })),
  ];
  if (unfit.length) throw rejection('The supplement is not complete; see errors. Nothing was supplemented.', unfit, 'DOSSIER_INCOMPLETE');
  const fetched = await fetchAndVerifyPapers({
    dossierId: dossier.id,
    procedure,
    nationalProcedureCode,
    forwarded: body.TaiLieuNop,
    settings,
    at,
    path: 'body.TaiLieuNop',
  });
  if (fetched.errors.length || !fetched.verification) {
    await fetched.discard();
    throw rejection('Some papers failed verification; see errors. Nothing was supplemented.', fetched.errors, 'DOSSIER_INCOMPLETE');
  }
  const replaced = new Set(fetched.verification.papers.map((paper) => paper.paperId));
  const supplemented: Dossier = { ...dossier, papers: [...dossier.papers.filter((paper) => !replaced.has(paper.paperId)), ...fetched.verification.papers] };
  try {
    const resumed = await commitSupplement(
      supplemented,
      procedure,
      {
        actor: { sub: dossier.ownerSub, role: 'citizen' },
        ...(body.DuLieuBieuMau ? { answers: body.DuLieuBieuMau } : {}),
        ...(body.NoiDungBoSung ? { note: body.NoiDungBoSung } : {}),
        ...(request.correlationId ? { correlationId: request.correlationId } : {}),
        alsoWrite: { supplementClaim: supplementClaim(maHoSo, body.MaBoSung, dossier.id) },
      },
      at,
    );
    return answerFor(resumed, SUPPLEMENTED);
  } catch (error) {
    await Promise.all([fetched.verification.discard(error), fetched.discardFetched()]);
    // The same MaBoSung delivered twice at once: the other delivery committed it.
    if (failedOn(error, 'supplementClaim')) {
      const current = await getDossier(dossier.id);
      if (current) return answerFor(current, SUPPLEMENTED);
    }
    throw error;
  }
}
