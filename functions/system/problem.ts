import { getProblem } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { answerProblem } from '../../shared/system/problems';

/** GET /problems/{code}: the page a problem's `type` names (JSON to Accept: application/json). */
export const handler = httpHandler(getProblem, async ({ params, language, headers }) => answerProblem(params.code, language, headers.accept));
