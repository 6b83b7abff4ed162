import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { getDossierForOfficer } from '../../shared/agency/inbox';

/** GET /agency/dossiers/{id}: one dossier of the officer's agency, papers as presigned GETs. */
export const handler = httpHandler(agency.getDossier, async ({ caller, params, correlationId }) => ok(await getDossierForOfficer(caller, params.id, correlationId)));
