import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { createDevCa, samplePdf, signPdf } from '../../infra/local/dev-ca';
import type { Procedure } from '../../shared/domain/procedure';
import { putProcedure } from '../../shared/store/catalogue';
import { idempotencyKey } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { agencyA, procedure, seedCatalogue, seedInInbox } from './support';

/**
 * Issue 16: e-results anyone can verify. The result must be a PDF signed by a CA the stage trusts
 * (checked at return, on the frozen copy); its QR's verify URL is given at resolve, so the agency prints
 * it before signing; GET /verify/{token} then answers what the result is, and nothing about the applicant.
 */
// This file's procedure: a signed result required (the default), valid for 180 days.
const signedProcedure = { ...procedure, resultDocument: { contentTypes: ['application/pdf'], maxBytes: 1024 * 1024, signature: 'required', validityDays: 180 } } as Procedure;
/** The throttles' clock, stopped by the rate-limit test (the real one elsewhere). */
let throttleAt: number | undefined;
const { gateway } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(signedProcedure)], gateway: { throttleClock: () => throttleAt ?? Date.now() } });
let officer: string;
let admin: string;
const OWNER = 'citizen-signed';
const trusted = createDevCa({ agencyName: 'UBND xa An Binh', organization: 'Tinh Thu' });
const stranger = createDevCa({ caName: 'Some other CA', agencyName: 'Nobody' });

beforeAll(async () => {
  officer = await gateway.token('officer', { sub: 'officer-signed', agencyId: agencyA.id });
  admin = await gateway.token('admin', { sub: 'admin-signed' });
});

const act = (id: string, action: string, json: Record<string, unknown> = {}) => gateway.request('POST', `/agency/dossiers/${id}/${action}`, { token: officer, json, headers: { 'idempotency-key': idempotencyKey() } });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');
const trust = (certificates: string[], token = admin) => gateway.request('PUT', '/admin/result-trust', { token, json: { certificates }, headers: { 'idempotency-key': randomUUID() } });

/** Processing → resolve with this file declared → upload it; answers the dossier id and the verify URL. */
async function resolvedWith(bytes: Buffer) {
  const { dossier } = await seedInInbox(agencyA.id, { ownerSub: OWNER });
  for (const step of ['receive', 'process']) expect((await act(dossier.id, step)).status).toBe(200);
  const res = await act(dossier.id, 'resolve', { document: { contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) } });
  expect(res.status).toBe(200);
  const { upload, verifyUrl } = await res.json();
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes })).status).toBe(200);
  return { id: dossier.id, verifyUrl: verifyUrl as string, code: dossier.code };
}
const verifyPath = (url: string) => new URL(url).pathname;

