import { randomUUID } from 'node:crypto';
import { now } from '../clock';
import { resultKeyOf, type Dossier } from '../domain/dossier';
import type { Logger } from '../logger';
import { getAgency, getProcedure } from '../store/catalogue';
import { emptySyncState, getSyncCursor, listPendingSync, presignForDvcqg, putSyncCursor, readSyncSubject, type StoredCursor, type SyncState } from '../store/dvcqg';
import { httpDvcqg } from './http-adapter';
import { isSyncedStep, maHoSo, PROGRESS_CHUNK, toHoSo, toProgressItem, type SyncContext, type VersionedEntry } from './mapping';
import { DvcqgUnavailableError, type DvcqgAnswer, type DvcqgPort } from './port';
import { dvcqgSettings, type DvcqgSettings } from './settings';

/**
 * Outbound sync (province → DVCQG, §1.5), in order per dossier and exactly once in effect.
 *
 * Events only say "this dossier changed": the sync sends what the store holds after the cursor,
 * so redelivered, late or reordered events can neither duplicate nor reorder anything. One pass
 * holds a lease on the dossier's cursor; a trigger meeting a live lease sets `recheck` and the
 * holder goes round once more before releasing, so no change is left behind. After each
 * acknowledged call the cursor advances (create/update: the dossier version; progress: the last
 * history version of the chunk). A call whose answer is lost is sent again: create meets
 * "đã tồn tại" and becomes an update, an update is a whole snapshot, a progress item carries its
 * own time and content, so DVCQG keeps one of each.
 */

export type SyncOutcome = 'disabled' | 'missing' | 'not-synced' | 'synced' | 'handed-over' | 'lease-lost';

/** One pass could not finish: DVCQG unavailable or refusing. The cursor records it; the caller rethrows for retries. */
export class DvcqgSyncError extends Error {
  constructor(
    readonly step: 'create' | 'update' | 'progress',
    readonly reason: string,
    message: string,
  ) {
    super(`DVCQG ${step} failed (${reason}): ${message}`);
    this.name = 'DvcqgSyncError';
  }
}

class LeaseLostError extends Error {}

export interface SyncOptions {
  port?: DvcqgPort;
  log?: Logger;
}

const eligible = (dossier: Dossier, settings: DvcqgSettings) => !!dossier.code && dossier.status !== 'DRAFT' && settings.syncChannels.includes(dossier.channel ?? 'online');
const caughtUp = (state: SyncState, version: number) => state.created && state.syncedVersion >= version && state.ackedVersion >= version;

/** Writes a change to the cursor while holding its lease; a concurrent `recheck` mark is kept. */
async function advance(held: StoredCursor, owner: string, change: (state: SyncState) => SyncState): Promise<StoredCursor> {
  let current = held;
  for (let attempt = 0; attempt < 8; attempt++) {
    const next = change(current.state);
    if (await putSyncCursor(next, current.rev)) return { state: next, rev: current.rev + 1 };
    const fresh = await getSyncCursor(held.state.dossierId);
    if (!fresh || fresh.state.lease?.owner !== owner) throw new LeaseLostError();
    current = fresh;
  }
  throw new Error('DVCQG sync cursor kept changing');
}

async function contextFor(dossier: Dossier, settings: DvcqgSettings): Promise<SyncContext> {
  const [procedure, agency] = await Promise.all([getProcedure(dossier.procedureCode), dossier.agencyId ? getAgency(dossier.agencyId) : undefined]);
  // Once returned, the checked copy (resultKeyOf); before, the upload as it stands.
  const resultKey = resultKeyOf(dossier.result);
  const resultUrl = resultKey ? await presignForDvcqg('documents', resultKey, settings.fileUrlSeconds) : undefined;
  const paperUrls = new Map(await Promise.all(dossier.papers.filter((p) => p.verifiedAt).map(async (p) => [p.objectKey, await presignForDvcqg('attachments', p.objectKey, settings.fileUrlSeconds)] as const)));
  return {
    mapping: settings.mapping,
    procedureName: procedure?.name ?? dossier.procedureCode,
    field: procedure?.field ?? '',
    agencyName: agency?.name ?? '',
    paperUrl: (key) => paperUrls.get(key) ?? '',
    ...(resultUrl ? { resultUrl, resultFileName: 'Kết quả giải quyết' } : {}),
  };
}

async function call(step: 'create' | 'update' | 'progress', send: () => Promise<DvcqgAnswer>, accept: DvcqgAnswer['outcome'][] = ['ok']): Promise<DvcqgAnswer> {
  let answer: DvcqgAnswer;
  try {
    answer = await send();
  } catch (error) {
    if (error instanceof DvcqgUnavailableError) throw new DvcqgSyncError(step, error.reason, error.message);
    throw error;
  }
  if (!accept.includes(answer.outcome)) throw new DvcqgSyncError(step, 'rejected', `${answer.errorCode ? `error_code ${answer.errorCode}: ` : ''}${answer.message}`);
  return answer;
}

