import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../infra/local/paths';
import type { Procedure } from '../../shared/domain/procedure';
import { vnDate } from '../../shared/domain/vietnam-time';
import { putProcedure } from '../../shared/store/catalogue';
import { useLocalWorld } from '../support/local';
import { agencyA, procedure, seedCatalogue } from '../agency/support';
import { ipnFieldsFor, setPaymentEnv, signedIpn } from '../payments/support';

/**
 * The online-payment group, whose points the reference system defines (NATIONAL-INTERFACES §7):
 * procedures with a fee that had dossiers, paid at least once (2 points, full from 0.8), paid online
 * (2, the same: every payment we record is online), fee-bearing dossiers paid online (6, full from 0.3).
 * Two fee procedures, three fee-bearing dossiers, one paid through VNPay's signed IPN.
 */
setPaymentEnv();
let citizen: string;
let admin: string;
const fee = (code: string) => ({ ...procedure, code, name: `Thủ tục có phí ${code}`, fee: { kind: 'fixed', amount: 50_000 } }) as unknown as Procedure;
const { gateway, events: pipeline } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(fee('1.000002')), () => putProcedure(fee('1.000003'))], events: true });

let keys = 0;
async function post(token: string, path: string, json: unknown = {}) {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `pp-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
async function submitted(procedureCode: string): Promise<string> {
  const { id } = await post(citizen, '/dossiers', {
    procedureCode,
    unitId: 'xa-mot',
    applicant: { fullName: 'Đỗ Minh Tâm', nationalId: '001077012366' },
    answers: { child: { fullName: 'Đỗ An' } },
  });
  await post(citizen, `/dossiers/${id}/submit`);
  return id;
}

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-pay', nationalId: '001077012366' });
  admin = await gateway.token('admin', { sub: 'admin-pay' });
  const paid = await submitted('1.000002');
  await submitted('1.000002');
  await submitted('1.000003');
  await submitted(procedure.code); // no fee: not in the group's bases
  await pipeline.settle();
  const payment = await post(citizen, `/dossiers/${paid}/payments`, { provider: 'vnpay' });
  const ipn = await (await gateway.request('GET', `/webhooks/vnpay/ipn?${signedIpn(ipnFieldsFor(payment.paymentId, 50_000), process.env.VNPAY_HASH_SECRET)}`)).json();
  expect(ipn.RspCode).toBe('00');
  await pipeline.settle();
}, 90_000);

it('scores online payment as the reference system does, and the recompute agrees', async () => {
  // The real clock (the payment's event is stamped with it): yesterday to tomorrow, so a Vietnamese midnight between the events and the report changes nothing.
  const days = [-1, 0, 1].map((offset) => vnDate(new Date(Date.now() + offset * 86_400_000)));
  const query = `from=${days[0]}&to=${days[2]}&agencyId=${agencyA.id}`;
  const report = await (await gateway.request('GET', `/admin/stats?${query}`, { token: admin })).json();
  expect(report.index.onlinePayment).toEqual({
    withFee: 3,
    paidOnline: 1,
    paidOnlineAmount: 50_000,
    paidOnlineShare: 0.3333,
    feeProcedures: 2,
    paidOnlineProcedures: 1,
    // 1 of 2 procedures: 2 × 0.5 / 0.8 = 1.25 twice; 1 of 3 dossiers is past 0.3: all 6.
    points: 8.5,
    maxPoints: 10,
    pointsBy: { proceduresWithPayment: 1.25, proceduresWithOnlinePayment: 1.25, dossiersPaidOnline: 6 },
  });

  const dir = mkdtempSync(join(tmpdir(), 'motcua-pay-log-'));
  try {
    const files = await Promise.all(
      days.map(async (day) => {
        const file = join(dir, `${day}.ndjson`);
        writeFileSync(file, await (await gateway.request('GET', `/admin/stats/log?day=${day}`, { token: admin })).text());
        return file;
      }),
    );
    const { total, withinDeadline, pastDeadline, paused } = report.index.progress.inProgress;
    const out = JSON.parse(
      execFileSync(
        resolve(projectRoot, 'node_modules/.bin/tsx'),
        [resolve(projectRoot, 'infra/local/stats-recompute.ts'), ...files, '--from', days[0]!, '--to', days[2]!, '--agency', agencyA.id, '--in-progress', `${total},${withinDeadline},${pastDeadline},${paused}`],
        { encoding: 'utf8' },
      ),
    );
    expect({ index: out.index, counts: out.counts, procedures: out.procedures }).toEqual({ index: report.index, counts: report.counts, procedures: report.procedures });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
