import { useLocalWorld } from '../support/local';
import { putRoutingRule } from '../../shared/store/catalogue';
import { citizenClient, idempotencyKey, MAX_BYTES, outboxCount, pdf, pinClock, png, readyDraft, seedCatalogue, sha256, snapshot, unpinClock } from './support';

/** The EICAR anti-virus test file (eicar.org), written out here rather than taken from the code under test. */
const EICAR = String.raw`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`;

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let citizen: ReturnType<typeof citizenClient>;

beforeAll(async () => {
  citizen = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-submit' }));
});
afterEach(unpinClock);

describe('POST /dossiers/{id}/submit', () => {
  it('submits a draft whose papers were uploaded through the presigned URLs: code, appointment date, fee, event', async () => {
    pinClock('2026-03-09T08:00:00+07:00'); // history entries of one instant have no order: each step gets its own
    const created = await citizen.createDraft({ answers: { child: { fullName: 'Nguyễn Văn Bé', birthDate: '2026-02-01' }, copies: 2 } });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    pinClock('2026-03-09T08:10:00+07:00');
    const upload = await citizen.attach(id, 'giay-chung-sinh', pdf(1200));
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1200', 'x-amz-checksum-sha256': sha256(pdf(1200)) });
    expect(new URL(upload.url).pathname).toMatch(new RegExp(`/quarantine/${id}/[0-9a-f-]{36}$`));
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-checksum-sha256');
    pinClock('2026-03-09T08:20:00+07:00');
    await citizen.attach(id, 'giay-uy-quyen', pdf(300, 'b'));
    const outboxBefore = await outboxCount();
    pinClock('2026-03-09T09:00:00+07:00'); // Monday morning

    const res = await citizen.submit(id);

    expect(res.status).toBe(200);
    const dossier = await res.json();
    expect(dossier).toMatchObject({
      id,
      status: 'SUBMITTED',
      statusCode: 1,
      code: 'UBNDAB-260309-0001',
      agencyId: 'ubnd-xa-an-binh',
      submittedAt: '2026-03-09T02:00:00.000Z',
      appointmentAt: '2026-03-10T02:00:00.000Z', // 8 working hours: Mon 09:00-11:30, 13:30-17:00, Tue 07:00-09:00
      fee: { amount: 16000, state: 'DUE' },
      allowedActions: ['withdraw', 'pay'], // the fee is due and payable from SUBMITTED on
    });
    expect(dossier.papers).toHaveLength(2);
    for (const paper of dossier.papers) expect(paper.verifiedAt).toBe('2026-03-09T02:00:00.000Z');
    expect(dossier.history.map((entry: { action: string }) => entry.action)).toEqual(['create', 'edit', 'edit', 'submit']);
    expect(await outboxCount()).toBe(outboxBefore + 1);

    const tracked = await gateway.request('GET', '/tracking/UBNDAB-260309-0001');
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toEqual({
      code: 'UBNDAB-260309-0001',
      procedure: { code: 'T.000001', name: 'Đăng ký khai sinh (thử)' },
      status: 'SUBMITTED',
      statusCode: 1,
      appointmentAt: '2026-03-10T02:00:00.000Z',
    });
  });

  it('refuses a submit without an Idempotency-Key', async () => {
    const id = await readyDraft(citizen);
    const res = await gateway.request('POST', `/dossiers/${id}/submit`, { token: await gateway.token('citizen', { sub: 'citizen-submit' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  describe('rejects, and changes nothing, when', () => {
    async function expectRejected(id: string, status: number, code: string, errors: Array<{ path: string; code: string }>) {
      const before = await snapshot(citizen, id);
      const res = await citizen.submit(id);
      expect(res.status).toBe(status);
      const problem = await res.json();
      expect(problem.code).toBe(code);
      expect(problem.errors).toEqual(errors.map((error) => expect.objectContaining(error)));
      expect(await snapshot(citizen, id)).toEqual(before);
      expect(before.dossier.status).toBe('DRAFT');
    }

    it('the upload does not match the declared SHA-256', async () => {
      const { id } = await (await citizen.createDraft()).json();
      const declared = pdf(800, 'a');
      await citizen.attach(id, 'giay-chung-sinh', declared, { upload: pdf(800, 'z') }); // same length, other bytes
      await expectRejected(id, 422, 'PAPER_CHECKSUM_MISMATCH', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_CHECKSUM_MISMATCH' }]);
    });

    it('the upload is larger than the paper allows', async () => {
      const { id } = await (await citizen.createDraft()).json();
      const big = pdf(MAX_BYTES + 500);
      // The emulator does not enforce the signed length; real S3 would refuse the PUT itself.
      const declared = await citizen.declare(id, { paperId: 'giay-chung-sinh', fileName: 'a.pdf', contentType: 'application/pdf', size: 1000, sha256: sha256(big) });
      const { upload } = await declared.json();
      const put = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'application/pdf', 'x-amz-checksum-sha256': sha256(big) }, body: big });
      expect(put.status).toBe(200);
      await expectRejected(id, 422, 'PAPER_TOO_LARGE', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_TOO_LARGE' }]);
    });

    it('the upload is of a type the paper does not accept', async () => {
      const { id } = await (await citizen.createDraft()).json();
      await citizen.attach(id, 'giay-chung-sinh', pdf(), { uploadHeaders: { 'content-type': 'image/gif' } });
      await expectRejected(id, 422, 'PAPER_TYPE_NOT_ACCEPTED', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_TYPE_NOT_ACCEPTED' }]);
    });

    it('the content is not what its type says (a PNG sent as a PDF)', async () => {
      const { id } = await (await citizen.createDraft()).json();
      await citizen.attach(id, 'giay-chung-sinh', png());
      await expectRejected(id, 422, 'PAPER_TYPE_MISMATCH', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_TYPE_MISMATCH' }]);
    });

    it('the upload carries malware (the EICAR test file inside a PDF): PAPER_INFECTED, and a clean copy then goes through', async () => {
      const { id } = await (await citizen.createDraft()).json();
      const infected = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(EICAR, 'latin1'), Buffer.alloc(300, 'a')]);
      await citizen.attach(id, 'giay-chung-sinh', infected);
      await expectRejected(id, 422, 'PAPER_INFECTED', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_INFECTED' }]);
      await citizen.attach(id, 'giay-chung-sinh', pdf());
      expect((await citizen.submit(id)).status).toBe(200);
    });

    it('a required paper is missing', async () => {
      const { id } = await (await citizen.createDraft()).json();
      await citizen.attach(id, 'giay-uy-quyen', pdf());
      await expectRejected(id, 422, 'PAPER_MISSING', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_MISSING' }]);
    });

    it('a declared paper was never uploaded', async () => {
      const { id } = await (await citizen.createDraft()).json();
      const body = pdf();
      expect((await citizen.declare(id, { paperId: 'giay-chung-sinh', fileName: 'a.pdf', contentType: 'application/pdf', size: body.length, sha256: sha256(body) })).status).toBe(201);
      await expectRejected(id, 422, 'PAPER_NOT_UPLOADED', [{ path: 'papers.giay-chung-sinh', code: 'PAPER_NOT_UPLOADED' }]);
    });

    it('an answer is invalid, with the path of each field', async () => {
      const id = await readyDraft(citizen, { answers: { child: { fullName: '', birthDate: 'yesterday' }, copies: 0 } });
      await expectRejected(id, 422, 'FORM_INVALID', [
        { path: 'answers.child.fullName', code: 'FORM_MINLENGTH' },
        { path: 'answers.child.birthDate', code: 'FORM_FORMAT' },
        { path: 'answers.copies', code: 'FORM_MINIMUM' },
      ]);
    });

    it('answers and papers are both wrong: DOSSIER_INCOMPLETE lists both', async () => {
      const { id } = await (await citizen.createDraft({ answers: {} })).json();
      await expectRejected(id, 422, 'DOSSIER_INCOMPLETE', [
        { path: 'answers.child', code: 'FORM_REQUIRED' },
        { path: 'papers.giay-chung-sinh', code: 'PAPER_MISSING' },
      ]);
    });
  });

  it('refuses to submit twice (a new key on a submitted dossier is ILLEGAL_TRANSITION)', async () => {
    const id = await readyDraft(citizen);
    expect((await citizen.submit(id)).status).toBe(200);
    const again = await citizen.submit(id);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('ILLEGAL_TRANSITION');
  });

  it('answers 20 concurrent submits with one Idempotency-Key with one code and 20 identical answers', async () => {
    pinClock('2026-03-10T09:00:00+07:00');
    const id = await readyDraft(citizen);
    const outboxBefore = await outboxCount();
    const key = idempotencyKey();

    const responses = await Promise.all(Array.from({ length: 20 }, () => citizen.submit(id, key)));

    const bodies = await Promise.all(responses.map((res) => res.text()));
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).code).toBe('UBNDAB-260310-0001');
    expect(responses.filter((res) => res.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await outboxCount()).toBe(outboxBefore + 1);

    const otherBody = await citizen.submit(id, key, { version: 99 });
    expect(otherBody.status).toBe(422);
    expect((await otherBody.json()).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('gives concurrent submits of different dossiers to one agency distinct, consecutive codes', async () => {
    pinClock('2026-03-11T09:00:00+07:00');
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await readyDraft(citizen));

    const responses = await Promise.all(ids.map((id) => citizen.submit(id)));

    const codes = (await Promise.all(responses.map((res) => res.json()))).map((dossier) => dossier.code).sort();
    expect(codes).toEqual(Array.from({ length: 8 }, (_, i) => `UBNDAB-260311-000${i + 1}`));
  });

  it('keeps a separate daily counter per agency and per Vietnamese day', async () => {
    pinClock('2026-03-11T23:30:00+07:00'); // 16:30 UTC, still the 11th in Vietnam
    const late = await (await citizen.submit(await readyDraft(citizen, { unitId: 'xa-binh-minh' }))).json();
    expect(late.code).toBe('UBNDBM-260311-0001');
    pinClock('2026-03-11T17:30:00Z'); // 00:30 on the 12th in Vietnam
    const next = await (await citizen.submit(await readyDraft(citizen, { unitId: 'xa-binh-minh' }))).json();
    expect(next.code).toBe('UBNDBM-260312-0001');
  });

  it('sends a dossier for which no agency is found to the provincial centre (HCC), unrouted', async () => {
    pinClock('2026-03-12T09:00:00+07:00');
    const dossier = await (await citizen.submit(await readyDraft(citizen, { unitId: 'xa-hoang-vu' }))).json();
    expect(dossier).toMatchObject({ status: 'SUBMITTED', code: 'HCC-260312-0001' });
    expect(dossier.agencyId).toBeUndefined();
  });

  it('follows a routing rule over the default agency', async () => {
    pinClock('2026-03-13T09:00:00+07:00');
    await putRoutingRule({ procedureCode: 'T.000001', unitId: 'xa-hoang-vu', agencyId: 'ubnd-xa-binh-minh' });
    const dossier = await (await citizen.submit(await readyDraft(citizen, { unitId: 'xa-hoang-vu' }))).json();
    expect(dossier).toMatchObject({ code: 'UBNDBM-260313-0001', agencyId: 'ubnd-xa-binh-minh' });
  });

  describe('appointment date (ngày hẹn trả), one working day', () => {
    const submitAt = async (iso: string) => {
      pinClock(iso);
      const id = await readyDraft(citizen);
      const res = await citizen.submit(id);
      expect(res.status).toBe(200);
      return (await res.json()).appointmentAt;
    };

    it('counts a Friday 16:00 submission across the weekend to Monday 16:00', async () => {
      expect(await submitAt('2026-03-06T16:00:00+07:00')).toBe(new Date('2026-03-09T16:00:00+07:00').toISOString());
    });

    it('counts a submission after 17:00 from the next opening', async () => {
      expect(await submitAt('2026-03-10T18:30:00+07:00')).toBe(new Date('2026-03-11T17:00:00+07:00').toISOString());
    });

    it('skips Tết Đinh Mùi 2027 for a submission just before it', async () => {
      // Wed 3/2/2027 15:00: 2 h that day; closed Thu 4/2 to Wed 10/2 (Tết, mùng 1 on Sat 6/2, nghỉ bù); 6 h on Thu 11/2.
      expect(await submitAt('2027-02-03T15:00:00+07:00')).toBe(new Date('2027-02-11T15:00:00+07:00').toISOString());
    });
  });
});

describe('POST /dossiers/{id}/attachments', () => {
  it('refuses a declaration that does not fit the paper, with field paths', async () => {
    const { id } = await (await citizen.createDraft()).json();
    const base = { paperId: 'giay-chung-sinh', fileName: 'a.gif', contentType: 'image/gif', size: MAX_BYTES + 1, sha256: sha256(pdf()) };
    const res = await citizen.declare(id, base);
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe('PAPER_INVALID');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'body.contentType', code: 'PAPER_TYPE_NOT_ACCEPTED' }), expect.objectContaining({ path: 'body.size', code: 'PAPER_TOO_LARGE' })]);
    const unknown = await citizen.declare(id, { ...base, paperId: 'so-ho-khau', contentType: 'application/pdf', size: 10 });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe('PAPER_UNKNOWN');
    expect((await (await citizen.get(id)).json()).papers).toEqual([]);
  });

  it('never builds the object key from the file name, and replaces an unverified declaration', async () => {
    const { id } = await (await citizen.createDraft()).json();
    const body = pdf();
    const first = await (await citizen.declare(id, { paperId: 'giay-chung-sinh', fileName: '../../etc/passwd', contentType: 'application/pdf', size: body.length, sha256: sha256(body) })).json();
    expect(first.upload.url).not.toContain('passwd');
    await citizen.declare(id, { paperId: 'giay-chung-sinh', fileName: 'b.pdf', contentType: 'application/pdf', size: body.length, sha256: sha256(body) });
    const dossier = await (await citizen.get(id)).json();
    expect(dossier.papers.map((paper: { fileName: string }) => paper.fileName)).toEqual(['b.pdf']);
  });

  it('refuses papers once the dossier is submitted', async () => {
    const id = await readyDraft(citizen);
    await citizen.submit(id);
    const body = pdf();
    const res = await citizen.declare(id, { paperId: 'giay-uy-quyen', fileName: 'a.pdf', contentType: 'application/pdf', size: body.length, sha256: sha256(body) });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('PAPERS_LOCKED');
  });
});

describe('GET /tracking/{dossierCode}', () => {
  it('is 404 for an unknown code and 400 for something that is not a code', async () => {
    expect((await gateway.request('GET', '/tracking/UBNDAB-200101-0001')).status).toBe(404);
    expect((await gateway.request('GET', '/tracking/not-a-code')).status).toBe(400);
  });
});
