import { randomUUID } from 'node:crypto';
import { documentDossierId, documentsOf, paperDocumentId, resultDocumentId, reuseErrors, type StoredDocument } from '../../shared/domain/documents';
import type { Dossier, DossierPaper } from '../../shared/domain/dossier';
import type { Paper, Procedure } from '../../shared/domain/procedure';
import { toHoSo } from '../../shared/dvcqg/mapping';

/** The document store's pure rules: ids, what a dossier lists (and from which source), what a paper takes. */
const id = randomUUID();
const paper = (over: Partial<DossierPaper> = {}): DossierPaper => ({
  paperId: 'giay-chung-sinh',
  fileName: 'gcs.pdf',
  contentType: 'application/pdf',
  size: 600,
  sha256: 'x'.repeat(43) + '=',
  objectKey: `dossiers/${id}/papers/${randomUUID()}/${randomUUID()}`,
  declaredAt: '2027-01-04T02:00:00.000Z',
  verifiedAt: '2027-01-04T03:00:00.000Z',
  ...over,
});
const dossier = (over: Partial<Dossier> = {}): Dossier =>
  ({
    id,
    version: 3,
    procedureCode: 'T.1',
    ownerSub: 'c',
    applicant: { fullName: 'A', nationalId: '001099012345' },
    unitId: 'u',
    answers: {},
    papers: [paper()],
    fee: { amount: 0, state: 'NONE' },
    status: 'SUBMITTED',
    code: 'UB-270104-0001',
    agencyId: 'ubnd-a',
    createdAt: '2027-01-04T01:00:00.000Z',
    updatedAt: '2027-01-04T03:00:00.000Z',
    ...over,
  }) as Dossier;
const context = (procedure?: Partial<Procedure>) => ({
  procedure: procedure ? ({ papers: [], ...procedure } as Procedure) : undefined,
  agencyName: (agency: string) => `Tên ${agency}`,
  attachmentId: (p: DossierPaper) => p.objectKey.split('/')[3]!,
});

describe('document ids', () => {
  it('name their dossier, and nothing else parses', () => {
    expect(documentDossierId(paperDocumentId(id, randomUUID()))).toBe(id);
    expect(documentDossierId(resultDocumentId(id))).toBe(id);
    for (const bad of ['', `r_${id}x`, `p_${id}`, `x_${id}`, `r_${id.toUpperCase()}`, 'r_../../etc']) expect(documentDossierId(bad)).toBeUndefined();
  });
});

describe('documentsOf', () => {
  it('lists verified papers by source, a returned result with its validity, nothing of a draft or of a reused paper', () => {
    expect(documentsOf(dossier({ status: 'DRAFT' }), context())).toEqual([]);
    expect(documentsOf(dossier({ status: 'RETURNED', personalDataRemovedAt: '2030-01-01T00:00:00.000Z' }), context())).toEqual([]);
    const desk = paper({ digitized: { officerSub: 'o', agencyId: 'ubnd-b', at: '2027-01-04T03:00:00.000Z' } });
    const listed = documentsOf(
      dossier({ papers: [paper(), desk, paper({ verifiedAt: undefined }), paper({ reused: { documentId: `r_${randomUUID()}`, fromDossierId: randomUUID() } })] }),
      context({ papers: [{ id: 'giay-chung-sinh', name: 'Giấy chứng sinh' } as Paper] }),
    );
    expect(listed.map((d) => [d.source, d.issuer, d.name])).toEqual([
      ['upload', { kind: 'citizen', name: 'Công dân' }, 'Giấy chứng sinh'],
      ['desk-digitised', { kind: 'agency', agencyId: 'ubnd-b', name: 'Tên ubnd-b' }, 'Giấy chứng sinh'],
    ]);
    expect(documentsOf(dossier({ channel: 'dvcqg' }), context())[0]).toMatchObject({ source: 'dvcqg', name: 'giay-chung-sinh' });

    const result = { resolvedAt: '2027-01-05T02:00:00.000Z', returnedKey: `results/${id}/returned/k`, contentType: 'application/pdf', size: 900, sha256: 'y'.repeat(43) + '=' };
    const resolvedOnly = documentsOf(dossier({ status: 'RESOLVED', result }), context());
    expect(resolvedOnly.map((d) => d.kind)).toEqual(['paper']);
    const returned = documentsOf(dossier({ status: 'RETURNED', result }), {
      ...context({ name: 'Cấp trích lục', resultDocument: { validityDays: 10 } } as Partial<Procedure>),
      issued: { issuedAt: '2027-01-06T02:00:00.000Z', validUntil: '2027-01-16T02:00:00.000Z' },
    });
    expect(returned[1]).toMatchObject({
      documentId: resultDocumentId(id),
      kind: 'result',
      source: 'result',
      name: 'Kết quả giải quyết thủ tục Cấp trích lục',
      issuer: { kind: 'agency', agencyId: 'ubnd-a', name: 'Tên ubnd-a' },
      issuedAt: '2027-01-06T02:00:00.000Z',
      validUntil: '2027-01-16T02:00:00.000Z',
      location: { bucket: 'documents' },
    });
    // Without a verify record (older results): from the resolution and the procedure's validity.
    expect(documentsOf(dossier({ status: 'RETURNED', result }), context({ resultDocument: { validityDays: 10 } } as Partial<Procedure>))[1]!.validUntil).toBe('2027-01-15T02:00:00.000Z');
  });
});

