import { ConflictError, NotFoundError } from '../domain/errors';
import { whyResultUnavailable } from '../domain/payment';
import { getDossier } from '../store/dossiers';
import { presignResultDownload } from '../store/inbox';

/** The result (kết quả giải quyết) of a citizen's own dossier, with a short-lived download of its document. */
export async function resultOf(dossierId: string, ownerSub: string) {
  const dossier = await getDossier(dossierId);
  if (!dossier || dossier.ownerSub !== ownerSub) throw new NotFoundError('No such dossier.');
  const refusal = whyResultUnavailable(dossier);
  if (refusal) throw new ConflictError(refusal.detail, refusal.code);
  const result = dossier.result!;
  const extension = result.objectKey ? /\.[a-z0-9]{1,8}$/i.exec(result.objectKey)?.[0] ?? '' : '';
  const fileName = `ket-qua-${(dossier.code ?? dossier.id).replace(/[^\w-]/g, '_')}${extension}`;
  const download = result.objectKey ? await presignResultDownload(result.objectKey, fileName) : undefined;
  return {
    dossierId: dossier.id,
    status: dossier.status as 'RESOLVED' | 'RETURNED',
    resolvedAt: result.resolvedAt,
    ...(result.decision ? { decision: result.decision } : {}),
    ...(download ? { download } : {}),
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
  };
}
