import { listDossiersFiledForMe } from '../../shared/contracts/dossiers';
import { listDossiersFiledForMe as listFiledForMe } from '../../shared/dossiers/read';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /me/dossiers: the submitted dossiers whose applicant is the caller's verified identity number, whoever filed them. */
export const handler = httpHandler(listDossiersFiledForMe, async ({ query, caller }) => ok(await listFiledForMe(caller, query)));
