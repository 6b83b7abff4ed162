import * as agency from '../../shared/contracts/agency';
import { listDossierReads } from '../../shared/agency/audit';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /admin/audit?dossierId= */
export const handler = httpHandler(agency.listAudit, async ({ query }) => ok(await listDossierReads(query)));
