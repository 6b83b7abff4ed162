import { ratingLinkSubmit as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { submitRatingLink } from '../../shared/stats/rating-page';

/** POST /ratings/{token}: the rating form's post; recorded once per dossier. */
export const handler = httpHandler(contract, async ({ params, rawBody, headers, correlationId }) => submitRatingLink(params.token, rawBody, headers['content-type'], correlationId));
