import { ratingLinkPage as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ratingLinkPage } from '../../shared/stats/rating-page';

/** GET /ratings/{token}: the signed link's rating form (HTML), or why it cannot be given. */
export const handler = httpHandler(contract, async ({ params }) => ratingLinkPage(params.token));
