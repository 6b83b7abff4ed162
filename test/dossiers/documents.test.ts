import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import type { Procedure } from '../../shared/domain/procedure';
import { vnDate } from '../../shared/domain/vietnam-time';
import { putProcedure } from '../../shared/store/catalogue';
import { getDossier } from '../../shared/store/dossiers';
import { currentNames, emulatorClients, useLocalWorld } from '../support/local';
import { applicant, birthRegistration, citizenClient, goodAnswers, idempotencyKey, outboxCount, pdf, pinClock, readyDraft, seedCatalogue, sha256, unpinClock } from './support';

/**
 * Issue 16, the citizen's document store (LEGAL.md R4, R11): GET /me/documents lists the verified
 * papers and returned results of the caller's dossiers; POST /dossiers/{id}/attachments with a
 * `documentId` takes one into a new dossier without another upload, and the service index counts
 * papers reused and papers digitised at the desk.
 */
const certificate: z.input<typeof Procedure> = {
  ...birthRegistration,
  code: 'T.000010',
  name: 'Cấp bản sao trích lục khai sinh (thử)',
  papers: [],
  fee: { kind: 'fixed', amount: 0 },
  applicationForm: { type: 'object' },
  resultDocument: { contentTypes: ['application/pdf'], maxBytes: 4096, signature: 'optional', validityDays: 30 },
};
/** A procedure that takes the stored birth paper as is, and the certificate's result for two of its papers. */
const school: z.input<typeof Procedure> = {
  ...birthRegistration,
  code: 'T.000011',
  name: 'Đăng ký nhập học (thử)',
  fee: { kind: 'fixed', amount: 0 },
  applicationForm: { type: 'object' },
  papers: [
    { id: 'giay-chung-sinh', name: 'Giấy chứng sinh', required: true, contentTypes: ['application/pdf'], maxBytes: 4096 },
    { id: 'trich-luc', name: 'Trích lục khai sinh', required: true, contentTypes: ['application/pdf'], maxBytes: 4096, acceptsResultOf: ['T.000010'] },
    { id: 'anh-the', name: 'Ảnh thẻ', required: false, contentTypes: ['image/png'], maxBytes: 4096, acceptsResultOf: ['T.000010'] },
  ],
};

const { gateway, events: pipeline } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(certificate as Procedure), () => putProcedure(school as Procedure)], events: true });
let citizen: ReturnType<typeof citizenClient>;
let other: ReturnType<typeof citizenClient>;
let token: string;
let officer: string;
let admin: string;
const resultBytes = pdf(800, 'k');

const documents = async (query = '', as = token) => gateway.request('GET', `/me/documents${query}`, { token: as });
const officerPost = (path: string, json: unknown = {}) => gateway.request('POST', path, { token: officer, json, headers: { 'idempotency-key': idempotencyKey() } });
const reuse = (client: ReturnType<typeof citizenClient>, id: string, paperId: string, documentId: string, key = idempotencyKey()) =>
  gateway.request('POST', `/dossiers/${id}/attachments`, { token: client === citizen ? token : otherToken, json: { paperId, documentId }, headers: { 'idempotency-key': key } });
let otherToken: string;

async function draftOf(procedureCode: string): Promise<string> {
  const res = await citizen.createDraft({ procedureCode, answers: {} });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** A certificate dossier the agency resolved with a (unsigned: the procedure allows it) PDF and returned online. */
async function returnedCertificate(): Promise<string> {
  const id = await draftOf(certificate.code!);
  expect((await citizen.submit(id)).status).toBe(200);
  await pipeline.settle();
  for (const action of ['receive', 'process']) expect((await officerPost(`/agency/dossiers/${id}/${action}`)).status).toBe(200);
  const resolved = await officerPost(`/agency/dossiers/${id}/resolve`, { document: { contentType: 'application/pdf', size: resultBytes.length, sha256: sha256(resultBytes) } });
  expect(resolved.status).toBe(200);
  const { upload } = await resolved.json();
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: resultBytes })).status).toBe(200);
  const returned = await officerPost(`/agency/dossiers/${id}/return`, { method: 'online' });
  expect(returned.status).toBe(200);
  await pipeline.settle();
  return id;
}

let birthId: string;
let certId: string;
let paperDoc: { documentId: string };
let resultDoc: { documentId: string; validUntil: string; issuedAt: string };

