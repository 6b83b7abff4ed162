import { createHash } from 'node:crypto';
import { ConflictError, type FieldError } from '../domain/errors';
import type { DossierPaper } from '../domain/dossier';
import type { Procedure } from '../domain/procedure';
import { deleteObjectQuietly, quarantineKey } from '../store/attachments';
import { putFetchedPaper } from '../store/dvcqg';
import { verifyPapers, type PaperVerification } from '../dossiers/verify-papers';
import { paperFor } from './mapping';
import type { DvcqgSettings } from './settings';
import { say } from '../domain/field-messages';

/** A paper as DVCQG sends it (TaiLieuNop). */
export interface ForwardedPaper {
  TenTepDinhKem: string;
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin?: string;
  Base64?: string;
  LoaiTep?: string;
}

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const typeOfName = (name: string) => BY_EXTENSION[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];

/** Only https on the hosts the province lists (http for localhost, the simulator): the route must not fetch anywhere it is told. */
function allowedUrl(raw: string, hosts: readonly string[]): boolean {
  const url = new URL(raw);
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return (url.protocol === 'https:' || (local && url.protocol === 'http:')) && hosts.includes(url.host.toLowerCase());
}

type Fetched = { bytes: Buffer; contentType?: string } | { error: FieldError };

async function download(url: string, maxBytes: number, timeoutMs: number, path: string): Promise<Fetched> {
  const failed = (message: string, code = 'PAPER_NOT_FETCHED'): Fetched => ({ error: { path, message, code } });
  try {
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok || !response.body) return failed(say('fileServerAnswered', { status: response.status }));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) return failed(say('atMostBytes', { n: maxBytes }), 'PAPER_TOO_LARGE');
      chunks.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(chunks), ...(response.headers.get('content-type') ? { contentType: response.headers.get('content-type')! } : {}) };
  } catch {
    return failed(say('fileNotDownloaded'));
  }
}

/** Forwarded papers fetched into quarantine and verified as citizens' uploads are. */
export interface FetchedPapers {
  papers: DossierPaper[];
  errors: FieldError[];
  verification?: PaperVerification;
  /** Removes the fetched files from quarantine (verified copies, if any, are the submission's to keep or discard). */
  discardFetched(): Promise<void>;
  /** Removes everything this fetch stored, when the dossier was refused before any commit. */
  discard(): Promise<void>;
}

/**
 * Fetches each paper (URL on an allowed host, or base64) into the attachments bucket's quarantine,
 * with its SHA-256, then runs the very verification of citizens' uploads (verifyPapers: type
 * accepted and matching the content, size within the paper's limit, hash of the verified copy).
 * Field paths are `<path>.<index>` of the paper in the request.
 */
export async function fetchAndVerifyPapers(input: {
  dossierId: string;
  procedure: Procedure;
  nationalProcedureCode: string;
  forwarded: readonly ForwardedPaper[];
  settings: DvcqgSettings;
  at: Date;
  path: string;
}): Promise<FetchedPapers> {
  const { dossierId, procedure, forwarded, settings, at, path } = input;
  const stored: string[] = [];
  const errors: FieldError[] = [];
  const papers: DossierPaper[] = [];
  const indexOf = new Map<string, number>();
  const discardStored = async () => {
    await Promise.all(stored.map(deleteObjectQuietly));
  };

  // One at a time: a dossier has a few papers, and the function's memory holds one file at once.
  for (const [i, doc] of forwarded.entries()) {
    const at_ = `${path}.${i}`;
    const paperId = paperFor(settings.mapping, input.nationalProcedureCode, doc.MaThanhPhanHoSo);
    const spec = procedure.papers.find((p) => p.id === paperId);
    if (!spec) {
      errors.push({ path: `${at_}.MaThanhPhanHoSo`, message: say('procedureCodeHasNoPaper', { code: procedure.code, paper: doc.MaThanhPhanHoSo }), code: 'PAPER_UNKNOWN' });
      continue;
    }
    let fetched: Fetched;
    if (doc.Base64 !== undefined) {
      const bytes = Buffer.from(doc.Base64, 'base64');
      fetched = bytes.length > spec.maxBytes ? { error: { path: `${at_}.Base64`, message: say('atMostBytes', { n: spec.maxBytes }), code: 'PAPER_TOO_LARGE' } } : { bytes };
    } else if (!allowedUrl(doc.DuongDanTaiTepTin!, settings.fileHosts)) {
      fetched = { error: { path: `${at_}.DuongDanTaiTepTin`, message: say('paperHostNotAllowed'), code: 'PAPER_HOST_NOT_ALLOWED' } };
    } else {
      fetched = await download(doc.DuongDanTaiTepTin!, spec.maxBytes, settings.timeoutMs, `${at_}.DuongDanTaiTepTin`);
    }
    if ('error' in fetched) {
      errors.push(fetched.error);
      continue;
    }
    if (fetched.bytes.length === 0) {
      errors.push({ path: at_, message: say('fileEmpty'), code: 'PAPER_NOT_FETCHED' });
      continue;
    }
    const contentType = doc.LoaiTep ?? typeOfName(doc.TenTepDinhKem) ?? fetched.contentType?.split(';')[0]?.trim() ?? 'application/octet-stream';
    const sha256 = createHash('sha256').update(fetched.bytes).digest('base64');
    const objectKey = quarantineKey(dossierId);
    await putFetchedPaper(objectKey, fetched.bytes, contentType, sha256);
    stored.push(objectKey);
    indexOf.set(paperId, i);
    papers.push({ paperId, fileName: doc.TenTepDinhKem, contentType, size: fetched.bytes.length, sha256, objectKey, declaredAt: at.toISOString() });
  }
  if (errors.length) {
    await discardStored();
    return { papers, errors, discard: discardStored, discardFetched: discardStored };
  }

  const verification = await verifyPapers(dossierId, procedure, papers, at).catch(async (error: unknown) => {
    await discardStored();
    throw error;
  });
  // Known not to have committed: verifyPapers then removes its copies outright.
  const refused = new ConflictError('The forwarded dossier was refused before any write.');
  const discard = async () => {
    await Promise.all([discardStored(), verification.discard(refused)]);
  };
  const verifyErrors = verification.errors.map((error) => {
    const index = indexOf.get(error.path.slice('papers.'.length));
    return { ...error, path: index === undefined ? path : `${path}.${index}` };
  });
  if (verifyErrors.length) await discardStored();
  return { papers: verification.papers, errors: verifyErrors, verification, discard, discardFetched: discardStored };
}
