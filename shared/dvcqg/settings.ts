/**
 * DVCQG connector settings (invariant 7): the endpoints, credentials and field mapping each
 * province is issued. From the environment locally; in AWS the SecureString parameter `/motcua/<stage>/dvcqg`
 * (shared/secrets.ts) holds the same keys, and an env variable set on the function wins.
 *
 *   DVCQG_INBOUND_SECRET   HMAC-SHA256 secret (or shared key) of inbound calls        secret key `inboundSecret`
 *   DVCQG_INBOUND_AUTH     `hmac` (header dvcqg-signature, default) or `key` (header dvcqg-key)
 *   DVCQG_BASE_URL         base URL of DVCQG's (or the LGSP adapter's) sync API; unset = sync off   `baseUrl`
 *   DVCQG_CREATE_PATH, DVCQG_UPDATE_PATH, DVCQG_PROGRESS_PATH   URLThemMoi, URLCapNhat, URLDongBoTienTrinh   `createPath`…
 *   DVCQG_CATALOGUE_PATH, DVCQG_PROCEDURE_PATH   LayDanhSachTTHC, LayThuTuc (catalogue sync, §1.6 d)   `cataloguePath`…
 *   DVCQG_CATALOGUE_UNIT   maDonVi of LayDanhSachTTHC (the province's code); unset: the whole list   `catalogueUnit`
 *   DVCQG_HEADERS          JSON of extra headers on sync calls (e.g. a static token)   `headers`
 *   DVCQG_MAPPING          JSON { procedures, units, statuses } (mapping.ts)          `mapping`
 *   DVCQG_FILE_HOSTS       comma-separated hosts inbound paper URLs may point at       `fileHosts`
 *   DVCQG_SYNC_CHANNELS    channels synced back (default online,dvcqg,desk,post)
 *   DVCQG_TIMEOUT_MS (10000), DVCQG_ATTEMPTS (3), DVCQG_RETRY_BASE_MS (500), DVCQG_LEASE_SECONDS (120),
 *   DVCQG_FILE_URL_SECONDS (604800: how long the links to papers and results DVCQG receives stay valid)
 */
import * as z from 'zod';
import type { Channel } from '../domain/dossier';
import { readSecretJson, SecretFormatError } from '../store/secrets';
import { DEFAULT_STATUS_MAP, type DvcqgMapping } from './mapping';

export const DVCQG_ENV = {
  inboundSecret: 'DVCQG_INBOUND_SECRET',
  inboundAuth: 'DVCQG_INBOUND_AUTH',
  baseUrl: 'DVCQG_BASE_URL',
  createPath: 'DVCQG_CREATE_PATH',
  updatePath: 'DVCQG_UPDATE_PATH',
  progressPath: 'DVCQG_PROGRESS_PATH',
  cataloguePath: 'DVCQG_CATALOGUE_PATH',
  procedurePath: 'DVCQG_PROCEDURE_PATH',
  catalogueUnit: 'DVCQG_CATALOGUE_UNIT',
  headers: 'DVCQG_HEADERS',
  mapping: 'DVCQG_MAPPING',
  fileHosts: 'DVCQG_FILE_HOSTS',
  syncChannels: 'DVCQG_SYNC_CHANNELS',
  timeoutMs: 'DVCQG_TIMEOUT_MS',
  attempts: 'DVCQG_ATTEMPTS',
  retryBaseMs: 'DVCQG_RETRY_BASE_MS',
  leaseSeconds: 'DVCQG_LEASE_SECONDS',
  fileUrlSeconds: 'DVCQG_FILE_URL_SECONDS',
} as const;

const Mapping = z.object({
  procedures: z.record(z.string(), z.object({ procedureCode: z.string().min(1), papers: z.record(z.string(), z.string()).optional(), resultCode: z.string().optional() })).default({}),
  units: z.record(z.string(), z.string()).default({}),
  statuses: z.record(z.string().regex(/^\d{1,2}$/), z.string().regex(/^\d{1,2}$/)).default({ ...DEFAULT_STATUS_MAP }),
});

const Secret = z
  .object({
    inboundSecret: z.string().min(16).optional(),
    baseUrl: z.url().optional(),
    createPath: z.string().optional(),
    updatePath: z.string().optional(),
    progressPath: z.string().optional(),
    cataloguePath: z.string().optional(),
    procedurePath: z.string().optional(),
    catalogueUnit: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    mapping: Mapping.optional(),
    fileHosts: z.array(z.string()).optional(),
  })
  .loose();

