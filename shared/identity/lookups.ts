import { now } from '../clock';
import { ENV } from '../config';
import type { Caller } from '../http/caller';
import { createLogger } from '../logger';
import { ServiceUnavailableError } from '../domain/errors';
import { recordLookup, recordOutcome, type PopulationLookup } from '../store/population-lookups';
import { httpPopulationDirectory, type CitizenRecord, type PopulationDirectory, type PopulationQuery } from './population';

const log = createLogger({ service: 'motcua', useCase: 'identity.population-lookup' });

let directory: { url: string; port: PopulationDirectory } | undefined;
/**
 * The stage's population database adapter, from its settings (ENV.populationApiUrl,
 * ENV.populationIntegrationCode). Read when first needed rather than at cold start: the local
 * stack learns its simulator's port only once the gateway listens.
 */
function populationDirectory(): PopulationDirectory {
  const url = process.env[ENV.populationApiUrl];
  if (!url) throw new ServiceUnavailableError('This stage is not connected to the national population database.', 60);
  if (directory?.url !== url) directory = { url, port: httpPopulationDirectory({ url, integrationCode: process.env[ENV.populationIntegrationCode] || 'MOTCUA' }) };
  return directory.port;
}

/** Identity numbers in logs: the last two digits only. */
export const maskId = (nationalId: string) => `**********${nationalId.slice(-2)}`;

const roleOf = (caller: Caller): PopulationLookup['who']['role'] => (caller.roles.includes('officer') ? 'officer' : caller.roles.includes('admin') ? 'admin' : 'citizen');

/**
 * One audited lookup in the population database: the audit record is written first (who, when,
 * purpose, dossier), then the database is asked, then the outcome is recorded. Never logs the number.
 */
export async function lookUpCitizen(caller: Caller, purpose: PopulationLookup['purpose'], query: PopulationQuery & { dossierId?: string }, at = now()): Promise<CitizenRecord | undefined> {
  const lookup = await recordLookup({
    at: at.toISOString(),
    who: { sub: caller.sub, role: roleOf(caller), ...(caller.agencyId ? { agencyId: caller.agencyId } : {}) },
    purpose,
    subject: query.nationalId,
    ...(query.dossierId ? { dossierId: query.dossierId } : {}),
    ...(query.procedureCode ? { procedureCode: query.procedureCode } : {}),
  });
  try {
    const record = await populationDirectory().find(query);
    await recordOutcome(lookup, record ? 'found' : 'not-found');
    log.info('population.lookup', { lookupId: lookup.id, purpose, subject: maskId(query.nationalId), found: Boolean(record) });
    return record;
  } catch (error) {
    await recordOutcome(lookup, 'failed').catch(() => undefined);
    log.warn('population.lookup.failed', { lookupId: lookup.id, purpose });
    throw error;
  }
}
