import * as slips from '../../shared/contracts/slips';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { verifyDocument } from '../../shared/slips/verify';

/** GET /verify/{token}: public check of a document by its QR code (404 for an unknown or forged token). */
export const handler = httpHandler(slips.verify, async ({ params }) => ok(await verifyDocument(params.token)));
