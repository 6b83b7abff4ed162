import { eventConsumer } from '../../shared/events/consumer';
import { DVCQG_SYNC, DVCQG_SYNC_EVENTS } from '../../shared/dvcqg/subscriptions';
import { syncDossier } from '../../shared/dvcqg/sync';

/** Any change of a dossier → DVCQG gets what is behind, in order (the event is only the trigger). */
export const handler = eventConsumer(DVCQG_SYNC, DVCQG_SYNC_EVENTS, ({ detail, log }) => syncDossier((detail.data as { dossierId: string }).dossierId, { log }));
