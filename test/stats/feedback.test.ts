import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../infra/local/paths';
import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, procedure, seedCatalogue } from '../agency/support';

/**
 * Feedback and complaints (phản ánh, kiến nghị): a citizen writes about their dossier (to the agency
 * that has it) or about an agency; that agency's officers list and answer it, once; the deadline
 * watcher finds the unanswered ones past their deadline; the service index counts all of it.
 * The clock is pinned (UTC+7). 10 working days from Monday 1 March 2027, 09:00 (no holiday in
 * March 2027): Monday 15 March, 09:00.
 */
const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: string;
let stranger: string;
let officerA: string;
let officerB: string;
let admin: string;
let dossierId: string;

const at = (vnLocal: string) => {
  process.env.MOTCUA_FAKE_NOW = new Date(`${vnLocal}+07:00`).toISOString();
};
let keys = 0;
const send = (token: string, path: string, json: unknown, key = `fb-${++keys}`) => gateway.request('POST', path, { token, json, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
async function post(token: string, path: string, json: unknown = {}) {
  const res = await send(token, path, json);
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const list = async (token: string, query = '') => (await (await gateway.request('GET', `/agency/feedback${query}`, { token })).json()).items as { id: string; status: string }[];
const feedbackOf = async (query: string) => (await (await gateway.request('GET', `/admin/stats?${query}`, { token: admin })).json()).index.satisfaction;

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-feedback', nationalId: '001077012399' });
  stranger = await gateway.token('citizen', { sub: 'citizen-other', nationalId: '001077012388' });
  officerA = await gateway.token('officer', { sub: 'officer-fa', agencyId: agencyA.id });
  officerB = await gateway.token('officer', { sub: 'officer-fb', agencyId: agencyB.id });
  admin = await gateway.token('admin', { sub: 'admin-feedback' });
  at('2027-03-01T09:00:00');
  ({ id: dossierId } = await post(citizen, '/dossiers', {
    procedureCode: procedure.code,
    unitId: 'xa-mot',
    applicant: { fullName: 'Trần Văn Nam', nationalId: '001077012399' },
    answers: { child: { fullName: 'Trần An' } },
  }));
  await post(citizen, `/dossiers/${dossierId}/submit`);
  await pipeline.settle();
}, 60_000);

describe('feedback and complaints', () => {
  let aboutDossier: string;
  let aboutAgency: string;
  let pairIds: string[] = [];

  it('takes a phản ánh about my dossier (to its agency) and a kiến nghị about an agency, each with its deadline', async () => {
    at('2027-03-01T09:00:00');
    const key = 'fb-dossier';
    const first = await send(citizen, '/feedback', { kind: 'phan-anh', dossierId, subject: 'Chậm tiếp nhận', content: 'Hồ sơ nộp đã lâu, chưa được tiếp nhận.' }, key);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ kind: 'phan-anh', agencyId: agencyA.id, dossierId, procedureCode: procedure.code, status: 'OPEN', submittedAt: '2027-03-01T02:00:00.000Z', dueAt: '2027-03-15T02:00:00.000Z' });
    expect(created.dossierCode).toMatch(/^UBMOT-/);
    expect(created).not.toHaveProperty('ownerSub');
    aboutDossier = created.id;
    // The same key again: the same answer, nothing new.
    const again = await send(citizen, '/feedback', { kind: 'phan-anh', dossierId, subject: 'Chậm tiếp nhận', content: 'Hồ sơ nộp đã lâu, chưa được tiếp nhận.' }, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe(aboutDossier);

    const agency = await post(citizen, '/feedback', { kind: 'kien-nghi', agencyId: agencyB.id, subject: 'Giờ làm việc', content: 'Đề nghị mở cửa sáng thứ Bảy.' });
    expect(agency).toMatchObject({ kind: 'kien-nghi', agencyId: agencyB.id, dueAt: '2027-03-15T02:00:00.000Z' });
    expect(agency).not.toHaveProperty('dossierId');
    aboutAgency = agency.id;
  });

  it('refuses what makes no sense with field paths, and writes nothing', async () => {
    const good = { kind: 'phan-anh', subject: 'Tiêu đề', content: 'Nội dung' };
    const cases = await Promise.all([
      send(citizen, '/feedback', { ...good, dossierId, agencyId: agencyA.id }),
      send(citizen, '/feedback', good),
      send(citizen, '/feedback', { ...good, kind: 'khieu-nai', agencyId: agencyA.id, content: '  ' }),
      send(citizen, '/feedback', { ...good, agencyId: 'khong-co' }),
      send(stranger, '/feedback', { ...good, dossierId }), // not theirs
      send(citizen, '/feedback', { ...good, agencyId: agencyA.id }, ''), // no Idempotency-Key
      send(officerA, '/feedback', { ...good, agencyId: agencyA.id }),
    ]);
    expect(cases.map((res) => res.status)).toEqual([400, 400, 400, 400, 404, 400, 403]);
    const bodies = await Promise.all(cases.map((res) => res.json()));
    expect(bodies.every((body) => typeof body.code === 'string')).toBe(true);
    expect(bodies[0].errors.map((e: { path: string }) => e.path)).toEqual(['body.agencyId']);
    expect(bodies[1].errors.map((e: { path: string }) => e.path)).toEqual(['body.dossierId']);
    expect(bodies[2].errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.content', 'body.kind']);
    expect(bodies[3]).toMatchObject({ code: 'UNKNOWN_AGENCY', errors: [{ path: 'body.agencyId' }] });
    expect(bodies[5].code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await list(officerA)).map((item) => item.id)).toEqual([aboutDossier]);
    expect((await list(officerB)).map((item) => item.id)).toEqual([aboutAgency]);
  });

  it('lets only an officer of the agency answer, once, even when two answer at once', async () => {
    at('2027-03-05T10:00:00');
    const foreign = await send(officerB, `/agency/feedback/${aboutDossier}/answer`, { answer: 'Không phải việc của chúng tôi' });
    expect(foreign.status).toBe(404); // another agency's: not even its existence
    expect((await send(citizen, `/agency/feedback/${aboutDossier}/answer`, { answer: 'x' })).status).toBe(403);
    expect((await send(officerA, `/agency/feedback/${aboutDossier}/answer`, { answer: '' })).status).toBe(400);

    // Two officers' answers race with different keys: one is the answer, the other 409.
    const race = await Promise.all(['Đã tiếp nhận hồ sơ của ông.', 'Chúng tôi xin lỗi vì sự chậm trễ.'].map((answer) => send(officerA, `/agency/feedback/${aboutDossier}/answer`, { answer })));
    expect(race.map((res) => res.status).sort()).toEqual([200, 409]);
    const refused = await race.find((res) => res.status === 409)!.json();
    expect(refused.code).toBe('FEEDBACK_ANSWERED');
    const answered = await race.find((res) => res.status === 200)!.json();
    expect(answered).toMatchObject({ status: 'ANSWERED', answer: { by: 'officer-fa', at: '2027-03-05T03:00:00.000Z', onTime: true } });
    expect(await list(officerA, '?status=OPEN')).toEqual([]);
    expect((await list(officerA, '?status=ANSWERED'))[0]).toMatchObject({ id: aboutDossier, answer: { text: answered.answer.text } });
  });

  it('finds the unanswered past their deadline, once; a late answer is still taken, as late', async () => {
    const watch = async (when: string) => {
      at(when);
      const result = (await pipeline.runSchedule('deadline-watcher')) as { feedbackOverdue: number };
      await pipeline.settle();
      return result.feedbackOverdue;
    };
    expect(await watch('2027-03-15T08:59:00')).toBe(0); // a minute before
    expect(await watch('2027-03-15T10:00:00')).toBe(1);
    expect(await watch('2027-03-16T10:00:00')).toBe(0);
    expect(pipeline.bus.archive.filter((event) => event['detail-type'] === 'feedback.overdue')).toHaveLength(1);
    const [open] = await list(officerB, '?status=OPEN');
    expect(open).toMatchObject({ id: aboutAgency, overdueAt: '2027-03-15T03:00:00.000Z' });

    at('2027-03-16T11:00:00');
    const late = await post(officerB, `/agency/feedback/${aboutAgency}/answer`, { answer: 'Chúng tôi sẽ xem xét mở cửa sáng thứ Bảy.' });
    expect(late.answer.onTime).toBe(false);
    // The writer reads the answer; another citizen cannot even see it exists.
    const mine = await gateway.request('GET', `/feedback/${aboutAgency}`, { token: citizen });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ status: 'ANSWERED', overdueAt: '2027-03-15T03:00:00.000Z', answer: { text: 'Chúng tôi sẽ xem xét mở cửa sáng thứ Bảy.', onTime: false } });
    expect((await gateway.request('GET', `/feedback/${aboutAgency}`, { token: stranger })).status).toBe(404);
    await pipeline.settle();
    // The events carry ids and the deadline, never the text or who wrote it.
    const published = JSON.stringify(pipeline.bus.archive.filter((event) => event['detail-type'].startsWith('feedback.')));
    expect(published).not.toMatch(/Giờ làm việc|thứ Bảy|citizen-feedback|Trần Văn Nam/);
  });

  it('is counted in the service index: answered on time of those answered on time or found overdue', async () => {
    // Two at once with different keys: two feedback, both kept and counted (nothing lost to the race).
    at('2027-03-16T12:00:00');
    const pair = await Promise.all([1, 2].map((n) => send(citizen, '/feedback', { kind: 'kien-nghi', agencyId: agencyB.id, subject: `Đề nghị ${n}`, content: 'Thêm chỗ để xe' })));
    expect(pair.map((res) => res.status)).toEqual([201, 201]);
    const ids = await Promise.all(pair.map(async (res) => (await res.json()).id));
    expect(new Set(ids).size).toBe(2);
    pairIds = ids;
    expect((await list(officerB, '?status=OPEN')).map((item) => item.id).sort()).toEqual([...ids].sort());
    await pipeline.settle();

    const period = 'from=2027-03-01&to=2027-03-16';
    // A: one received (the replay added nothing), answered on time: 6 of 6 points.
    const a = await feedbackOf(`${period}&agencyId=${agencyA.id}`);
    expect(a.feedback).toEqual({ received: 1, answeredOnTime: 1, answeredLate: 0, overdue: 0, onTimeShare: 1 });
    expect(a.pointsBy.feedbackOnTime).toBe(6);
    // B: found overdue, then answered late: 0 (the two still open and within their deadline are not in the share).
    const b = await feedbackOf(`${period}&agencyId=${agencyB.id}`);
    expect(b.feedback).toEqual({ received: 3, answeredOnTime: 0, answeredLate: 1, overdue: 1, onTimeShare: 0 });
    expect(b.pointsBy.feedbackOnTime).toBe(0);
    // The province: 1 on time of 2 → 3 points; its commune's unit the same as A.
    const province = await feedbackOf(period);
    expect(province.feedback).toEqual({ received: 4, answeredOnTime: 1, answeredLate: 1, overdue: 1, onTimeShare: 0.5 });
    expect(province.pointsBy.feedbackOnTime).toBe(3);
    expect((await feedbackOf(`${period}&unitId=xa-mot`)).feedback).toEqual(a.feedback);

    // The exported log recomputes the same figures (feedback about an agency under the procedure `-`).
    const dir = mkdtempSync(join(tmpdir(), 'motcua-fb-log-'));
    try {
      const files = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          const day = `2027-03-${String(i + 1).padStart(2, '0')}`;
          const file = join(dir, `${day}.ndjson`);
          writeFileSync(file, await (await gateway.request('GET', `/admin/stats/log?day=${day}`, { token: admin })).text());
          return file;
        }),
      );
      const api = await (await gateway.request('GET', `/admin/stats?${period}`, { token: admin })).json();
      expect(api.procedures.map((row: { procedureCode: string }) => row.procedureCode)).toEqual(['-', procedure.code]);
      const { total, withinDeadline, pastDeadline, paused } = api.index.progress.inProgress;
      const out = JSON.parse(
        execFileSync(
          resolve(projectRoot, 'node_modules/.bin/tsx'),
          [resolve(projectRoot, 'infra/local/stats-recompute.ts'), ...files, '--from', '2027-03-01', '--to', '2027-03-16', '--in-progress', `${total},${withinDeadline},${pastDeadline},${paused}`],
          { encoding: 'utf8' },
        ),
      );
      expect({ index: out.index, counts: out.counts, procedures: out.procedures }).toEqual({ index: api.index, counts: api.counts, procedures: api.procedures });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists my own feedback newest first, with the answers, a page at a time through the cursor', async () => {
    // Newest first; two sent at the same instant come by id, the greater first (the index's order).
    const byIdDesc = (ids: string[]) => [...ids].sort().reverse();
    const expected = [...byIdDesc(pairIds), ...byIdDesc([aboutDossier, aboutAgency])];
    expect(expected).toHaveLength(4);
    const page = async (token: string, query: string) => {
      const res = await gateway.request('GET', `/me/feedback${query}`, { token });
      return { status: res.status, body: await res.json() };
    };
    const first = await page(citizen, '?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(expected.slice(0, 3));
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await page(citizen, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual(expected.slice(3));
    expect(second.body).not.toHaveProperty('nextCursor');
    const all = [...first.body.items, ...second.body.items];
    expect(all.find((item) => item.id === aboutDossier)).toMatchObject({ status: 'ANSWERED', answer: { onTime: true } });
    expect(all.find((item) => item.id === aboutAgency)).toMatchObject({ status: 'ANSWERED', answer: { text: 'Chúng tôi sẽ xem xét mở cửa sáng thứ Bảy.', onTime: false } });
    expect(JSON.stringify(all)).not.toContain('citizen-feedback');

    // Another citizen has none, even holding my cursor (it is read in the caller's own partition).
    expect((await page(stranger, '')).body).toEqual({ items: [] });
    expect((await page(stranger, `?cursor=${first.body.nextCursor}`)).body).toEqual({ items: [] });
    // A cursor this API did not issue, a bad limit, an officer: refused.
    const forged = await page(citizen, `?cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`);
    expect(forged).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR', errors: [{ path: 'query.cursor' }] } });
    const limit = await page(citizen, '?limit=0');
    expect(limit).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', errors: [{ path: 'query.limit' }] } });
    expect((await page(officerA, '')).status).toBe(403);
  });
});
