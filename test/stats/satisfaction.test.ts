import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, procedure, seedCatalogue } from '../agency/support';

/**
 * The agency's quarterly satisfaction score and grade (DanhGiaCoQuan, NATIONAL-INTERFACES.md §8),
 * from the counters `dossier.rated` keeps: four forms over two agencies and two quarters, the
 * figures worked out by hand below. The procedure takes 3 working days, so a dossier submitted on
 * Monday 28 December 2026 at 09:00 (Vietnam time) is due Thursday 31 December.
 */
const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: string;
const officers: Record<string, string> = {};
let admin: string;

const at = (vnLocal: string) => {
  process.env.MOTCUA_FAKE_NOW = new Date(`${vnLocal}+07:00`).toISOString();
};

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-grade', nationalId: '001077012345' });
  officers['xa-mot'] = await gateway.token('officer', { sub: 'officer-grade-a', agencyId: agencyA.id });
  officers['xa-hai'] = await gateway.token('officer', { sub: 'officer-grade-b', agencyId: agencyB.id });
  admin = await gateway.token('admin', { sub: 'admin-grade' });
}, 60_000);

let keys = 0;
async function post(token: string, path: string, json: unknown = {}) {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `grade-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
/** A dossier of the commune's committee, submitted on Monday 28 December and returned on `returned`. */
async function returnedOn(unitId: 'xa-mot' | 'xa-hai', returned: string): Promise<string> {
  at('2026-12-28T09:00:00');
  const { id } = await post(citizen, '/dossiers', {
    procedureCode: procedure.code,
    unitId,
    applicant: { fullName: 'Lê Thị Hoa', nationalId: '001077012345', address: 'Số 5, ngõ Hoa Sữa' },
    answers: { child: { fullName: 'Lê Minh' } },
  });
  await post(citizen, `/dossiers/${id}/submit`);
  await pipeline.settle();
  at(returned);
  for (const [action, body] of [['receive'], ['process'], ['resolve', { decision: 'Cấp Giấy khai sinh' }], ['return', { method: 'desk' }]] as [string, unknown?][]) {
    await post(officers[unitId]!, `/agency/dossiers/${id}/${action}`, body ?? {});
  }
  await pipeline.settle();
  return id;
}
async function rated(id: string, when: string, answers: Record<string, number>) {
  at(when);
  await post(citizen, `/dossiers/${id}/rating`, answers);
  await pipeline.settle();
}
const satisfaction = async (query: string, token?: string, path = '/admin/stats/satisfaction') => gateway.request('GET', `${path}?${query}`, token ? { token } : {});
const row = (report: { agencies: { agencyId: string }[] }, agencyId: string) => report.agencies.find((one) => one.agencyId === agencyId);

describe('the quarterly score and grade of each agency', () => {
  beforeAll(async () => {
    const a1 = await returnedOn('xa-mot', '2026-12-29T10:00:00'); // early: criteria 1, 2 = 2
    const a2 = await returnedOn('xa-mot', '2026-12-31T10:00:00'); // on the due day: criteria 1, 2 = 1
    const a3 = await returnedOn('xa-mot', '2026-12-29T11:00:00'); // early
    const b1 = await returnedOn('xa-hai', '2026-12-29T10:00:00'); // early
    // 23:30 on the quarter's last day in Vietnam (16:30 UTC): Q4. Form 2+2 +2+2+2+2 = 12.
    await rated(a1, '2026-12-31T23:30:00', { c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 });
    await rated(a2, '2026-12-31T11:00:00', { c3: 0, c4: 0, c6: 0, c7: 0, c10: 0, c11: 0 }); // 1+1 +0+0+0+0 = 2
    // 00:30 on 1 January in Vietnam (still 31 December in UTC): Q1 2027. 2+2 +0+1+2+1 = 8.
    await rated(a3, '2027-01-01T00:30:00', { c3: 0, c4: 1, c6: 2, c7: 1, c10: 1, c11: 1 });
    await rated(b1, '2026-12-30T09:00:00', { c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 }); // 12
  }, 180_000);

  it('gives the hand-computed score and grade per agency and quarter, the quarter in Vietnam time', async () => {
    const q4 = await satisfaction('quarter=2026-Q4', admin);
    expect(q4.status).toBe(200);
    const report = await q4.json();
    expect(report).toMatchObject({ quarter: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    // Agency A, Q4: forms 12 and 2, average 7; × 18/12 = 10.5: from 9, Khá.
    expect(row(report, agencyA.id)).toEqual({
      agencyId: agencyA.id,
      agencyName: agencyA.name,
      forms: 2,
      formAverage: 7,
      score: 10.5,
      maxScore: 18,
      grade: 'fair',
      gradeName: 'Khá',
      verySatisfied: 1,
      satisfied: 0,
      dissatisfied: 1,
      satisfiedShare: 0.5,
    });
    // Agency B, Q4: one form of 12; 18 > 15: Xuất sắc.
    expect(row(report, agencyB.id)).toEqual({
      agencyId: agencyB.id,
      agencyName: agencyB.name,
      forms: 1,
      formAverage: 12,
      score: 18,
      maxScore: 18,
      grade: 'excellent',
      gradeName: 'Xuất sắc',
      verySatisfied: 1,
      satisfied: 0,
      dissatisfied: 0,
      satisfiedShare: 1,
    });

    const q1 = await (await satisfaction(`quarter=2027-Q1&agencyId=${agencyA.id}`, admin)).json();
    // Agency A, Q1 2027: the form given at 00:30 on 1 January, 8; × 18/12 = 12: from 12, Tốt.
    expect(q1).toEqual({
      quarter: '2027-Q1',
      from: '2027-01-01',
      to: '2027-03-31',
      agencies: [
        { agencyId: agencyA.id, agencyName: agencyA.name, forms: 1, formAverage: 8, score: 12, maxScore: 18, grade: 'good', gradeName: 'Tốt', verySatisfied: 0, satisfied: 1, dissatisfied: 0, satisfiedShare: 1 },
      ],
    });
    // Agency B has no form in Q1: no score, no grade.
    expect(row(await (await satisfaction('quarter=2027-Q1', admin)).json(), agencyB.id)).toMatchObject({ forms: 0, formAverage: null, score: null, grade: null, gradeName: null, satisfiedShare: null });
  });

  it('is public with counts only, and refuses a bad quarter or an unknown agency', async () => {
    const open = await satisfaction('quarter=2026-Q4', undefined, '/stats/public/satisfaction');
    expect(open.status).toBe(200);
    const text = await open.text();
    expect(row(JSON.parse(text), agencyA.id)).toMatchObject({ forms: 2, score: 10.5, grade: 'fair' });
    expect(text).not.toContain('001077012345');
    expect(text).not.toContain('Lê Thị Hoa');
    expect(text).not.toContain('citizen-grade');

    const bad = await satisfaction('quarter=2026-Q5', admin);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await bad.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(['query.quarter']);
    expect((await satisfaction('', admin)).status).toBe(400);

    const unknown = await satisfaction('quarter=2026-Q4&agencyId=ubnd-khong-co', admin);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('NOT_FOUND');

    const officer = await satisfaction('quarter=2026-Q4', officers['xa-mot']);
    expect(officer.status).toBe(403);
  });
});