describe('reuseErrors', () => {
  const spec: Paper = { id: 'trich-luc', name: 'Trích lục', required: true, contentTypes: ['application/pdf'], maxBytes: 1000, acceptsResultOf: ['T.1'] };
  const doc = (over: Partial<StoredDocument> = {}) => ({ kind: 'result', procedureCode: 'T.1', contentType: 'application/pdf', size: 900, validUntil: '2027-01-16T02:00:00.000Z', ...over }) as StoredDocument;
  const codes = (s: Paper, d: StoredDocument, at = '2027-01-16T02:00:00.000Z') => reuseErrors(s, d, new Date(at)).map((e) => e.code);
  it('takes a valid result of an accepted procedure, up to its last instant; refuses each other case with its code', () => {
    expect(codes(spec, doc())).toEqual([]);
    expect(codes(spec, doc(), '2027-01-16T02:00:00.001Z')).toEqual(['DOCUMENT_EXPIRED']);
    expect(codes({ ...spec, acceptsResultOf: undefined }, doc())).toEqual(['DOCUMENT_NOT_ACCEPTED']);
    expect(codes(spec, doc({ kind: 'paper', paperId: 'giay-chung-sinh' }))).toEqual(['DOCUMENT_NOT_ACCEPTED']);
    expect(codes(spec, doc({ kind: 'paper', paperId: 'trich-luc', procedureCode: 'other' }))).toEqual([]);
    expect(codes({ ...spec, contentTypes: ['image/png'] }, doc({ size: 2000 }))).toEqual(['PAPER_TYPE_NOT_ACCEPTED', 'PAPER_TOO_LARGE']);
  });
});

describe('DVCQG sync of reused papers', () => {
  it('marks a reused paper DuocTaiSuDung "1", a result standing for a paper "2", others "0"', () => {
    const papers = [
      paper(),
      paper({ reused: { documentId: paperDocumentId(randomUUID(), 'a'), fromDossierId: randomUUID() } }),
      paper({ reused: { documentId: resultDocumentId(randomUUID()), fromDossierId: randomUUID() } }),
    ];
    const hoSo = toHoSo(dossier({ papers }), [], { mapping: { procedures: {}, units: {}, statuses: {} }, procedureName: 'P', field: 'F', agencyName: 'A', paperUrl: (key: string) => `https://x/${key}` } as never);
    expect(hoSo.TaiLieuNop.map((item: { DuocTaiSuDung: string }) => item.DuocTaiSuDung)).toEqual(['0', '1', '2']);
  });
});
