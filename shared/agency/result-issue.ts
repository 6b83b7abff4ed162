import { config } from '../config';
import type { Dossier, DossierResult } from '../domain/dossier';
import { inVietnamese, UnprocessableError } from '../domain/errors';
import { resolveFieldMessage, say } from '../domain/field-messages';
import { DEFAULT_RESULT_DOCUMENT, type Agency, type Procedure } from '../domain/procedure';
import { getResultTrust } from '../store/result-trust';
import { verificationWrite, type Verification } from '../store/slips';
import { verifyUrlOf } from '../slips/verify';
import type { parseTrustedCertificates } from './result-signature';

/**
 * pkijs (300 KiB) is evaluated only when a PDF result is returned, not at the cold start of every
 * officer action that shares this bundle (issue 19): esbuild wraps a dynamically imported module in
 * a lazy initialiser, in the same file.
 */
const signatures = () => import('./result-signature');

/**
 * Issuing a result (LEGAL.md R4, R9, R12): its QR token is made at resolve, so the agency can print
 * the verify URL on the document before it signs it; at return the frozen copy's signature is checked
 * against the CAs the stage trusts, and the verify record is written in the return's transaction.
 */
/** The result's verify URL, where the stage has a public base URL. */
export function resultVerifyUrl(token: string): string | undefined {
  const base = config().publicBaseUrl;
  return base ? verifyUrlOf(base, token) : undefined;
}

let trusted: { source: string[]; certificates: ReturnType<typeof parseTrustedCertificates> } | undefined;
async function trustedCertificates() {
  const trust = await getResultTrust();
  const source = trust?.certificates ?? [];
  if (trusted?.source !== source) trusted = { source, certificates: (await signatures()).parseTrustedCertificates(source) };
  return trusted.certificates;
}

/** The signature of the frozen result, as the procedure requires it: what to record, or a 422 with the reason. */
export async function checkResultSignature(procedure: Pick<Procedure, 'resultDocument'> | undefined, result: DossierResult, bytes: Buffer, at: Date): Promise<NonNullable<DossierResult['signature']>> {
  const rules = procedure?.resultDocument ?? DEFAULT_RESULT_DOCUMENT;
  // `reason` is a field message key (shared/domain/field-messages.ts): the detail and the field say it in each language.
  const refuse = (reason: string) =>
    inVietnamese(
      new UnprocessableError(`The result is not signed as the law requires: ${resolveFieldMessage(reason, 'en')}. Sign it with the agency's certificate and upload it again.`, 'RESULT_NOT_SIGNED', [
        { path: 'result.document', message: reason, code: 'RESULT_NOT_SIGNED' },
      ]),
      `Kết quả chưa được ký số theo quy định: ${resolveFieldMessage(reason, 'vi')}. Hãy ký bằng chứng thư số của cơ quan và tải lên lại.`,
    );
  if (result.contentType !== 'application/pdf') {
    if (rules.signature === 'required') throw refuse(say('signatureOnlyPdf'));
    return { status: 'unsigned', checkedAt: at.toISOString() };
  }
  const check = await (await signatures()).checkPdfSignature(bytes, await trustedCertificates(), at);
  if (check.status === 'valid') {
    return {
      status: 'valid',
      signer: check.signer.name,
      certificateIssuer: check.signer.issuer,
      checkedAt: at.toISOString(),
      ...(check.signer.organization ? { organization: check.signer.organization } : {}),
      ...(check.signedAt ? { signedAt: check.signedAt } : {}),
    };
  }
  // Unsigned is allowed where the procedure says so; a signature that does not verify never is.
  if (check.status === 'unsigned' && rules.signature === 'optional') return { status: 'unsigned', checkedAt: at.toISOString() };
  throw refuse(check.reason);
}

/** The verify record of a returned result: what its QR states, nothing more (no applicant data). */
export function resultVerification(dossier: Dossier, result: DossierResult, procedure: Procedure | undefined, agency: Agency | undefined, at: Date) {
  if (!result.verifyToken || !dossier.code) return undefined;
  const validityDays = procedure?.resultDocument?.validityDays;
  const verification: Verification = {
    token: result.verifyToken,
    documentKind: 'result',
    reference: `result:${dossier.id}`,
    documentName: procedure?.national?.resultName ?? `Kết quả giải quyết thủ tục ${procedure?.name ?? dossier.procedureCode}`,
    fields: { dossierCode: dossier.code, procedureCode: dossier.procedureCode },
    issuer: agency?.name ?? dossier.agencyId ?? '',
    issuedAt: at.toISOString(),
    ...(result.sha256 ? { sha256: result.sha256 } : {}),
    ...(result.signature
      ? {
          signature: {
            status: result.signature.status,
            ...(result.signature.signer ? { signer: result.signature.signer } : {}),
            ...(result.signature.organization ? { organization: result.signature.organization } : {}),
            ...(result.signature.certificateIssuer ? { certificateIssuer: result.signature.certificateIssuer } : {}),
            ...(result.signature.signedAt ? { signedAt: result.signature.signedAt } : {}),
          },
        }
      : {}),
    ...(validityDays ? { validUntil: new Date(at.getTime() + validityDays * 86_400_000).toISOString() } : {}),
  };
  return verificationWrite(verification);
}
