import { now } from '../clock';
import { ForbiddenError, inVietnamese } from '../domain/errors';
import { say, sayIn, type FieldMessageKey } from '../domain/field-messages';
import { guardianship, mandateVerdict, type FilingAuthority, type MandateVerdict } from '../domain/filing-authority';
import type { Procedure } from '../domain/procedure';
import type { Caller } from '../http/caller';
import { mandatesGivenBy } from '../store/mandates';
import { lookUpCitizen } from './lookups';

/**
 * Who may file for whom, at create, edit and submit (issue 14). The applicant's identity number
 * must be the caller's verified one, unless the caller holds a recorded authority; otherwise 403
 * APPLICANT_NOT_CALLER says what would be needed. A procedure may require a minimum assurance level.
 */

export interface FilingRequest {
  caller: Caller;
  applicant: { nationalId: string; organisation?: { taxCode: string } };
  procedure: Pick<Procedure, 'code'> & { minAssurance?: number };
  dossierId?: string;
  /** Where the applicant sits in the request, for the problem's field paths. */
  path?: string;
}

/** Why a mandate does not serve, as a field message key (shared/domain/field-messages.ts). */
const MANDATE_REASONS: Record<Exclude<MandateVerdict, 'in-force'>, FieldMessageKey> = {
  'not-active': 'mandateNotActive',
  revoked: 'mandateRevoked',
  'out-of-scope': 'mandateOutOfScope',
  'not-yet-valid': 'mandateNotYetValid',
  expired: 'mandateExpired',
};

const REASON_ORDER: readonly Exclude<MandateVerdict, 'in-force'>[] = ['out-of-scope', 'expired', 'not-yet-valid', 'not-active', 'revoked'];

const NEEDED =
  'the applicant must be you (your verified identity number), a child under 14 of whom the population database names you parent or guardian, ' +
  'someone who gave you a mandate (ủy quyền) in force for this procedure (POST /me/mandates, by them), or an organisation whose legal representative you are';

const NEEDED_VI =
  'người nộp phải là chính bạn (số định danh đã xác thực), con dưới 14 tuổi mà Cơ sở dữ liệu quốc gia về dân cư ghi bạn là cha, mẹ hoặc người giám hộ, ' +
  'người đã ủy quyền cho bạn còn hiệu lực cho thủ tục này (POST /me/mandates, do người đó lập), hoặc tổ chức mà bạn là người đại diện theo pháp luật';

function refuse(path: string, reason?: FieldMessageKey): never {
  throw inVietnamese(
    new ForbiddenError(`You may not file for this applicant${reason ? `: ${sayIn('en', reason)}` : ''}. To file, ${NEEDED}.`, 'APPLICANT_NOT_CALLER', [
      { path, message: say(reason ?? 'notYourIdentity'), code: 'APPLICANT_NOT_CALLER' },
    ]),
    `Bạn không được nộp hồ sơ cho người này${reason ? `: ${sayIn('vi', reason)}` : ''}. Để nộp, ${NEEDED_VI}.`,
  );
}

/** 403 ASSURANCE_TOO_LOW when the login's assurance level is below what the procedure requires. */
export function checkAssurance(caller: Caller, procedure: { code: string; minAssurance?: number }): void {
  const needed = procedure.minAssurance ?? 0;
  if (caller.assurance >= needed) return;
  throw inVietnamese(
    new ForbiddenError(
      `Procedure ${procedure.code} requires an identity account of level ${needed} (VNeID level ${needed}: verified by face or fingerprint); this login is level ${caller.assurance}. Log in again with a level-${needed} account.`,
      'ASSURANCE_TOO_LOW',
      [{ path: 'authorization', message: say('assuranceNeeded', { needed, given: caller.assurance }), code: 'ASSURANCE_TOO_LOW' }],
    ),
    `Thủ tục ${procedure.code} cần tài khoản định danh điện tử mức độ ${needed} (VNeID mức độ ${needed}: xác thực bằng khuôn mặt hoặc vân tay); lần đăng nhập này ở mức độ ${caller.assurance}. Hãy đăng nhập lại bằng tài khoản mức độ ${needed}.`,
  );
}

/** The authority under which the caller files for the applicant; throws 403 when there is none. */
export async function authorizeFiling(request: FilingRequest, at = now()): Promise<FilingAuthority> {
  const { caller, applicant, procedure } = request;
  const path = request.path ?? 'body.applicant.nationalId';
  checkAssurance(caller, procedure);
  const own = caller.nationalId;
  if (!own) refuse(path, 'noVerifiedId');

  if (applicant.organisation) {
    if (applicant.nationalId !== own) refuse(path, 'organisationId');
    if (caller.verified.taxCode !== applicant.organisation.taxCode) refuse('body.applicant.organisation.taxCode', 'notRepresentative');
    return { kind: 'legal-representative', taxCode: applicant.organisation.taxCode };
  }
  if (applicant.nationalId === own) return { kind: 'self' };

  const mandates = (await mandatesGivenBy(applicant.nationalId)).filter((mandate) => mandate.agentNationalId === own);
  const verdicts = mandates.map((mandate) => ({ mandate, verdict: mandateVerdict(mandate, procedure.code, at) }));
  const inForce = verdicts.find((v) => v.verdict === 'in-force');
  if (inForce) return { kind: 'mandate', mandateId: inForce.mandate.id };

  const child = await lookUpCitizen(caller, 'authority', { nationalId: applicant.nationalId, procedureCode: procedure.code, ...(request.dossierId ? { dossierId: request.dossierId } : {}) }, at);
  if (child) {
    const verdict = guardianship({ birthDate: child.birthDate, father: child.father?.nationalId, mother: child.mother?.nationalId, guardian: child.guardian?.nationalId }, own, at);
    if ('relation' in verdict) return { kind: 'guardian', relation: verdict.relation, childBirthDate: child.birthDate };
    if (verdict.refused === 'child-over-14') refuse(path, 'childOver14');
  }
  // The most telling reason first: a revoked mandate says least about what would help.
  const lapsed = REASON_ORDER.find((verdict) => verdicts.some((v) => v.verdict === verdict));
  refuse(path, lapsed ? MANDATE_REASONS[lapsed] : undefined);
}

/**
 * The one exception: an officer enters a walk-in applicant's dossier at the one-stop desk, having
 * checked the applicant's papers in person. Recorded on the dossier as such. For the desk intake.
 */
export function authorizeDeskFiling(officer: Caller, procedure: { code: string }): FilingAuthority {
  if (!officer.roles.includes('officer') || !officer.agencyId) {
    throw new ForbiddenError(`Only an officer of an agency enters desk dossiers (procedure ${procedure.code}).`, 'FORBIDDEN');
  }
  return { kind: 'desk', officerSub: officer.sub, agencyId: officer.agencyId };
}
