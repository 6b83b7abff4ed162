import { now } from '../clock';
import { commitWithdrawal } from '../dossiers/withdraw';
import { answerFor, forwardedDossier } from './inbound';

const WITHDRAWN = 'Rút hồ sơ thành công';

/**
 * POST /integrations/dvcqg/dossiers/{maHoSo}/withdraw: the applicant withdrew on DVCQG (rút hồ sơ).
 * Authenticated before the body is parsed (the handler's option). The lifecycle decides as for a
 * citizen's own withdrawal (409 ILLEGAL_TRANSITION after a decision); a redelivery of a withdrawal
 * already made answers the same again. The owner, `dvcqg:<MaHoSo>`, is the actor: DVCQG acts for
 * its applicant.
 */
export async function receiveWithdrawal(request: { maHoSo: string; reason?: string; correlationId?: string }, at = now()) {
  const dossier = await forwardedDossier(request.maHoSo);
  if (dossier.status === 'WITHDRAWN') return answerFor(dossier, WITHDRAWN);
  const withdrawn = await commitWithdrawal(
    dossier,
    { actor: { sub: dossier.ownerSub, role: 'citizen' }, ...(request.reason ? { reason: request.reason } : {}), ...(request.correlationId ? { correlationId: request.correlationId } : {}) },
    at,
  );
  return answerFor(withdrawn, WITHDRAWN);
}
