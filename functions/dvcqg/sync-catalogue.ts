import * as contracts from '../../shared/contracts/dvcqg';
import { syncCatalogue } from '../../shared/dvcqg/catalogue-sync';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /admin/integrations/dvcqg/catalogue-sync */
export const handler = httpHandler(contracts.syncCatalogue, async ({ body, log }) => ok(await syncCatalogue({ dryRun: body.dryRun, log })));
