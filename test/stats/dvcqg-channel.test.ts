import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../infra/local/paths';
import type { Procedure } from '../../shared/domain/procedure';
import { DAY_MS, vnDate } from '../../shared/domain/vietnam-time';
import { putProcedure } from '../../shared/store/catalogue';
import { act, agency, forwardable, procedure, useDvcqgWorld } from '../dvcqg/support';

/**
 * The DVCQG channel of the service index: dossiers the national portal forwards (through the DVCQG
 * simulator, signed, as in production) are received by channel `dvcqg` and count as online; one
 * forwarded twice counts once, one refused not at all. Beside them, one dossier taken in at the desk.
 * Worked out by hand: received 3 = dvcqg 2 + desk 1; online share 2/3.
 */
jest.setTimeout(120_000);

const world = useDvcqgWorld();
// The forwards happen on the real clock: a window of a day either side holds them even across midnight in Vietnam.
const from = vnDate(new Date(Date.now() - DAY_MS));
const to = vnDate(new Date(Date.now() + DAY_MS));
const deskProcedure = { ...procedure, code: '1.009997', name: 'Thủ tục không cần giấy tờ', papers: [] } as unknown as Procedure;
const forwarded: string[] = [];

beforeAll(async () => {
  await putProcedure(deskProcedure);

  const first = forwardable();
  const second = forwardable();
  for (const dossier of [first, second, first]) {
    // the first twice: DVCQG retried
    const { status, body } = await world.sim.forward(dossier);
    expect(status).toBeLessThan(300);
    if (!body.duplicate) forwarded.push(String(body.dossierId));
  }
  const refused = await world.sim.forward(forwardable({ TaiLieuNop: [] })); // its required paper missing: nothing received
  expect(refused.status).toBe(422);

  const { dossier } = await act(world, world.officer, '/agency/dossiers', {
    channel: 'desk',
    procedureCode: deskProcedure.code,
    unitId: agency.unitId,
    applicant: { fullName: 'Phạm Văn Bình', nationalId: '001088000003', address: 'Thôn Đông, xã An Bình' },
    answers: { child: { fullName: 'Phạm An' }, mother: { fullName: 'Lê Thị Hạnh' }, relationship: 'mother' },
  });
  await act(world, world.officer, `/agency/dossiers/${dossier.id}/submit-desk`);
  await world.events.settle();
}, 90_000);

const get = async (path: string) => {
  const res = await world.request('GET', path, { token: world.admin });
  expect(res.status).toBe(200);
  return res;
};

describe('dossiers forwarded by DVCQG in the service index', () => {
  it('counts them received by channel dvcqg, once each, and online in the online-service share', async () => {
    expect(forwarded).toHaveLength(2);
    for (const scope of [`agencyId=${agency.id}`, `unitId=${agency.unitId}`, '']) {
      const report = await (await get(`/admin/stats?from=${from}&to=${to}${scope ? `&${scope}` : ''}`)).json();
      expect({ scope, received: report.index.progress.received }).toEqual({ scope, received: { total: 3, online: 0, dvcqg: 2, desk: 1, post: 0 } });
      // Online = own API + DVCQG = 2 of 3; 10 points × 2/3.
      expect(report.index.onlineService).toEqual({ online: 2, onlineShare: 0.6667, postShare: 0, deskShare: 0.3333, points: 6.67, maxPoints: 10, pointsBy: { online: 6.67 } });
      expect(report.counts.receivedDvcqg).toBe(2);
      // The forwarded ones carry their paper; the desk one has none.
      expect(report.index.digitisation).toMatchObject({ withPapers: 2, withPapersShare: 0.6667 });
      expect(report.procedures.find((row: { procedureCode: string }) => row.procedureCode === procedure.code).counts.receivedDvcqg).toBe(2);
    }
    const open = await (await world.request('GET', `/stats/public?from=${from}&to=${to}&agencyId=${agency.id}`)).json();
    expect(open.index.progress.received.dvcqg).toBe(2);
  });

  it('writes the channel into the anonymised log, from which the recompute command gives the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-dvcqg-log-'));
    try {
      const files: string[] = [];
      let text = '';
      for (let day = Date.parse(from); day <= Date.parse(to); day += DAY_MS) {
        const name = new Date(day).toISOString().slice(0, 10);
        const body = await (await get(`/admin/stats/log?day=${name}`)).text();
        text += body;
        files.push(join(dir, `${name}.ndjson`));
        writeFileSync(files.at(-1)!, body);
      }
      const submissions = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((fact) => fact.type === 'dossier.submitted');
      expect(submissions.map((fact) => fact.channel).sort()).toEqual(['desk', 'dvcqg', 'dvcqg']);
      // Nothing of the applicant nor the national code: the sample's name, identity number and phone.
      for (const personal of ['Trần Thị Minh Thư', '001190000001', '0900000001', 'G22.99-', '001088000003']) expect(text).not.toContain(personal);

      const api = await (await get(`/admin/stats?from=${from}&to=${to}&agencyId=${agency.id}`)).json();
      const { total, withinDeadline, pastDeadline, paused } = api.index.progress.inProgress;
      const out = JSON.parse(
        execFileSync(
          resolve(projectRoot, 'node_modules/.bin/tsx'),
          [resolve(projectRoot, 'infra/local/stats-recompute.ts'), ...files, '--from', from, '--to', to, '--agency', agency.id, '--in-progress', `${total},${withinDeadline},${pastDeadline},${paused}`],
          { encoding: 'utf8' },
        ),
      );
      expect({ index: out.index, counts: out.counts, procedures: out.procedures }).toEqual({ index: api.index, counts: api.counts, procedures: api.procedures });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