describe('signed results', () => {
  it('trusts only CA certificates an admin sets, all or nothing', async () => {
    const agencyCert = 'not a certificate at all, but long enough to pass the length check of the body schema: '.repeat(2);
    const bad = await trust([trusted.caPem, agencyCert]);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'CERTIFICATE_INVALID', errors: [{ path: 'body.certificates.1', code: 'CERTIFICATE_INVALID' }] });
    expect((await trust([trusted.caPem], officer)).status).toBe(403);
    const set = await trust([trusted.caPem]);
    expect(set.status).toBe(200);
    const listed = await (await gateway.request('GET', '/admin/result-trust', { token: admin })).json();
    expect(listed.certificates).toEqual([expect.objectContaining({ subject: expect.stringContaining('motcua Dev CA'), fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) })]);
  });

  it('returns a result signed by the agency, and its QR answers what it is: name, code, agency, dates, hash, signer, nothing about the applicant', async () => {
    expect((await trust([trusted.caPem])).status).toBe(200);
    const signed = await signPdf(await samplePdf('Giay khai sinh so 12/2026'), trusted.agencyP12);
    const { id, verifyUrl } = await resolvedWith(signed);
    expect(verifyUrl).toMatch(/^https:\/\/dichvucong\.test\.invalid\/verify\/[A-Za-z0-9_-]{32}$/);
    // Before it is returned the QR answers nothing: the document is not issued yet.
    expect((await gateway.request('GET', verifyPath(verifyUrl))).status).toBe(404);

    const returned = await act(id, 'return', { method: 'online' });
    expect(returned.status).toBe(200);
    const verify = await gateway.request('GET', verifyPath(verifyUrl));
    expect(verify.status).toBe(200);
    const answer = await verify.json();
    expect(answer).toMatchObject({
      valid: true,
      documentKind: 'result',
      issuer: agencyA.name,
      procedureCode: procedure.code,
      sha256: sha256(signed),
      signature: { status: 'valid', signer: 'UBND xa An Binh', organization: 'Tinh Thu', certificateIssuer: expect.stringContaining('motcua Dev CA'), signedAt: expect.any(String) },
    });
    expect(answer.documentName).toContain(procedure.name);
    const days = (Date.parse(answer.validUntil) - Date.parse(answer.issuedAt)) / 86_400_000;
    expect(days).toBe(180);
    expect(answer).not.toHaveProperty('applicantId');
    expect(JSON.stringify(answer)).not.toMatch(/\d{12}/);
    // Unguessable, and unknown is 404 whatever its shape.
    expect((await gateway.request('GET', `/verify/${'A'.repeat(32)}`)).status).toBe(404);
    expect((await gateway.request('GET', '/verify/x')).status).toBe(404);
  });

  async function refused(bytes: Buffer, reason: RegExp) {
    const { id, verifyUrl } = await resolvedWith(bytes);
    const res = await act(id, 'return', { method: 'online' });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: 'RESULT_NOT_SIGNED', errors: [{ path: 'result.document', code: 'RESULT_NOT_SIGNED' }] });
    expect(problem.errors[0].message).toMatch(reason);
    expect((await gateway.request('GET', verifyPath(verifyUrl))).status).toBe(404);
    const after = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer })).json();
    expect(after.status).toBe('RESOLVED');
    return reason.source;
  }

  it('refuses, writing nothing, an unsigned result, one changed after signing, one with content appended, and one signed under a CA not trusted', async () => {
    expect((await trust([trusted.caPem])).status).toBe(200);
    const signed = await signPdf(await samplePdf('Quyet dinh so 5'), trusted.agencyP12);
    // One bit of the signed part flipped (pdf-lib writes the page's text encoded, so a byte near the start): the digest no longer matches.
    const tampered = Buffer.from(signed);
    tampered[200] = tampered[200]! ^ 0x01;
    // An incremental update appended after signing (what a forger's editor does): the signature is intact, the file is not.
    const appended = Buffer.concat([signed, Buffer.from('\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n')]);
    const cases = [
      await refused(Buffer.from(await samplePdf('Chua ky')), /không có chữ ký số/),
      await refused(tampered, /thay đổi sau khi ký \(mã băm|chữ ký không hợp lệ/),
      await refused(appended, /thay đổi sau khi ký \(có nội dung nối/),
      await refused(await signPdf(await samplePdf('Ky boi CA la'), stranger.agencyP12), /không dẫn đến tổ chức chứng thực/),
    ];
    console.log(`[signed results] refused with RESULT_NOT_SIGNED: ${cases.length} (unsigned, tampered, appended, untrusted CA); verify 404 for each`);
  });

  it('accepts an unsigned decision where the procedure says so, recorded as unsigned; never a signature that fails', async () => {
    expect((await trust([trusted.caPem])).status).toBe(200);
    await putProcedure({ ...procedure, resultDocument: { contentTypes: ['application/pdf'], maxBytes: 1024 * 1024, signature: 'optional' } } as Procedure);
    try {
      const doc = await PDFDocument.create();
      doc.addPage().drawText('Quyet dinh (van ban)');
      const plain = Buffer.from(await doc.save());
      const { id, verifyUrl } = await resolvedWith(plain);
      expect((await act(id, 'return', { method: 'online' })).status).toBe(200);
      expect(await (await gateway.request('GET', verifyPath(verifyUrl))).json()).toMatchObject({ documentKind: 'result', signature: { status: 'unsigned' } });
      await refused(await signPdf(await samplePdf('Ky boi CA la'), stranger.agencyP12), /không dẫn đến tổ chức chứng thực/);
    } finally {
      await putProcedure({ ...procedure, resultDocument: { contentTypes: ['application/pdf'], maxBytes: 1024 * 1024, signature: 'required', validityDays: 180 } } as Procedure);
    }
  });
  it('rate-limits the public verify route as the deployed stage does: a burst of 20, then 10 a second', async () => {
    // A stopped clock, well after the tests before (the bucket is full): the counts are exact whatever the machine's load.
    throttleAt = Date.now() + 10_000;
    const verify = () => gateway.request('GET', `/verify/${randomUUID().replace(/-/g, '')}`).then((res) => res.status);
    try {
      const burst = await Promise.all(Array.from({ length: 40 }, verify));
      expect([burst.filter((status) => status === 404).length, burst.filter((status) => status === 429).length]).toEqual([20, 20]);
      throttleAt += 1_000;
      const second = await Promise.all(Array.from({ length: 15 }, verify));
      expect([second.filter((status) => status === 404).length, second.filter((status) => status === 429).length]).toEqual([10, 5]);
      console.log('[verify throttle] 40 at once: 20 answered, 20 × 429; a second later 10 of 15 answered');
    } finally {
      throttleAt = undefined;
    }
  });
});
