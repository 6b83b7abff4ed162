import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../domain/errors';
import { getVerification } from '../store/slips';

/** Only the last four digits: enough to match the paper in hand, too little to identify anyone. */
export const maskApplicantId = (id: string): string => id.replace(/.(?=.{4})/g, '*');

/** Tokens are 32 base64url characters (24 random bytes); anything else cannot be one of ours. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** A new verify token: the only secret of a QR's link, for slips and results alike. */
export const newVerifyToken = () => randomBytes(24).toString('base64url');

/** The URL a document's QR carries: `<PUBLIC_BASE_URL>/verify/<token>`. */
export const verifyUrlOf = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, '')}/verify/${token}`;

/**
 * GET /verify/{token}: what the QR of a document states, as recorded when it was issued. Generic
 * over the kind of document. An unknown or malformed token is 404, like any other missing thing.
 */
export async function verifyDocument(token: string) {
  const verification = TOKEN.test(token) ? await getVerification(token) : undefined;
  if (!verification) throw new NotFoundError('No document was issued with this code.');
  const { fields } = verification;
  return {
    valid: true as const,
    documentKind: verification.documentKind,
    documentName: verification.documentName,
    issuer: verification.issuer,
    issuedAt: verification.issuedAt,
    dossierCode: fields.dossierCode!,
    procedureCode: fields.procedureCode!,
    ...(fields.applicantId ? { applicantId: fields.applicantId } : {}),
    ...(fields.systemName ? { systemName: fields.systemName } : {}),
    ...(fields.appointmentAt ? { appointmentAt: fields.appointmentAt } : {}),
    ...(verification.sha256 ? { sha256: verification.sha256 } : {}),
    ...(verification.validUntil ? { validUntil: verification.validUntil } : {}),
    ...(verification.signature ? { signature: verification.signature } : {}),
  };
}
