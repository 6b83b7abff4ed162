import { listContacts as contract } from '../../shared/contracts/notifications';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { contactsOf } from '../../shared/notifications/contacts';

/** GET /me/contacts: the caller's confirmed contacts. */
export const handler = httpHandler(contract, async ({ caller }) => ok(await contactsOf(caller)));