export interface DvcqgSettings {
  inbound: { auth: 'hmac' | 'key'; secret?: string };
  /** Undefined: the province has not plugged DVCQG in; nothing is synced and nothing is pending. */
  sync?: { baseUrl: string; createPath: string; updatePath: string; progressPath: string; cataloguePath: string; procedurePath: string; catalogueUnit?: string; headers: Record<string, string> };
  mapping: DvcqgMapping;
  fileHosts: readonly string[];
  syncChannels: readonly Channel[];
  timeoutMs: number;
  attempts: number;
  retryBaseMs: number;
  leaseSeconds: number;
  fileUrlSeconds: number;
}

/** Settings that are missing or malformed; never carries a secret's value. */
export class DvcqgSettingsError extends Error {}

const env = (name: string) => process.env[name] || undefined;
const json = (name: string): unknown => {
  const raw = env(name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new DvcqgSettingsError(`${name} is not JSON`);
  }
};
const int = (name: string, fallback: number, max: number) => {
  const value = Number(env(name) ?? fallback);
  return Number.isInteger(value) && value > 0 && value <= max ? value : fallback;
};

async function readSecret(): Promise<z.infer<typeof Secret>> {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME || !env('STAGE')) return {};
  let raw: unknown;
  try {
    raw = (await readSecretJson('dvcqg')) ?? {};
  } catch (error) {
    if (error instanceof SecretFormatError) throw new DvcqgSettingsError(error.message);
    throw error;
  }
  const parsed = Secret.safeParse(raw);
  if (!parsed.success) throw new DvcqgSettingsError(`secret dvcqg is malformed at ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

async function load(): Promise<DvcqgSettings> {
  const secret = await readSecret();
  const mapping = Mapping.safeParse(json(DVCQG_ENV.mapping) ?? secret.mapping ?? {});
  if (!mapping.success) throw new DvcqgSettingsError(`${DVCQG_ENV.mapping} is malformed at ${mapping.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const baseUrl = env(DVCQG_ENV.baseUrl) ?? secret.baseUrl;
  const headers = (json(DVCQG_ENV.headers) as Record<string, string> | undefined) ?? secret.headers ?? {};
  const channels = (env(DVCQG_ENV.syncChannels) ?? 'online,dvcqg,desk,post')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean) as Channel[];
  const secretValue = env(DVCQG_ENV.inboundSecret) ?? secret.inboundSecret;
  return {
    inbound: { auth: env(DVCQG_ENV.inboundAuth) === 'key' ? 'key' : 'hmac', ...(secretValue ? { secret: secretValue } : {}) },
    ...(baseUrl
      ? {
          sync: {
            baseUrl: baseUrl.replace(/\/$/, ''),
            createPath: env(DVCQG_ENV.createPath) ?? secret.createPath ?? '/hoso/themmoi',
            updatePath: env(DVCQG_ENV.updatePath) ?? secret.updatePath ?? '/hoso/capnhat',
            progressPath: env(DVCQG_ENV.progressPath) ?? secret.progressPath ?? '/hoso/dongbotientrinh',
            cataloguePath: env(DVCQG_ENV.cataloguePath) ?? secret.cataloguePath ?? '/LayDanhSachTTHC',
            procedurePath: env(DVCQG_ENV.procedurePath) ?? secret.procedurePath ?? '/LayThuTuc',
            ...((env(DVCQG_ENV.catalogueUnit) ?? secret.catalogueUnit) ? { catalogueUnit: (env(DVCQG_ENV.catalogueUnit) ?? secret.catalogueUnit)! } : {}),
            headers,
          },
        }
      : {}),
    mapping: mapping.data,
    fileHosts: (env(DVCQG_ENV.fileHosts)?.split(',') ?? secret.fileHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean),
    syncChannels: channels,
    timeoutMs: int(DVCQG_ENV.timeoutMs, 10_000, 60_000),
    attempts: int(DVCQG_ENV.attempts, 3, 10),
    retryBaseMs: int(DVCQG_ENV.retryBaseMs, 500, 60_000),
    leaseSeconds: int(DVCQG_ENV.leaseSeconds, 120, 900),
    fileUrlSeconds: int(DVCQG_ENV.fileUrlSeconds, 7 * 24 * 3600, 7 * 24 * 3600),
  };
}

let cached: Promise<DvcqgSettings> | undefined;
/** Read once per process; a failed read is retried by the next invocation. */
export function dvcqgSettings(): Promise<DvcqgSettings> {
  cached ??= load().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Tests change the environment between cases. */
export function resetDvcqgSettings(): void {
  cached = undefined;
}
