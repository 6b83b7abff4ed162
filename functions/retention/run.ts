import * as contracts from '../../shared/contracts/retention';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { runRetention } from '../../shared/retention/retention';

/** POST /admin/retention/run */
export const handler = httpHandler(contracts.runRetention, async ({ body, log }) => ok(await runRetention({ dryRun: body.dryRun, limit: body.limit, log })));
