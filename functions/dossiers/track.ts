import { trackDossier as contract } from '../../shared/contracts/dossiers';
import { trackDossier } from '../../shared/dossiers/read';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /tracking/{dossierCode}: public, minimal status (procedure, status, appointment date); no personal data. */
export const handler = httpHandler(contract, async ({ params }) => ok(await trackDossier(params.dossierCode)));
