import { checkConfigAtInit } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { runRetention } from '../../shared/retention/retention';

checkConfigAtInit();

const log = createLogger({ service: 'motcua', schedule: 'retention' });

/** Daily: the personal data of closed dossiers whose retention ended is removed, figures kept. */
export const handler = async () => {
  const report = await runRetention({ dryRun: false, log });
  return { due: report.due.length, removed: report.removed, skipped: report.skipped.length };
};