/** The longest one call can take, retries included. */
const callBudgetMs = (settings: DvcqgSettings) => settings.attempts * settings.timeoutMs + settings.retryBaseMs * 2 ** settings.attempts * 1.5;

const leaseUntil = (settings: DvcqgSettings) => new Date(Date.now() + settings.leaseSeconds * 1000).toISOString();

/**
 * Before each call: the lease must still be ours and outlast the call, or it is renewed first. So a
 * pass never sends once another has taken over (its renewal finds another owner and stops), and a
 * slow pass cannot see its lease expire under a call it already sent.
 */
async function ensureLease(cursor: StoredCursor, owner: string, settings: DvcqgSettings): Promise<StoredCursor> {
  const left = new Date(cursor.state.lease?.until ?? 0).getTime() - Date.now();
  if (left > 2 * callBudgetMs(settings)) return cursor;
  return advance(cursor, owner, (s) => ({ ...s, lease: { owner, until: leaseUntil(settings) } }));
}

/** Sends everything the cursor says is behind, advancing it after each acknowledgement. */
async function catchUp(dossier: Dossier, history: readonly VersionedEntry[], held: StoredCursor, owner: string, port: DvcqgPort, settings: DvcqgSettings): Promise<StoredCursor> {
  const ctx = await contextFor(dossier, settings);
  const hoSo = toHoSo(
    dossier,
    history.map((h) => h.entry),
    ctx,
  );
  let cursor = await ensureLease(held, owner, settings);
  if (!cursor.state.created) {
    const created = await call('create', () => port.create(hoSo), ['ok', 'exists']);
    if (created.outcome === 'exists') {
      cursor = await ensureLease(cursor, owner, settings);
      await call('update', () => port.update(hoSo));
    }
    cursor = await advance(cursor, owner, (s) => ({ ...s, created: true, syncedVersion: dossier.version }));
  } else if (cursor.state.syncedVersion < dossier.version) {
    await call('update', () => port.update(hoSo));
    cursor = await advance(cursor, owner, (s) => ({ ...s, syncedVersion: dossier.version }));
  }
  const steps = history.filter((h) => h.version > cursor.state.ackedVersion && isSyncedStep(h.entry));
  for (let i = 0; i < steps.length; i += PROGRESS_CHUNK) {
    const chunk = steps.slice(i, i + PROGRESS_CHUNK);
    cursor = await ensureLease(cursor, owner, settings);
    await call('progress', () => port.progress(chunk.map((step) => toProgressItem(dossier, step, ctx))));
    const last = chunk[chunk.length - 1]!.version;
    cursor = await advance(cursor, owner, (s) => ({ ...s, ackedVersion: last }));
  }
  // Entries DVCQG is not told about (a draft's) are passed over too.
  const top = Math.max(0, ...history.map((h) => h.version));
  if (cursor.state.ackedVersion < top) cursor = await advance(cursor, owner, (s) => ({ ...s, ackedVersion: top }));
  return cursor;
}

/** Between failed passes: 20 × DVCQG_RETRY_BASE_MS, doubling, at most 64 times that (10 s … ~11 min by default). */
const backoffMs = (settings: DvcqgSettings, failures: number) => Math.min(settings.retryBaseMs * 20 * 2 ** Math.min(failures - 1, 6), 3600_000);

/**
 * Brings one dossier up to date on DVCQG. Returns how it went; throws DvcqgSyncError when DVCQG
 * could not take everything (the cursor then says what is behind and why, the dossier stays on the
 * pending list, and the next trigger, the sweep or an admin replay goes on from there).
 */
