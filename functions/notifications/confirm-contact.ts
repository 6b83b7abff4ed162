import { confirmContact as contract } from '../../shared/contracts/notifications';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { confirmContactCode } from '../../shared/notifications/contacts';

/** POST /me/contacts/confirm: the code typed back; the contact may then receive messages about the caller's dossiers. */
export const handler = httpHandler(contract, async ({ caller, body }) => ok(await confirmContactCode(caller, body)));
