import { getProfile } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { myProfile } from '../../shared/identity/profile';

/** GET /me/profile: the caller's verified identity and population record, for prefill (one audited lookup). */
export const handler = httpHandler(getProfile, async ({ caller }) => ok(await myProfile(caller)));
