import { createHash } from 'node:crypto';
import type { Procedure } from '../../shared/domain/procedure';
import { putProcedure } from '../../shared/store/catalogue';
import { agencyA, procedure, seedCatalogue, seedInInbox } from '../agency/support';
import { idempotencyKey } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { dossierState, figures } from './support';

/**
 * Issue 12.3: the result cannot be replaced. Resolve binds the type, the length and the SHA-256 into
 * the upload URL (s3rver checks no signature, so the URL's signed headers are asserted and `return`
 * checks the bytes itself); only the types the procedure issues (PDF by default) within its size;
 * at return the bytes are copied where no URL can write and checked against what was declared; what
 * the citizen downloads afterwards never changes, and it is always an attachment of its recorded type.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
let officer: string;
const OWNER = 'citizen-result';
let citizen: string;
beforeAll(async () => {
  officer = await gateway.token('officer', { sub: 'officer-result', agencyId: agencyA.id });
  citizen = await gateway.token('citizen', { sub: OWNER });
});

const act = (id: string, action: string, json: Record<string, unknown> = {}) => gateway.request('POST', `/agency/dossiers/${id}/${action}`, { token: officer, json, headers: { 'idempotency-key': idempotencyKey() } });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');
const declare = (bytes: Buffer, contentType = 'application/pdf') => ({ contentType, size: bytes.length, sha256: sha256(bytes) });
const put = (upload: { url: string; headers: Record<string, string> }, body: Buffer) => fetch(upload.url, { method: 'PUT', headers: upload.headers, body });

const PDF = Buffer.from('%PDF-1.7\n% Quyết định cấp giấy phép số 12/QĐ-UBND\n%%EOF\n');
/** Another PDF of the same length: one byte of the decision's number changed. */
const OTHER_PDF = Buffer.from(PDF.toString('latin1').replace('12/', '13/'), 'latin1');

async function processing(): Promise<string> {
  const { dossier } = await seedInInbox(agencyA.id, { ownerSub: OWNER });
  expect((await act(dossier.id, 'receive')).status).toBe(200);
  expect((await act(dossier.id, 'process')).status).toBe(200);
  return dossier.id;
}

async function resolved(bytes: Buffer = PDF) {
  const id = await processing();
  const res = await act(id, 'resolve', { document: declare(bytes) });
  expect(res.status).toBe(200);
  return { id, upload: (await res.json()).upload as { url: string; headers: Record<string, string>; objectKey: string } };
}

describe('a result cannot be replaced, nor be anything but what the procedure issues', () => {
  const through: string[] = [];
  let tried = 0;
  afterAll(() => figures('result', { casesTried: tried, gotThrough: through.length }));

  it('refuses, writing nothing, a result of a type the procedure does not issue, too large, or without its length and hash', async () => {
    const id = await processing();
    const before = await dossierState(id);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['html', { contentType: 'text/html', size: 100, sha256: sha256(Buffer.from('x')) }, 422, 'RESULT_TYPE_NOT_ACCEPTED'],
      ['svg', { contentType: 'image/svg+xml', size: 100, sha256: sha256(Buffer.from('x')) }, 422, 'RESULT_TYPE_NOT_ACCEPTED'],
      ['25 MiB', { contentType: 'application/pdf', size: 25 * 1024 * 1024, sha256: sha256(PDF) }, 422, 'RESULT_TOO_LARGE'],
      ['60 MiB', { contentType: 'application/pdf', size: 60 * 1024 * 1024, sha256: sha256(PDF) }, 400, 'VALIDATION_FAILED'],
      ['no size', { contentType: 'application/pdf', sha256: sha256(PDF) }, 400, 'VALIDATION_FAILED'],
      ['no hash', { contentType: 'application/pdf', size: PDF.length }, 400, 'VALIDATION_FAILED'],
      ['hex hash', { contentType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, document, status, code] of cases) {
      tried += 1;
      const res = await act(id, 'resolve', { document });
      const body = await res.json();
      if (res.status !== status || body.code !== code) through.push(`${name}: ${res.status} ${body.code}`);
      expect(body.errors?.[0]?.path).toMatch(/^body\.document/);
    }
    expect(through).toEqual([]);
    expect(await dossierState(id)).toEqual(before);
  });

  it('binds type, exact length and SHA-256 into a 5-minute upload URL', async () => {
    const { upload } = await resolved();
    tried += 1;
    const url = new URL(upload.url);
    const signed = url.searchParams.get('X-Amz-SignedHeaders')!.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'content-length', 'x-amz-checksum-sha256']));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': String(PDF.length), 'x-amz-checksum-sha256': sha256(PDF) });
  });

  it('refuses to return other bytes than those declared (same length, another file; not a PDF at all), then returns the declared one', async () => {
    const { id, upload } = await resolved();
    const html = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(PDF.length, ' '));
    for (const [name, bytes] of [
      ['another PDF', OTHER_PDF],
      ['HTML', html],
    ] as const) {
      tried += 1;
      expect((await put(upload, Buffer.from(bytes))).status).toBe(200); // s3rver takes it; S3 would refuse (BadDigest)
      const res = await act(id, 'return', { method: 'online' });
      const body = await res.json();
      if (res.status !== 409 || body.code !== 'RESULT_MISMATCH') through.push(`${name}: ${res.status} ${body.code}`);
    }
    expect((await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer }).then((r) => r.json())).status).toBe('RESOLVED');
    expect((await put(upload, PDF)).status).toBe(200);
    expect((await act(id, 'return', { method: 'online' })).status).toBe(200);
    expect(through).toEqual([]);
  });

  it('keeps a returned result as it was, whatever is PUT afterwards, served as an attachment of its type', async () => {
    const { id, upload } = await resolved();
    expect((await put(upload, PDF)).status).toBe(200);
    expect((await act(id, 'return', { method: 'online' })).status).toBe(200);
    tried += 1;
    // The URL is still valid: an overwrite reaches the upload key, never the returned copy.
    expect((await put(upload, Buffer.from(OTHER_PDF))).status).toBe(200);
    const mine = await (await gateway.request('GET', `/dossiers/${id}/result`, { token: citizen })).json();
    const officers = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer })).json();
    for (const url of [mine.download.url, officers.result.download.url]) {
      const res = await fetch(url);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!bytes.equals(PDF)) through.push(`replaced after return: ${url.split('?')[0]}`);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ket-qua-UBMOT-[\w-]+\.pdf"$/);
    }
    expect(through).toEqual([]);
  });

  it('takes what the procedure declares beyond PDF, within its own size', async () => {
    const pdfOnly = await processing();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    tried += 2;
    expect((await (await act(pdfOnly, 'resolve', { document: declare(png, 'image/png') })).json()).code).toBe('RESULT_TYPE_NOT_ACCEPTED');
    // The procedure now issues a PNG too (a card's image, say), at most 1 KiB.
    await putProcedure({ ...procedure, resultDocument: { contentTypes: ['application/pdf', 'image/png'], maxBytes: 1024, signature: 'optional' } } as Procedure);
    expect((await (await act(pdfOnly, 'resolve', { document: declare(Buffer.alloc(2048), 'image/png') })).json()).code).toBe('RESULT_TOO_LARGE');
    const res = await act(pdfOnly, 'resolve', { document: declare(png, 'image/png') });
    expect(res.status).toBe(200);
    expect((await put((await res.json()).upload, png)).status).toBe(200);
    expect((await act(pdfOnly, 'return', { method: 'online' })).status).toBe(200);
    const mine = await (await gateway.request('GET', `/dossiers/${pdfOnly}/result`, { token: citizen })).json();
    const download = await fetch(mine.download.url);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });
});
