import { publishFormTemplate } from '../../shared/catalogue/admin';
import { createFormUploadUrl } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /admin/procedures/{code}/forms/{formId}/upload-url: record a form template and presign its upload. */
export const handler = httpHandler(createFormUploadUrl, async ({ params, body, log }) => {
  const result = await publishFormTemplate(params.code, { id: params.formId, ...body });
  log.info('catalogue.form_published', { code: params.code, formId: params.formId });
  return ok(result, { 'cache-control': 'no-store' });
});
