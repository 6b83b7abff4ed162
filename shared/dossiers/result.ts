import { ConflictError, NotFoundError } from '../domain/errors';
import { whyResultUnavailable } from '../domain/payment';
import { getDossier } from '../store/dossiers';
import { resultKeyOf } from '../domain/dossier';
import { presignResultDownload } from '../store/results';
import { resultFileName } from '../agency/result-document';

/** The result (kết quả giải quyết) of a citizen's own dossier, with a short-lived download of its document. */
export async function resultOf(dossierId: string, ownerSub: string) {
  const dossier = await getDossier(dossierId);
  if (!dossier || dossier.ownerSub !== ownerSub) throw new NotFoundError('No such dossier.');
  const refusal = whyResultUnavailable(dossier);
  if (refusal) throw new ConflictError(refusal.detail, refusal.code);
  const result = dossier.result!;
  const key = resultKeyOf(result);
  const download = key ? await presignResultDownload(key, { fileName: resultFileName(dossier, result), ...(result.contentType ? { contentType: result.contentType } : {}) }) : undefined;
  return {
    dossierId: dossier.id,
    status: dossier.status as 'RESOLVED' | 'RETURNED',
    resolvedAt: result.resolvedAt,
    ...(result.decision ? { decision: result.decision } : {}),
    ...(download ? { download } : {}),
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
  };
}
