import { formDownload } from '../../shared/catalogue/queries';
import { downloadForm } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /procedures/{code}/forms/{formId}: a short-lived presigned download of a form template (level 2). */
export const handler = httpHandler(downloadForm, async ({ params }) => ok(await formDownload(params.code, params.formId), { 'cache-control': 'no-store' }));
