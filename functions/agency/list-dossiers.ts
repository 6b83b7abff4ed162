import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listInbox } from '../../shared/agency/inbox';

/** GET /agency/dossiers: the inbox of the officer's agency. */
export const handler = httpHandler(agency.listInbox, async ({ caller, query }) => ok(await listInbox(caller, query)));
