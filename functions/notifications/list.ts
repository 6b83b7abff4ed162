import { listDossierNotifications } from '../../shared/contracts/notifications';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { notificationsForCitizen } from '../../shared/notifications/notify';

/** GET /dossiers/{id}/notifications: what the citizen was told about their dossier. */
export const handler = httpHandler(listDossierNotifications, async ({ caller, params }) => ok(await notificationsForCitizen(caller, params.id)));
