import { requestContactCode as contract } from '../../shared/contracts/notifications';
import { httpHandler } from '../../shared/http/handler';
import { accepted, ok } from '../../shared/http/response';
import { requestContactCode } from '../../shared/notifications/contacts';
import { defaultNotifiers } from '../../shared/notifications/stored';

const notifiers = defaultNotifiers();

/** POST /me/contacts: a confirmation code to a phone or email the caller wants messages at. */
export const handler = httpHandler(contract, async ({ caller, body }) => {
  const outcome = await requestContactCode(caller, body, notifiers);
  return outcome.status === 'CONFIRMED' ? ok(outcome) : accepted(outcome);
});
