import { checkConfigAtInit } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { syncCatalogue } from '../../shared/dvcqg/catalogue-sync';

checkConfigAtInit();

const log = createLogger({ service: 'motcua', schedule: 'dvcqg-catalogue' });

/** Daily: the national procedure database into the catalogue (CSDL TTHC, §1.6 d). */
export const handler = async () => {
  const report = await syncCatalogue({ log });
  // A failed pull is tried again tomorrow; an admin can pull at once (POST /admin/integrations/dvcqg/catalogue-sync).
  if (report.outcome === 'failed') log.warn('dvcqg.catalogue.failed', { reason: report.reason });
  return { outcome: report.outcome, added: report.added.length, updated: report.updated.length, unlisted: report.unlisted.length, skipped: report.skipped.length };
};