export async function syncDossier(dossierId: string, options: SyncOptions = {}): Promise<SyncOutcome> {
  const settings = await dvcqgSettings();
  if (!settings.sync) return 'disabled';
  const port = options.port ?? httpDvcqg(settings);
  const owner = randomUUID();
  let holding = false;
  for (let round = 0; round < 20; round++) {
    const { dossier, history, cursor: stored } = await readSyncSubject(dossierId);
    if (!dossier) return 'missing';
    if (!eligible(dossier, settings)) return 'not-synced';
    const at = now();
    let cursor = stored ?? { state: emptySyncState(dossierId), rev: 0 };
    const lease = cursor.state.lease;
    if (!holding) {
      if (lease && lease.owner !== owner && lease.until > at.toISOString()) {
        if (cursor.state.recheck || (await putSyncCursor({ ...cursor.state, recheck: true }, cursor.rev))) return 'handed-over';
        continue; // the cursor moved (perhaps released): look again
      }
      const { recheck: _dropped, ...rest } = cursor.state;
      const leased: SyncState = { ...rest, maHoSo: maHoSo(dossier), knownVersion: dossier.version, behindSince: cursor.state.behindSince ?? at.toISOString(), lease: { owner, until: leaseUntil(settings) } };
      if (!(await putSyncCursor(leased, cursor.rev))) continue;
      cursor = { state: leased, rev: cursor.rev + 1 };
      holding = true;
    } else if (lease?.owner !== owner) {
      return 'lease-lost';
    } else {
      cursor = await advance(cursor, owner, ({ recheck: _dropped, ...s }) => ({ ...s, knownVersion: dossier.version }));
    }

    try {
      if (!caughtUp(cursor.state, dossier.version)) cursor = await catchUp(dossier, history, cursor, owner, port, settings);
    } catch (error) {
      if (error instanceof LeaseLostError) return 'lease-lost';
      if (error instanceof DvcqgSyncError) {
        const failedAt = now().toISOString();
        await advance(cursor, owner, ({ lease: _released, recheck: _r, ...s }) => ({
          ...s,
          failures: s.failures + 1,
          lastError: { at: failedAt, step: error.step, reason: error.reason, message: error.message.slice(0, 300) },
          nextAttemptAt: new Date(Date.now() + backoffMs(settings, s.failures + 1)).toISOString(),
        })).catch(() => undefined); // a lost lease or a store failure: the lease expires on its own
        options.log?.warn('dvcqg.sync.failed', { dossierId, step: error.step, reason: error.reason });
      }
      throw error;
    }

    // Release, unless a trigger came meanwhile: then go round again with what it saw.
    const doneAt = now().toISOString();
    let again = false;
    try {
      await advance(cursor, owner, (s) => {
        again = !!s.recheck;
        if (again) return s;
        const { lease: _l, recheck: _r, behindSince: _b, lastError: _e, nextAttemptAt: _n, ...rest } = s;
        return { ...rest, failures: 0, lastSyncedAt: doneAt };
      });
    } catch (error) {
      if (error instanceof LeaseLostError) return 'lease-lost';
      throw error;
    }
    if (!again) return 'synced';
  }
  throw new Error(`DVCQG sync of ${dossierId} did not settle`);
}

/** The pending list's row: what is behind, and why. */
export function pendingView(state: SyncState, at = now()) {
  const leased = state.lease && state.lease.until > at.toISOString();
  return {
    dossierId: state.dossierId,
    ...(state.maHoSo ? { maHoSo: state.maHoSo } : {}),
    state: leased ? ('syncing' as const) : state.lastError ? ('retrying' as const) : ('waiting' as const),
    created: state.created,
    dossierVersion: state.knownVersion,
    syncedVersion: state.syncedVersion,
    ackedVersion: state.ackedVersion,
    behindSince: state.behindSince!,
    failures: state.failures,
    ...(state.lastError ? { lastError: state.lastError } : {}),
    ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
  };
}

export async function listPending(limit: number) {
  const at = now();
  return { items: (await listPendingSync(limit)).map((state) => pendingView(state, at)) };
}

/**
 * The schedule's sweep: every pending dossier whose lease is free and whose backoff has passed is
 * synced again, one at a time (a failure is recorded on its cursor and does not stop the sweep).
 */
export async function sweepPending(options: SyncOptions & { limit?: number } = {}): Promise<{ tried: number; synced: number; failed: number }> {
  const at = now().toISOString();
  const due = (await listPendingSync(options.limit ?? 200)).filter((s) => (!s.lease || s.lease.until <= at) && (!s.nextAttemptAt || s.nextAttemptAt <= at));
  let synced = 0;
  let failed = 0;
  for (const state of due) {
    try {
      if ((await syncDossier(state.dossierId, options)) === 'synced') synced += 1;
    } catch {
      failed += 1;
    }
  }
  return { tried: due.length, synced, failed };
}

/**
 * An admin's replay of one dossier: `cursor` (default) syncs now what is behind, ignoring the
 * backoff; `start` forgets the cursor first, so DVCQG gets the dossier and every step again (for
 * when DVCQG lost it). Answers the cursor afterwards; a failure is in it, not a 5xx.
 */
export async function replayDossier(dossierId: string, from: 'cursor' | 'start', options: SyncOptions = {}) {
  const { dossier, cursor } = await readSyncSubject(dossierId);
  if (!dossier) return undefined;
  if (from === 'start' && cursor) {
    const leased = cursor.state.lease && cursor.state.lease.until > now().toISOString();
    if (!leased) await putSyncCursor({ ...emptySyncState(dossierId), failures: cursor.state.failures, behindSince: now().toISOString() }, cursor.rev);
  }
  let outcome: SyncOutcome | 'failed';
  try {
    outcome = await syncDossier(dossierId, options);
  } catch (error) {
    if (!(error instanceof DvcqgSyncError)) throw error;
    outcome = 'failed';
  }
  const after = await getSyncCursor(dossierId);
  return { outcome, ...(after ? { sync: pendingView(after.state) } : {}) };
}
