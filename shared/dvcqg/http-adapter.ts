import { saysAlreadyExists, saysSuccess, type HoSoDongBoDVC, type QuaTrinhXuLyDongBoDVC } from './mapping';
import { DvcqgUnavailableError, type DvcqgAnswer, type DvcqgPort } from './port';
import type { DvcqgSettings } from './settings';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP adapter of the DVCQG port, in the conventions of §1.2/§1.5: JSON POSTs to
 * `<baseUrl><path>`; create/update answer `{error_code, message}` (success: "0" and "thành công";
 * create of a known dossier: error_code 0/3/-3 with "đã tồn tại"); progress answers text containing
 * "thành công". Network errors, timeouts, 429 and 5xx are retried with exponential backoff and
 * jitter, then DvcqgUnavailableError; another answer is returned at once.
 */
export function httpDvcqg(settings: DvcqgSettings, doFetch: typeof fetch = fetch): DvcqgPort {
  const sync = settings.sync;
  if (!sync) throw new Error('DVCQG sync is not configured');

  async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
    return call('POST', path, body);
  }

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    let last: DvcqgUnavailableError | undefined;
    for (let attempt = 1; attempt <= settings.attempts; attempt++) {
      try {
        const response = await doFetch(`${sync!.baseUrl}${path}`, {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), accept: 'application/json', ...sync!.headers },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(settings.timeoutMs),
          redirect: 'manual',
        });
        const text = await response.text();
        if (response.status < 500 && response.status !== 429) return { status: response.status, text };
        last = new DvcqgUnavailableError('server-error', `HTTP ${response.status}`);
      } catch (error) {
        const timeout = (error as { name?: string }).name === 'TimeoutError' || (error as { name?: string }).name === 'AbortError';
        last = new DvcqgUnavailableError(timeout ? 'timeout' : 'unreachable', timeout ? `no answer within ${settings.timeoutMs} ms` : 'connection failed');
      }
      if (attempt < settings.attempts) await sleep(settings.retryBaseMs * 2 ** (attempt - 1) * (1 + Math.random() / 2));
    }
    throw last!;
  }

  const answer = (status: number, text: string, allowExists: boolean): DvcqgAnswer => {
    let parsed: { error_code?: unknown; message?: unknown } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return { outcome: 'rejected', message: `HTTP ${status}: not JSON` };
    }
    const errorCode = String(parsed.error_code ?? '');
    const message = String(parsed.message ?? '').slice(0, 500);
    if (allowExists && ['0', '3', '-3'].includes(errorCode) && saysAlreadyExists(message)) return { outcome: 'exists', errorCode, message };
    if (status < 300 && errorCode === '0' && saysSuccess(message)) return { outcome: 'ok', errorCode, message };
    return { outcome: 'rejected', errorCode, message: message || `HTTP ${status}` };
  };

  /** The catalogue's answers wrap a JSON string in `message` whose `result` holds the records (§1.6 d). */
  async function records(path: string): Promise<unknown[]> {
    const { status, text } = await call('GET', path);
    if (status >= 300) throw new DvcqgUnavailableError('server-error', `HTTP ${status}`);
    try {
      const outer = JSON.parse(text) as { message?: unknown };
      const inner = typeof outer.message === 'string' ? (JSON.parse(outer.message) as { result?: unknown }) : (outer.message as { result?: unknown } | undefined);
      if (!Array.isArray(inner?.result)) throw new Error('no result');
      return inner.result as unknown[];
    } catch {
      throw new DvcqgUnavailableError('server-error', 'the catalogue answer is not the expected {message: {result: [...]}}');
    }
  }

  return {
    listProcedures: (unitCode = sync.catalogueUnit) => records(`${sync.cataloguePath}${unitCode ? `?maDonVi=${encodeURIComponent(unitCode)}` : ''}`),
    getProcedure: async (nationalCode: string) => (await records(`${sync.procedurePath}?maTTHC=${encodeURIComponent(nationalCode)}`))[0],
    create: async (hoSo: HoSoDongBoDVC) => {
      const { status, text } = await post(sync.createPath, [hoSo]);
      return answer(status, text, true);
    },
    update: async (hoSo: HoSoDongBoDVC) => {
      const { status, text } = await post(sync.updatePath, [hoSo]);
      return answer(status, text, false);
    },
    progress: async (items: readonly QuaTrinhXuLyDongBoDVC[]) => {
      const { status, text } = await post(sync.progressPath, items);
      return status < 300 && saysSuccess(text) ? { outcome: 'ok', message: text.slice(0, 200) } : { outcome: 'rejected', message: text.slice(0, 500) || `HTTP ${status}` };
    },
  };
}
