import { allEvents, events } from '../../events/catalog';

/** The DVCQG sync consumer (events/rules.ts): pure, so rules, CDK and the local bus import it without SDK clients. */
export const DVCQG_SYNC = 'dvcqg-sync';

/** Every dossier event and a confirmed payment: each may change what DVCQG must be told. */
export const DVCQG_SYNC_EVENTS = [...allEvents.filter((event) => event.detailType.startsWith('dossier.')), events.paymentConfirmed];
