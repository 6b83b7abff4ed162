import { receiptDueAt } from '../../shared/domain/receipt-deadline';
import { getDossierHistory } from '../../shared/store/inbox';
import { useLocalWorld } from '../support/local';
import { agencyA, seedCatalogue, seedInInbox } from './support';

const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let officer: string;

beforeAll(async () => {
  officer = await gateway.token('officer', { sub: 'officer-receipt', agencyId: agencyA.id });
}, 60_000);

/** Runs the deadline watcher as its schedule would, with the clock at `at`, and lets the bus settle. */
async function watchAt(at: string) {
  process.env.MOTCUA_FAKE_NOW = at;
  try {
    return (await pipeline.runSchedule('deadline-watcher')) as { receiptOverdue: number };
  } finally {
    delete process.env.MOTCUA_FAKE_NOW;
    await pipeline.settle(120_000);
  }
}
const receiptOverdueOf = (id: string) => pipeline.bus.archive.filter((e) => e['detail-type'] === 'dossier.receipt_overdue' && e.detail.data.dossierId === id);

jest.setTimeout(240_000);

describe('the receipt deadline (8 working hours, Nghị định 45/2020 Art 11)', () => {
  // Monday 5 January 2026, 08:00 in Vietnam: 3.5 h left this morning, 3.5 h this afternoon, 1 h on Tuesday.
  const submittedAt = '2026-01-05T01:00:00.000Z';
  const due = '2026-01-06T01:00:00.000Z';

  it('counts 8 office hours, skipping the lunch break, the night, weekends and holidays', () => {
    expect(receiptDueAt(new Date(submittedAt)).toISOString()).toBe(due);
    // Friday 16 January 2026 16:00: 1 h on Friday, the weekend skipped, 7 h on Monday, until 16:00.
    expect(receiptDueAt(new Date('2026-01-16T09:00:00.000Z')).toISOString()).toBe('2026-01-19T09:00:00.000Z');
    // Saturday 10 January 2026 is a make-up working day for the New Year holiday.
    expect(receiptDueAt(new Date('2026-01-09T09:00:00.000Z')).toISOString()).toBe('2026-01-10T09:00:00.000Z');
    // Friday 2 January 2026 is in the four-day New Year holiday: the count starts on Monday 07:00.
    expect(receiptDueAt(new Date('2026-01-02T09:00:00.000Z')).toISOString()).toBe('2026-01-05T10:00:00.000Z');
  });

  it('raises dossier.receipt_overdue once for a dossier still not received after 8 working hours', async () => {
    const late = await seedInInbox(agencyA.id, { submittedAt, appointmentAt: '2026-02-01T10:00:00.000Z' });
    const received = await seedInInbox(agencyA.id, { submittedAt, appointmentAt: '2026-02-01T10:00:00.000Z' });
    const res = await gateway.request('POST', `/agency/dossiers/${received.dossier.id}/receive`, { token: officer, json: {}, headers: { 'idempotency-key': 'receipt-1' } });
    expect(res.status).toBe(200);

    // An hour before the deadline: nothing.
    await watchAt('2026-01-06T00:00:00.000Z');
    expect(receiptOverdueOf(late.dossier.id)).toHaveLength(0);

    // Past it: once, with the deadline; the received one never; a second run raises nothing more.
    const first = await watchAt('2026-01-06T01:15:00.000Z');
    expect(first.receiptOverdue).toBeGreaterThanOrEqual(1);
    await watchAt('2026-01-06T02:00:00.000Z');
    const raised = receiptOverdueOf(late.dossier.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.detail.data).toMatchObject({ dossierId: late.dossier.id, agencyId: agencyA.id, status: 'SUBMITTED', submittedAt, receiptDueAt: due });
    expect(receiptOverdueOf(received.dossier.id)).toHaveLength(0);
    const history = await getDossierHistory(late.dossier.id);
    expect(history.filter((h) => h.action === 'receipt-overdue').map((h) => [h.actor.role, h.from, h.to])).toEqual([['system', 'SUBMITTED', 'SUBMITTED']]);
    // The appointment clock is another matter: not yet due, so no dossier.overdue.
    expect(pipeline.bus.archive.some((e) => e['detail-type'] === 'dossier.overdue' && e.detail.data.dossierId === late.dossier.id)).toBe(false);
  });
});