beforeAll(async () => {
  token = await gateway.token('citizen', { sub: 'citizen-docs', nationalId: applicant.nationalId });
  otherToken = await gateway.token('citizen', { sub: 'citizen-docs-other', nationalId: '079188000222' });
  citizen = citizenClient(gateway, token);
  other = citizenClient(gateway, otherToken);
  officer = await gateway.token('officer', { sub: 'officer-docs', agencyId: 'ubnd-xa-an-binh' });
  admin = await gateway.token('admin', { sub: 'admin-docs' });

  birthId = await readyDraft(citizen);
  expect((await citizen.submit(birthId)).status).toBe(200);
  certId = await returnedCertificate();
}, 60_000);
afterEach(() => unpinClock());

describe('GET /me/documents', () => {
  it('lists the verified paper and the returned result of my dossiers, with issuer, validity, source and hash; nothing of a draft or of anyone else', async () => {
    await draftOf(birthRegistration.code!); // a draft holds no document
    const res = await documents();
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const codes = Object.fromEntries(await Promise.all([birthId, certId].map(async (id) => [id, (await (await citizen.get(id)).json()).code])));
    expect(items).toHaveLength(2);
    const paper = items.find((item: { kind: string }) => item.kind === 'paper');
    const result = items.find((item: { kind: string }) => item.kind === 'result');
    expect(paper).toMatchObject({
      kind: 'paper',
      paperId: 'giay-chung-sinh',
      name: 'Giấy chứng sinh',
      source: 'upload',
      issuer: { kind: 'citizen', name: 'Công dân' },
      sha256: sha256(pdf()),
      size: 600,
      contentType: 'application/pdf',
      dossierId: birthId,
      dossierCode: codes[birthId],
      procedureCode: birthRegistration.code,
    });
    expect(paper).not.toHaveProperty('validUntil');
    expect(paper).not.toHaveProperty('location');
    expect(result).toMatchObject({
      kind: 'result',
      source: 'result',
      procedureCode: certificate.code,
      issuer: { kind: 'agency', agencyId: 'ubnd-xa-an-binh', name: 'UBND xã An Bình' },
      sha256: sha256(resultBytes),
      dossierId: certId,
      dossierCode: codes[certId],
    });
    expect(result.name).toContain(certificate.name);
    expect((Date.parse(result.validUntil) - Date.parse(result.issuedAt)) / 86_400_000).toBe(30);
    paperDoc = paper;
    resultDoc = result;

    // Paginated by dossiers like GET /dossiers: one dossier a page, the cursor leads through all of them.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await (await documents(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((item: { documentId: string }) => item.documentId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual([paper.documentId, result.documentId].sort());
    expect((await documents('?cursor=nope')).status).toBe(400);

    expect((await (await documents('', otherToken)).json()).items).toEqual([]);
    expect((await gateway.request('GET', '/me/documents')).status).toBe(401);
  });
});

