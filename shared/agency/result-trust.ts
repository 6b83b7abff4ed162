import { now } from '../clock';
import { UnprocessableError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { getResultTrust, putResultTrust } from '../store/result-trust';
import { describeCaCertificate } from './ca-certificate';

const view = (trust: { certificates: string[]; updatedAt?: string; updatedBy?: string } | undefined) => ({
  certificates: (trust?.certificates ?? []).map(describeCaCertificate).filter((ca): ca is Exclude<typeof ca, { error: string }> => !('error' in ca)),
  ...(trust?.updatedAt ? { updatedAt: trust.updatedAt } : {}),
  ...(trust?.updatedBy ? { updatedBy: trust.updatedBy } : {}),
});

/** GET /admin/result-trust */
export const readResultTrust = async () => view(await getResultTrust());

/** PUT /admin/result-trust: every certificate must be a CA; all or nothing. */
export async function replaceResultTrust(caller: Caller, certificates: string[]) {
  const errors = certificates.flatMap((pem, i) => {
    const described = describeCaCertificate(pem);
    return 'error' in described ? [{ path: `body.certificates.${i}`, message: described.error, code: 'CERTIFICATE_INVALID' }] : [];
  });
  if (errors.length) throw new UnprocessableError('Some certificates cannot be trusted; see errors. Nothing was changed.', 'CERTIFICATE_INVALID', errors);
  const trust = { certificates, updatedAt: now().toISOString(), updatedBy: caller.sub };
  await putResultTrust(trust);
  return view(trust);
}
