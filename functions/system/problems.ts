import { listProblems } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { answerProblems } from '../../shared/system/problems';

/** GET /problems: every problem code, each with its page (JSON to Accept: application/json). */
export const handler = httpHandler(listProblems, async ({ language, headers }) => answerProblems(language, headers.accept));