describe('POST /dossiers/{id}/attachments { paperId, documentId }', () => {
  it('attaches a stored paper and a result, copied server-side, and the dossier submits without any upload; counted as reused', async () => {
    const id = await draftOf(school.code!);
    const attached = await reuse(citizen, id, 'giay-chung-sinh', paperDoc.documentId);
    expect(attached.status).toBe(201);
    const body = await attached.json();
    expect(body).not.toHaveProperty('upload');
    expect(body.paper).toMatchObject({ paperId: 'giay-chung-sinh', sha256: sha256(pdf()), size: 600, verifiedAt: expect.any(String), reused: { documentId: paperDoc.documentId, fromDossierId: birthId } });
    expect((await reuse(citizen, id, 'trich-luc', resultDoc.documentId)).status).toBe(201);

    const submitted = await citizen.submit(id);
    expect(submitted.status).toBe(200);
    const view = await submitted.json();
    expect(view.status).toBe('SUBMITTED');
    expect(view.papers).toEqual([
      expect.objectContaining({ paperId: 'giay-chung-sinh', reused: expect.objectContaining({ fromDossierId: birthId }) }),
      expect.objectContaining({ paperId: 'trich-luc', sha256: sha256(resultBytes), reused: { documentId: resultDoc.documentId, fromDossierId: certId } }),
    ]);
    await pipeline.settle();

    // The agency gets the very bytes: its download of each reused paper hashes as the stored document.
    const inbox = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer })).json();
    const hashes = await Promise.all(inbox.papers.map(async (paper: { download: { url: string } }) => sha256(Buffer.from(await (await fetch(paper.download.url)).arrayBuffer()))));
    expect(hashes).toEqual([sha256(pdf()), sha256(resultBytes)]);
    // Listed once, where it came from: the store does not grow by reusing.
    expect((await (await documents()).json()).items.map((item: { documentId: string }) => item.documentId).sort()).toEqual([paperDoc.documentId, resultDoc.documentId].sort());

    const day = vnDate(new Date());
    const stats = await (await gateway.request('GET', `/admin/stats?from=${day}&to=${day}`, { token: admin })).json();
    expect(stats.index.digitisation).toMatchObject({ papersReused: 2 });
    expect(stats.counts.papersReused).toBe(2);
  });

  it('refuses, writing nothing: an expired result, a result the paper does not take, a type it does not take, a foreign or unknown document, bad input', async () => {
    const id = await draftOf(school.code!);
    const before = { dossier: await (await citizen.get(id)).json(), outbox: await outboxCount() };

    pinClock(new Date(Date.parse(resultDoc.validUntil) + 86_400_000).toISOString());
    const expired = await reuse(citizen, id, 'trich-luc', resultDoc.documentId);
    expect(expired.status).toBe(422);
    expect(await expired.json()).toMatchObject({ code: 'DOCUMENT_EXPIRED', errors: [{ path: 'body.documentId', code: 'DOCUMENT_EXPIRED' }] });
    unpinClock();

    const cases: Array<[string, string, number, string, string]> = [
      ['giay-chung-sinh', resultDoc.documentId, 422, 'DOCUMENT_NOT_ACCEPTED', 'body.documentId'], // no acceptsResultOf
      ['trich-luc', paperDoc.documentId, 422, 'DOCUMENT_NOT_ACCEPTED', 'body.documentId'], // another paper's code
      ['anh-the', resultDoc.documentId, 422, 'PAPER_TYPE_NOT_ACCEPTED', 'body.documentId'], // a PDF where a PNG is asked
      ['khong-co', paperDoc.documentId, 422, 'PAPER_UNKNOWN', 'body.paperId'],
      ['trich-luc', `r_${birthId.replace(/.$/, birthId.endsWith('0') ? '1' : '0')}`, 404, 'NOT_FOUND', ''],
      ['trich-luc', `r_${birthId}`, 404, 'NOT_FOUND', ''], // my dossier, but it has no returned result
      ['trich-luc', 'not-a-document', 400, 'VALIDATION_FAILED', 'body.documentId'],
    ];
    for (const [paperId, documentId, status, code, path] of cases) {
      const res = await reuse(citizen, id, paperId, documentId);
      expect([paperId, documentId, res.status]).toEqual([paperId, documentId, status]);
      const problem = await res.json();
      expect(problem.code).toBe(code);
      if (path) expect(problem.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const both = await gateway.request('POST', `/dossiers/${id}/attachments`, {
      token,
      json: { paperId: 'trich-luc', documentId: resultDoc.documentId, fileName: 'x.pdf' },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    expect(both.status).toBe(400);
    expect((await both.json()).errors).toEqual([expect.objectContaining({ path: 'body.fileName' })]);

    // Another citizen's draft, my document: 404, as for any document not theirs.
    const theirs = (await (await other.createDraft({ procedureCode: school.code, answers: {}, applicant: { fullName: 'Lê Thị Bé', nationalId: '079188000222' } })).json()).id;
    const foreign = await reuse(other, theirs, 'trich-luc', resultDoc.documentId);
    expect(foreign.status).toBe(404);
    // My document into their dossier through my token: the dossier is not mine, 404.
    expect((await reuse(citizen, theirs, 'trich-luc', resultDoc.documentId)).status).toBe(404);
    expect((await (await other.get(theirs)).json()).papers).toEqual([]);

    expect({ dossier: await (await citizen.get(id)).json(), outbox: await outboxCount() }).toEqual(before);
  });

  it('two attaches of one paper with different Idempotency-Keys end in one consistent paper', async () => {
    const id = await draftOf(school.code!);
    const [a, b] = await Promise.all([reuse(citizen, id, 'trich-luc', resultDoc.documentId), reuse(citizen, id, 'trich-luc', resultDoc.documentId)]);
    expect([a.status, b.status].every((status) => status === 201 || status === 409)).toBe(true);
    expect([a.status, b.status]).toContain(201);
    const papers = (await (await citizen.get(id)).json()).papers;
    expect(papers).toEqual([expect.objectContaining({ paperId: 'trich-luc', reused: { documentId: resultDoc.documentId, fromDossierId: certId } })]);
    // An upload declared afterwards replaces the reused paper of a draft, and the reverse.
    await citizen.attach(id, 'trich-luc', pdf(700));
    expect((await (await citizen.get(id)).json()).papers).toEqual([expect.not.objectContaining({ reused: expect.anything() })]);
    expect((await reuse(citizen, id, 'trich-luc', resultDoc.documentId)).status).toBe(201);
    expect((await (await citizen.get(id)).json()).papers).toEqual([expect.objectContaining({ reused: expect.anything() })]);

    // Deleting the draft removes its own copy; the stored original stays.
    const copy = (await getDossier(id))!.papers[0]!.objectKey;
    const original = (await getDossier(certId))!.result!.returnedKey!;
    const { s3 } = emulatorClients();
    const exists = (bucket: string, key: string) =>
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        () => false,
      );
    try {
      expect(await exists(currentNames().attachmentsBucket, copy)).toBe(true);
      expect((await citizen.removeDraft(id, '')).status).toBe(204);
      expect(await exists(currentNames().attachmentsBucket, copy)).toBe(false);
      expect(await exists(currentNames().documentsBucket, original)).toBe(true);
    } finally {
      s3.destroy();
    }
  });

  it('answers a supplement request with a stored document: the submitted papers stay, the new one counts as declared since the request', async () => {
    const id = await draftOf(school.code!);
    for (const [paperId, documentId] of [
      ['giay-chung-sinh', paperDoc.documentId],
      ['trich-luc', resultDoc.documentId],
    ] as const)
      expect((await reuse(citizen, id, paperId, documentId)).status).toBe(201);
    expect((await citizen.submit(id)).status).toBe(200);
    await pipeline.settle();
    expect((await officerPost(`/agency/dossiers/${id}/receive`)).status).toBe(200);
    expect((await officerPost(`/agency/dossiers/${id}/request-supplement`, { reason: 'Trích lục không rõ', papers: ['trich-luc'] })).status).toBe(200);
    const early = await citizen.supplement(id, {});
    expect(early.status).toBe(422); // the requested paper is not given again yet

    expect((await reuse(citizen, id, 'trich-luc', resultDoc.documentId)).status).toBe(201);
    const supplemented = await citizen.supplement(id, { note: 'Đính kèm lại từ kho giấy tờ' });
    expect(supplemented.status).toBe(200);
    const view = await supplemented.json();
    expect(view.status).toBe('RECEIVED');
    expect(view.papers.map((p: { paperId: string; verifiedAt?: string; reused?: unknown }) => [p.paperId, Boolean(p.verifiedAt), Boolean(p.reused)])).toEqual([
      ['giay-chung-sinh', true, true],
      ['trich-luc', true, true],
      ['trich-luc', true, true],
    ]);
    await pipeline.settle();
  });

  it('counts papers digitised at the desk in the service index', async () => {
    const scan = pdf(900, 'd');
    const started = await officerPost('/agency/dossiers', {
      channel: 'desk',
      procedureCode: birthRegistration.code,
      unitId: 'xa-an-binh',
      applicant: { fullName: 'Trần Văn Khách', nationalId: '001088000333' },
      answers: goodAnswers,
      delivery: { method: 'desk' },
      papers: [{ paperId: 'giay-chung-sinh', fileName: 'scan.pdf', contentType: 'application/pdf', size: scan.length, sha256: sha256(scan) }],
    });
    expect(started.status).toBe(201);
    const { dossier, uploads } = await started.json();
    expect((await fetch(uploads[0].upload.url, { method: 'PUT', headers: uploads[0].upload.headers, body: scan })).status).toBe(200);
    expect((await officerPost(`/agency/dossiers/${dossier.id}/submit-desk`)).status).toBe(200);
    await pipeline.settle();
    const day = vnDate(new Date());
    const stats = await (await gateway.request('GET', `/admin/stats?from=${day}&to=${day}`, { token: admin })).json();
    expect(stats.index.digitisation.papersDigitised).toBe(1);
    console.log(`[document store] papers reused ${stats.index.digitisation.papersReused}, digitised ${stats.index.digitisation.papersDigitised}`);
  });
});
