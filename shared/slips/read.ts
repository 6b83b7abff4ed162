import type { Dossier } from '../domain/dossier';
import type { Caller } from '../http/caller';
import { dossierForOfficer } from '../agency/access';
import { ownDossier } from '../dossiers/access';
import { getDossier } from '../store/dossiers';
import { listSlips, presignSlipDownload } from '../store/slips';
import { auditRead } from '../agency/audit';

/** A dossier's stored slips, each with a short-lived download; a slip not yet stored is left out until it is. */
async function slipsOf(dossier: Dossier) {
  const slips = (await listSlips(dossier.id)).filter((slip) => slip.sha256);
  const items = await Promise.all(
    slips.map(async (slip) => ({
      id: slip.eventId,
      kind: slip.kind,
      form: slip.form,
      documentName: slip.documentName,
      issuedAt: slip.issuedAt,
      verifyUrl: slip.verifyUrl,
      sha256: slip.sha256!,
      download: await presignSlipDownload(slip, `mau-${slip.form}-${(dossier.code ?? dossier.id).replace(/[^\w-]/g, '_')}.pdf`),
    })),
  );
  return { items };
}

/** GET /dossiers/{id}/slips: the owner's (404 for anyone else). */
export const slipsForCitizen = async (dossierId: string, ownerSub: string) => slipsOf(await ownDossier(dossierId, ownerSub));

/**
 * GET /agency/dossiers/{id}/slips: an officer of the dossier's agency, or an admin; and the desk that
 * received it (R7: any desk of the province receives for any agency), which hands the applicant slip 01.
 */
export async function slipsForOfficer(caller: Caller, dossierId: string) {
  const dossier = await getDossier(dossierId);
  const filing = dossier?.filing;
  const receivingDesk = dossier && filing?.kind === 'desk' && dossier.status !== 'DRAFT' && caller.roles.includes('officer') && caller.agencyId !== undefined && filing.agencyId === caller.agencyId;
  const allowed = receivingDesk ? dossier : await dossierForOfficer(caller, dossierId);
  // The slips carry the applicant's name and number: audited like the dossier's view.
  await auditRead(caller, dossierId, 'slips');
  return slipsOf(allowed);
}
