import { checkConfigAtInit } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { sweepPending } from '../../shared/dvcqg/sync';

checkConfigAtInit();

const log = createLogger({ service: 'motcua', schedule: 'dvcqg-sweep' });

/** Every few minutes: the dossiers still behind DVCQG (a failed pass, a dead-lettered event) are synced again. */
export const handler = async () => {
  const outcome = await sweepPending({ log });
  log.info('dvcqg.sweep.done', outcome);
  return outcome;
};
