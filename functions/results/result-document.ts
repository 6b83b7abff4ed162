import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../../shared/config';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { whyResultUnavailable } from '../../shared/domain/payment';
import { s3 } from '../../shared/store/clients';
import { getDossier } from '../../shared/store/dossiers';

/** A result download lives five minutes: long enough to start it, too short to share the link. */
export const RESULT_DOWNLOAD_SECONDS = 300;

/** The result (kết quả giải quyết) of a citizen's own dossier, with a presigned GET of its document. */
export async function resultOf(dossierId: string, ownerSub: string) {
  const dossier = await getDossier(dossierId);
  if (!dossier || dossier.ownerSub !== ownerSub) throw new NotFoundError('No such dossier.');
  const refusal = whyResultUnavailable(dossier);
  if (refusal) throw new ConflictError(refusal.detail, refusal.code);
  const result = dossier.result!;
  let download: { url: string; expiresAt: string } | undefined;
  if (result.objectKey) {
    const extension = /\.[a-z0-9]{1,8}$/i.exec(result.objectKey)?.[0] ?? '';
    const command = new GetObjectCommand({
      Bucket: config().documentsBucket,
      Key: result.objectKey,
      ResponseContentDisposition: `attachment; filename="ket-qua-${(dossier.code ?? dossier.id).replace(/[^\w-]/g, '_')}${extension}"`,
    });
    download = { url: await getSignedUrl(s3(), command, { expiresIn: RESULT_DOWNLOAD_SECONDS }), expiresAt: new Date(Date.now() + RESULT_DOWNLOAD_SECONDS * 1000).toISOString() };
  }
  return {
    dossierId: dossier.id,
    status: dossier.status as 'RESOLVED' | 'RETURNED',
    resolvedAt: result.resolvedAt,
    ...(result.decision ? { decision: result.decision } : {}),
    ...(download ? { download } : {}),
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
  };
}
