import { handler as watchDeadlines } from '../../functions/agency/deadline-watcher';
import { getDossier } from '../../shared/store/dossiers';
import { getDossierHistory } from '../../shared/store/inbox';
import { useLocalWorld } from '../support/local';
import { agencyA, seedCatalogue, seedInInbox } from './support';

const { gateway } = useLocalWorld({ seed: seedCatalogue });

describe('the deadline watcher', () => {
  it('raises dossier.overdue once per overdue dossier, and again only after a reschedule', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { appointmentAt: '2020-06-01T03:00:00.000Z' });
    const onTime = await seedInInbox(agencyA.id, { appointmentAt: '2099-06-01T03:00:00.000Z' });
    const first = await watchDeadlines({});
    expect(first.raised).toBeGreaterThanOrEqual(1);
    await watchDeadlines({});
    let history = await getDossierHistory(dossier.id);
    expect(history.filter((h) => h.action === 'overdue')).toHaveLength(1);
    expect((await getDossier(dossier.id))!.overdueNotified).toBe(true);
    expect((await getDossierHistory(onTime.dossier.id)).map((h) => h.action)).toEqual(['submit']);

    // The apology moves the date to one that is also past (the test's "now"): the new date can fall due once more.
    const officer = await gateway.token('officer', { sub: 'officer-a', agencyId: agencyA.id });
    process.env.MOTCUA_FAKE_NOW = '2020-06-02T03:00:00.000Z';
    try {
      const res = await gateway.request('POST', `/agency/dossiers/${dossier.id}/reschedule`, {
        token: officer,
        json: { appointmentAt: '2020-06-05T03:00:00.000Z', reason: 'Xin lỗi, cần xác minh' },
        headers: { 'idempotency-key': 'r-1' },
      });
      expect(res.status).toBe(200);
    } finally {
      delete process.env.MOTCUA_FAKE_NOW;
    }
    await watchDeadlines({});
    await watchDeadlines({});
    history = await getDossierHistory(dossier.id);
    // (history sorts by time, and the reschedule ran at the pinned 2020 clock)
    expect(history.filter((h) => h.action === 'overdue')).toHaveLength(2);
    expect(history.filter((h) => h.action === 'reschedule')).toHaveLength(1);
  });
});
