import * as agency from '../../shared/contracts/agency';
import { redeclareDeskPaper } from '../../shared/agency/desk';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';

/** POST /agency/dossiers/{id}/papers (Idempotency-Key): scan a paper of a desk draft again. */
export const handler = httpHandler(agency.redeclareDeskPaper, async ({ caller, params, body }) => created(await redeclareDeskPaper(caller, params.id, body)));
