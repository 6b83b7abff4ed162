import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { projectRoot } from '../../infra/local/paths';
import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, procedure, seedCatalogue } from '../agency/support';

/**
 * The service index (QĐ 766) from events: a week of one commune's dossiers, each ending another way,
 * filed online, at the desk and by post (DVCQG's channel: dvcqg-channel.test.ts; online payment: payment-points.test.ts),
 * whose figures are worked out by hand below and must come back from GET /admin/stats and
 * GET /stats/public. The clock is pinned to Vietnamese office hours (UTC+7); the procedure takes
 * 3 working days, so a dossier submitted on Monday 1 March 2027 at 09:00 is due Thursday 4 March.
 */
type Consumer = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: string;
let officer: string;
let admin: string;

const at = (vnLocal: string) => {
  process.env.MOTCUA_FAKE_NOW = new Date(`${vnLocal}+07:00`).toISOString();
};

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-stats', nationalId: '001077012345' });
  officer = await gateway.token('officer', { sub: 'officer-stats', agencyId: agencyA.id });
  admin = await gateway.token('admin', { sub: 'admin-stats' });
}, 60_000);

let keys = 0;
async function post(token: string, path: string, json: unknown = {}) {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `stats-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
async function submitted(when: string, unitId = 'xa-mot'): Promise<string> {
  at(when);
  const { id } = await post(citizen, '/dossiers', {
    procedureCode: procedure.code,
    unitId,
    applicant: { fullName: 'Lê Thị Hoa', nationalId: '001077012345', address: 'Số 5, ngõ "Hoa Sữa"' },
    answers: { child: { fullName: 'Lê Minh' } },
  });
  await post(citizen, `/dossiers/${id}/submit`);
  await pipeline.settle();
  return id;
}
/** A dossier the officer enters at the desk or from the post, received at once (submit-desk). */
async function takenIn(channel: 'desk' | 'post', when: string): Promise<string> {
  at(when);
  const { dossier } = await post(officer, '/agency/dossiers', {
    channel,
    procedureCode: procedure.code,
    unitId: 'xa-mot',
    applicant: { fullName: 'Lê Thị Hoa', nationalId: '001077012345', address: 'Số 5, ngõ "Hoa Sữa"' },
    answers: { child: { fullName: 'Lê Minh' } },
  });
  await post(officer, `/agency/dossiers/${dossier.id}/submit-desk`);
  await pipeline.settle();
  return dossier.id;
}
async function officerDoes(id: string, when: string, ...actions: [string, unknown?][]) {
  at(when);
  for (const [action, body] of actions) await post(officer, `/agency/dossiers/${id}/${action}`, body ?? {});
  await pipeline.settle();
}
const resolveAndReturn = (id: string, when: string) => officerDoes(id, when, ['receive'], ['process'], ['resolve', { decision: 'Cấp Giấy khai sinh' }], ['return', { method: 'desk' }]);
const stats = async (query: string, token?: string, path = '/admin/stats') => gateway.request('GET', `${path}?${query}`, token ? { token } : {});

let early: string;
/** The dossiers agency A received (a receipt, hence a line of its book), in the order received. */
const received: string[] = [];

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('the last line does not end with CRLF');
  return rows;
}

describe('the service index, from events', () => {
  beforeAll(async () => {
    early = await submitted('2027-03-01T09:00:00');
    await resolveAndReturn(early, '2027-03-02T10:00:00'); // before the due day: early
    const onTime = await submitted('2027-03-01T09:00:00');
    await resolveAndReturn(onTime, '2027-03-04T08:00:00'); // on the due day: on time
    const late = await submitted('2027-03-01T09:00:00');
    await officerDoes(late, '2027-03-08T10:00:00', ['receive'], ['process'], ['resolve', { decision: 'Cấp muộn' }]); // after: late
    const withdrawn = await submitted('2027-03-01T09:00:00');
    at('2027-03-02T09:00:00');
    await post(citizen, `/dossiers/${withdrawn}/withdraw`, { reason: 'Nộp nhầm thủ tục' });
    const refused = await submitted('2027-03-01T09:00:00');
    await officerDoes(refused, '2027-03-01T10:00:00', ['refuse', { reason: 'Không thuộc thẩm quyền' }]);
    const paused = await submitted('2027-03-01T09:00:00');
    await officerDoes(paused, '2027-03-01T10:00:00', ['receive'], ['request-supplement', { reason: 'Thiếu họ tên đệm', papers: ['answers.child.fullName'] }]);
    const overdue = await submitted('2027-03-01T09:00:00');
    await officerDoes(overdue, '2027-03-01T11:00:00', ['receive'], ['process']);
    // At the desk and by post (the officer enters them; received at once), resolved the same morning: early.
    const desk = await takenIn('desk', '2027-03-03T09:00:00');
    const byPost = await takenIn('post', '2027-03-03T09:05:00');
    for (const id of [desk, byPost]) await officerDoes(id, '2027-03-03T10:00:00', ['process'], ['resolve', { decision: 'Cấp Giấy khai sinh' }]);
    received.push(paused, overdue, early, desk, byPost, onTime, late); // by the time of their receipt
    await submitted('2027-03-09T09:00:00'); // due 12 March: within its deadline on the 10th
    await submitted('2027-03-09T09:00:00', 'xa-hai'); // the other commune's committee: only in its unit's and the province's figures

    at('2027-03-10T09:00:00');
    await post(citizen, `/dossiers/${early}/rating`, { c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 }); // score 2+2+2+2+2+2 = 12
    await post(citizen, `/dossiers/${onTime}/rating`, { c3: 1, c4: 1, c6: 1, c7: 1, c10: 1, c11: 1 }); // 1+1 (on time) +1+1+1+1 = 6
    await pipeline.settle();
  }, 180_000);

  it('gives the figures worked out by hand, for the agency and for the province', async () => {
    const res = await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.index.progress).toEqual({
      received: { total: 10, online: 8, dvcqg: 0, desk: 1, post: 1 },
      finished: { total: 6, early: 3, onTime: 1, late: 1, withdrawn: 1 },
      notAccepted: 1,
      stopped: 0,
      supplementRequested: 1,
      // Now (the 10th): the paused one, the one due on the 4th, the one due on the 12th.
      inProgress: { total: 3, withinDeadline: 1, pastDeadline: 1, paused: 1 },
      onTimeShare: 0.8333, // early + on time + withdrawn = 5, of 6 finished
      lateShare: 0.1667,
      inProgressWithinDeadlineShare: 0.5, // 1 of the 2 whose clock runs
      // 14 × 5/6 = 11.67, + 6 × 0.5
      points: 14.67,
      maxPoints: 20,
      pointsBy: { onTime: 11.67, inProgressWithinDeadline: 3 },
    });
    expect(report.index.onlineService).toEqual({ online: 8, onlineShare: 0.8, postShare: 0.1, deskShare: 0.1, points: 8, maxPoints: 10, pointsBy: { online: 8 } });
    // No fee anywhere: no base, no points.
    expect(report.index.onlinePayment).toEqual({
      withFee: 0,
      paidOnline: 0,
      paidOnlineAmount: 0,
      paidOnlineShare: null,
      feeProcedures: 0,
      paidOnlineProcedures: 0,
      points: 0,
      maxPoints: 10,
      pointsBy: { proceduresWithPayment: 0, proceduresWithOnlinePayment: 0, dossiersPaidOnline: 0 },
    });
    // Answers only, no papers; decisions only, no documents.
    expect(report.index.digitisation).toEqual({ withPapers: 0, withPapersShare: 0, eResults: 0, eResultShare: 0, papersDigitised: 0, papersReused: 0, points: 0, maxPoints: 20, pointsBy: { withPapers: 0, eResults: 0 } });
    // Average (12 + 6) / 2 = 9, from 5 on full: 12 points.
    // No feedback: that criterion has no base (test/stats/feedback.test.ts scores it).
    expect(report.index.satisfaction).toEqual({
      ratings: 2,
      averageScore: 9,
      band: '100%',
      verySatisfied: 1,
      satisfied: 1,
      dissatisfied: 0,
      satisfiedShare: 1,
      feedback: { received: 0, answeredOnTime: 0, answeredLate: 0, overdue: 0, onTimeShare: null },
      points: 12,
      maxPoints: 18,
      pointsBy: { averageScore: 12, feedbackOnTime: 0 },
    });
    expect(report.index.total).toEqual({ points: 34.67, maxPoints: 78 }); // 14.67 + 8 + 0 + 0 + 12
    expect(report.procedures.map((row: { procedureCode: string }) => row.procedureCode)).toEqual([procedure.code]);

    // The province sums every agency: this one's eight and the other commune's one.
    const province = await (await stats('from=2027-03-01&to=2027-03-10', admin)).json();
    expect(province.counts).toEqual({ ...report.counts, receivedOnline: 9 });
    expect(province.index.progress.inProgress).toEqual({ total: 4, withinDeadline: 2, pastDeadline: 1, paused: 1 });
    const other = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyB.id}`, admin)).json();
    expect(other.index.progress.received.total).toBe(1);
    expect(other.index.progress.onTimeShare).toBeNull();
  });

  it("filters by the processing agency's unit, from counters kept per unit and its ancestors", async () => {
    const agency = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    const commune = await (await stats('from=2027-03-01&to=2027-03-10&unitId=xa-mot', admin)).json();
    expect(commune.unitId).toBe('xa-mot');
    expect(commune.counts).toEqual(agency.counts);
    expect(commune.index).toEqual(agency.index);
    const other = await (await stats('from=2027-03-01&to=2027-03-10&unitId=xa-hai', admin)).json();
    expect(other.index.progress.received).toEqual({ total: 1, online: 1, dvcqg: 0, desk: 0, post: 0 });
    expect(other.index.progress.inProgress).toEqual({ total: 1, withinDeadline: 1, pastDeadline: 0, paused: 0 });
    // The province's unit holds both communes: the same as the province's own scope.
    const root = await (await stats('from=2027-03-01&to=2027-03-10&unitId=tinh-test', admin)).json();
    const province = await (await stats('from=2027-03-01&to=2027-03-10', admin)).json();
    expect(root.counts).toEqual(province.counts);
    expect(root.index.progress.inProgress).toEqual(province.index.progress.inProgress);
    const unknown = await (await stats('from=2027-03-01&to=2027-03-10&unitId=xa-khong-co', admin)).json();
    expect(unknown.index.progress.received.total).toBe(0);

    const both = await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}&unitId=xa-mot`, admin);
    expect(both.status).toBe(400);
    expect((await both.json()).errors.map((error: { path: string }) => error.path)).toEqual(['query.unitId']);
  });

  it("exports the anonymised log per day, from which the recompute command gives the API's figures exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-stats-log-'));
    try {
      const files: string[] = [];
      for (let d = 1; d <= 10; d++) {
        const day = `2027-03-${String(d).padStart(2, '0')}`;
        const res = await stats(`day=${day}`, admin, '/admin/stats/log');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
        files.push(join(dir, `${day}.ndjson`));
        writeFileSync(files.at(-1)!, await res.text());
      }
      const lines = files.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
      // 11 submitted, 1 refused, 1 supplement asked, 1 withdrawn, 5 resolved, 2 rated.
      expect(lines).toHaveLength(21);
      const log = lines.join('\n');
      expect(log).not.toMatch(/Lê Thị Hoa|001077012345|Hoa Sữa|Lê Minh|citizen-stats|dossierId/);
      for (const id of received) expect(log).not.toContain(id);
      expect((await stats('day=2027-03-01', officer, '/admin/stats/log')).status).toBe(403);
      expect((await stats('day=2027-3-1', admin, '/admin/stats/log')).status).toBe(400);

      const scopes = [`agencyId=${agencyA.id}`, `agencyId=${agencyB.id}`, 'unitId=xa-mot', 'unitId=tinh-test', ''];
      const periods = [
        ['2027-03-01', '2027-03-10'],
        ['2027-03-09', '2027-03-10'],
        ['2027-03-02', '2027-03-04'],
      ];
      for (const scope of scopes) {
        for (const [from, to] of periods) {
          const api = await (await stats(`from=${from}&to=${to}${scope ? `&${scope}` : ''}`, admin)).json();
          const { total, withinDeadline, pastDeadline, paused } = api.index.progress.inProgress;
          const [name, value] = scope.split('=');
          const args = [...files, '--from', from!, '--to', to!, ...(name ? [name === 'agencyId' ? '--agency' : '--unit', value!] : []), '--in-progress', `${total},${withinDeadline},${pastDeadline},${paused}`];
          const out = JSON.parse(execFileSync(resolve(projectRoot, 'node_modules/.bin/tsx'), [resolve(projectRoot, 'infra/local/stats-recompute.ts'), ...args], { encoding: 'utf8' }));
          expect({ scope, from, index: out.index, counts: out.counts, procedures: out.procedures }).toEqual({ scope, from, index: api.index, counts: api.counts, procedures: api.procedures });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('counts each day where it belongs: a shorter period holds only its own events', async () => {
    const report = await (await stats(`from=2027-03-09&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    expect(report.index.progress.received.total).toBe(1);
    expect(report.index.progress.finished.total).toBe(0);
    expect((await (await stats('from=2027-03-09&to=2027-03-10', admin)).json()).index.progress.received.total).toBe(2);
    expect(report.index.satisfaction.ratings).toBe(2); // rated on the 10th
  });

  it('gives the tracking book (form 06) as CSV that Excel opens: BOM, Vietnamese headers, RFC 4180', async () => {
    const res = await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin, '/admin/stats/tracking-book.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="so-theo-doi-${agencyA.id}-2027-03-01-2027-03-10.csv"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual([
      'TT',
      'Mã hồ sơ',
      'Tên thủ tục hành chính',
      'Số lượng hồ sơ (bộ)',
      'Tên cá nhân, tổ chức',
      'Địa chỉ, số điện thoại',
      'Nhận hồ sơ',
      'Hẹn trả kết quả',
      'Kênh tiếp nhận',
      'Trạng thái',
      'Ngày có kết quả',
      'Trả kết quả',
    ]);
    // The seven dossiers received (a receipt each), in the order received; the refused, the withdrawn and the unreceived are not in the book.
    const codes = await Promise.all(received.map(async (id) => (await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer })).json()).code));
    expect(rows.slice(1).map((row) => row[1])).toEqual(codes);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(rows.slice(1).map((row) => row[9])).toEqual(['Chờ bổ sung', 'Đang xử lý', 'Đã trả kết quả', 'Có kết quả', 'Có kết quả', 'Đã trả kết quả', 'Có kết quả']);
    expect(rows.slice(1).map((row) => row[8])).toEqual(['Trực tuyến', 'Trực tuyến', 'Trực tuyến', 'Trực tiếp', 'Bưu chính', 'Trực tuyến', 'Trực tuyến']);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(12);
      expect(row.slice(2, 6)).toEqual([procedure.name, '01', 'Lê Thị Hoa', 'Số 5, ngõ "Hoa Sữa"']); // a comma and quotes, quoted and read back
    }

    const refusals = await Promise.all([
      stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, officer, '/admin/stats/tracking-book.csv'),
      stats('from=2027-03-01&to=2027-03-10', admin, '/admin/stats/tracking-book.csv'),
      stats(`from=2027-03-10&to=2027-03-01&agencyId=${agencyA.id}`, admin, '/admin/stats/tracking-book.csv'),
      stats('from=2027-03-01&to=2027-03-10&agencyId=khong-co', admin, '/admin/stats/tracking-book.csv'),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([403, 400, 400, 404]);
    const bodies = await Promise.all(refusals.map(async (r) => ({ ...(await r.json()), contentType: r.headers.get('content-type') })));
    expect(bodies.map((body) => body.contentType)).toEqual(Array(4).fill('application/problem+json'));
    expect(bodies[1].errors.map((error: { path: string }) => error.path)).toEqual(['query.agencyId']);
    expect(bodies[2].code).toBe('INVALID_PERIOD');
  });

  it('publishes the same figures to anyone, and refuses a period that makes no sense', async () => {
    const published = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, undefined, '/stats/public')).json();
    const internal = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    expect({ ...published, computedAt: '' }).toEqual({ ...internal, computedAt: '' });
    expect(JSON.stringify(published)).not.toMatch(/Lê Thị Hoa|001077012345/);

    const backwards = await stats('from=2027-03-10&to=2027-03-01', undefined, '/stats/public');
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).errors.map((error: { path: string }) => error.path)).toEqual(['query.to']);
    expect((await stats('from=2026-01-01&to=2027-06-01', undefined, '/stats/public')).status).toBe(400);
    expect((await stats('from=2027-03-01&to=2027-03-10', officer)).status).toBe(403); // the admin route
  });

  it('takes one satisfaction form per returned dossier, and none before the result is returned', async () => {
    const again = await gateway.request('POST', `/dossiers/${early}/rating`, { token: citizen, json: { c3: 0, c4: 0, c6: 0, c7: 0, c10: 0, c11: 0 }, headers: { 'idempotency-key': 'stats-again' } });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('RATING_EXISTS');
    const pending = await submitted('2027-03-10T09:30:00');
    const early2 = await gateway.request('POST', `/dossiers/${pending}/rating`, { token: citizen, json: { c3: 2, c4: 2, c6: 2, c7: 2, c10: 2, c11: 2 }, headers: { 'idempotency-key': 'stats-early' } });
    expect(early2.status).toBe(409);
    expect((await early2.json()).code).toBe('NOT_RATEABLE_YET');
    const bad = await gateway.request('POST', `/dossiers/${early}/rating`, { token: citizen, json: { c3: 3 }, headers: { 'idempotency-key': 'stats-bad' } });
    expect(bad.status).toBe(400);
    const report = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    expect(report.index.satisfaction.ratings).toBe(2);
  });

  it('adds nothing when the bus delivers an event again', async () => {
    const before = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    const counter = ((await import(resolve(projectRoot, 'functions/stats/count-event.ts'))) as { handler: Consumer }).handler;
    const counted = pipeline.bus.archive.filter((event) => ['dossier.submitted', 'dossier.resolved', 'dossier.rated'].includes(event['detail-type']));
    for (const event of counted) await counter(event as unknown as EventBridgeEvent<string, unknown>);
    const after = await (await stats(`from=2027-03-01&to=2027-03-10&agencyId=${agencyA.id}`, admin)).json();
    expect(after.counts).toEqual(before.counts);
    expect(counted.length).toBeGreaterThanOrEqual(13);
  });
});
