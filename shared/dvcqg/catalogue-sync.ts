import { now } from '../clock';
import type { Procedure } from '../domain/procedure';
import type { Logger } from '../logger';
import { listProcedures, putProcedureUnlessChanged, readProcedure } from '../store/catalogue';
import { httpDvcqg } from './http-adapter';
import { procedureFor } from './mapping';
import { mergeNational, NationalProcedure, recordHash } from './national-catalogue';
import { DvcqgUnavailableError, type DvcqgPort } from './port';
import { dvcqgSettings } from './settings';

export interface CatalogueSyncReport {
  outcome: 'disabled' | 'synced' | 'failed';
  dryRun: boolean;
  /** Records in the national list. */
  listed: number;
  added: string[];
  updated: string[];
  unchanged: number;
  /** Our procedures the national list no longer has: marked `national.listed: false`, never removed. */
  unlisted: string[];
  skipped: { code: string; reason: string }[];
  /** Why the list could not be read (outcome `failed`): nothing was written. */
  reason?: string;
}

const DETAIL_CONCURRENCY = 4;

/** The full record of each listed procedure: the list's own when it has the papers, else LayThuTuc's. */
async function fullRecords(port: DvcqgPort, listed: unknown[]): Promise<unknown[]> {
  const out: unknown[] = new Array(listed.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < listed.length; i = next++) {
      const item = listed[i] as { MATTHC?: unknown; THANHPHANHOSO?: unknown };
      out[i] = item && typeof item.MATTHC === 'string' && item.THANHPHANHOSO === undefined ? ((await port.getProcedure(item.MATTHC)) ?? item) : item;
    }
  };
  await Promise.all(Array.from({ length: DETAIL_CONCURRENCY }, worker));
  return out;
}

/**
 * The catalogue sync from the national procedure database (CSDL TTHC, §1.6 d), daily and on an
 * admin's request: each national record is merged into our procedure of the mapped code
 * (mergeNational: national facts in, local form schema, fees and file rules kept), written only when
 * the record changed and only if nobody wrote the procedure since it was read. Our procedures the list
 * no longer has are marked, not removed. A list that cannot be read writes nothing (outcome
 * `failed`); one record that does not parse is skipped with its reason, the others go on.
 */
export async function syncCatalogue(options: { dryRun?: boolean; port?: DvcqgPort; log?: Logger } = {}, at = now()): Promise<CatalogueSyncReport> {
  const dryRun = options.dryRun ?? false;
  const report: CatalogueSyncReport = { outcome: 'synced', dryRun, listed: 0, added: [], updated: [], unchanged: 0, unlisted: [], skipped: [] };
  const settings = await dvcqgSettings();
  if (!settings.sync && !options.port) return { ...report, outcome: 'disabled' };
  const port = options.port ?? httpDvcqg(settings);

  let records: unknown[];
  try {
    records = await fullRecords(port, await port.listProcedures());
  } catch (error) {
    if (!(error instanceof DvcqgUnavailableError)) throw error;
    options.log?.warn('dvcqg.catalogue.unavailable', { reason: error.reason });
    return { ...report, outcome: 'failed', reason: `${error.reason}: ${error.message}` };
  }
  report.listed = records.length;
  // An empty list is an adapter's hiccup far more often than a province without procedures: mark nothing.
  const seenCodes = new Set<string>();

  const write = async (code: string, merge: (local: Procedure | undefined) => Procedure | undefined, kind: 'added' | 'updated' | 'unlisted') => {
    if (dryRun) return report[kind].push(code);
    // Read past the cache and write on the condition that nobody wrote since: twice, then leave it to tomorrow.
    for (let attempt = 0; attempt < 2; attempt++) {
      const stored = await readProcedure(code);
      const merged = merge(stored?.procedure);
      if (!merged) return;
      if (await putProcedureUnlessChanged(merged, stored?.updatedAt, at)) return report[stored ? (kind === 'added' ? 'updated' : kind) : 'added'].push(code);
    }
    report.skipped.push({ code, reason: 'changed by someone else during the sync; tried again at the next run' });
  };

  const locals = new Map((await listProcedures()).map((p) => [p.code, p]));
  for (const raw of records) {
    const parsed = NationalProcedure.safeParse(raw);
    const rawCode = String((raw as { MATTHC?: unknown } | undefined)?.MATTHC ?? '?');
    if (!parsed.success) {
      report.skipped.push({
        code: rawCode,
        reason: `not a national procedure record: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(record)'} ${i.message}`)
          .join('; ')}`,
      });
      continue;
    }
    const hash = recordHash(raw);
    const code = procedureFor(settings.mapping, parsed.data.MATTHC);
    seenCodes.add(code);
    const first = mergeNational(parsed.data, hash, locals.get(code), settings.mapping, at);
    if (first.kind === 'skipped') {
      report.skipped.push({ code: first.code, reason: first.reason });
      continue;
    }
    if (first.kind === 'unchanged') {
      report.unchanged += 1;
      continue;
    }
    await write(
      code,
      (local) => {
        const merged = mergeNational(parsed.data, hash, local, settings.mapping, at);
        return merged.kind === 'added' || merged.kind === 'updated' ? merged.procedure : undefined;
      },
      first.kind,
    );
  }
  if (records.length > 0) {
    for (const local of locals.values()) {
      if (seenCodes.has(local.code) || !local.national?.listed) continue;
      await write(local.code, (stored) => (stored?.national?.listed ? { ...stored, national: { ...stored.national, listed: false, syncedAt: at.toISOString() } } : undefined), 'unlisted');
    }
  }
  options.log?.info('dvcqg.catalogue.synced', {
    dryRun,
    listed: report.listed,
    added: report.added.length,
    updated: report.updated.length,
    unchanged: report.unchanged,
    unlisted: report.unlisted.length,
    skipped: report.skipped.length,
  });
  return report;
}
