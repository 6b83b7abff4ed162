import * as slips from '../../shared/contracts/slips';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { trackingBook } from '../../shared/slips/book';

/** GET /agency/tracking-book: the agency's tracking book (form 06) for a period, PDF or CSV. */
export const handler = httpHandler(slips.trackingBook, async ({ caller, query }) => ok(await trackingBook(caller, query), { 'cache-control': 'no-store' }));
