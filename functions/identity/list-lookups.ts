import { listLookups } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { myLookups } from '../../shared/identity/profile';

/** GET /me/lookups: who looked the caller up in the population database. */
export const handler = httpHandler(listLookups, async ({ caller }) => ok(await myLookups(caller)));
