import type { Procedure } from '../../shared/domain/procedure';
import { putProcedure } from '../../shared/store/catalogue';
import { agencyA, procedure, seedCatalogue, seedInInbox } from '../agency/support';
import { idempotencyKey } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { dossierState, figures } from './support';

/**
 * Issue 12.4, invariant 9: nobody acts as officer on a dossier they applied for, and one officer
 * alone never lowers the catalogue's fee. Every officer action is tried by the applicant holding
 * both roles (and that agency), and every amount below the fee by another officer: each is refused,
 * and the dossier and the outbox stay as they were.
 */
// The tests' procedure, with a catalogue fee of 7,000 VND (like a residence registration online).
const withFee = { ...procedure, fee: { kind: 'fixed', amount: 7_000 } } as Procedure;
const { gateway } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(withFee)] });
let applicantOfficer: string;
let colleague: string;
beforeAll(async () => {
  // Both roles in one claim, as API Gateway hands a list claim over ("[citizen officer]").
  applicantOfficer = await gateway.issuer.sign({ sub: 'dual-1', role: '[citizen officer]' as never, agencyId: agencyA.id });
  colleague = await gateway.token('officer', { sub: 'officer-colleague', agencyId: agencyA.id });
});

const act = (token: string, id: string, action: string, json: Record<string, unknown> = {}) =>
  gateway.request('POST', `/agency/dossiers/${id}/${action}`, { token, json, headers: { 'idempotency-key': idempotencyKey() } });

const ACTIONS: [string, Record<string, unknown>][] = [
  ['receive', {}],
  ['process', {}],
  ['refuse', { reason: 'Thiếu giấy tờ' }],
  ['request-supplement', { reason: 'Bổ sung', papers: ['giay-chung-sinh'] }],
  ['request-payment', { amount: 1 }],
  ['transfer', { agencyId: 'ubnd-xa-hai', reason: 'Sai thẩm quyền' }],
  ['resolve', { decision: 'Đồng ý' }],
  ['stop', { reason: 'Dừng' }],
  ['return', { method: 'desk' }],
  ['reschedule', { appointmentAt: '2099-01-01T00:00:00Z', reason: 'Xin lỗi' }],
];

describe('nobody acts as officer on a dossier they applied for', () => {
  it('refuses every action of the applicant holding both roles, 403 OWN_DOSSIER, and changes nothing; a colleague may act', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'dual-1' });
    const before = await dossierState(dossier.id);
    const through: string[] = [];
    for (const [action, json] of ACTIONS) {
      const res = await act(applicantOfficer, dossier.id, action, json);
      const body = await res.json();
      if (res.status !== 403 || body.code !== 'OWN_DOSSIER') through.push(`${action}: ${res.status} ${body.code}`);
    }
    expect(await dossierState(dossier.id)).toEqual(before);
    // Seeing it is not acting.
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: applicantOfficer })).status).toBe(200);
    expect((await act(colleague, dossier.id, 'receive')).status).toBe(200);
    // The applicant's own dossiers stay theirs as a citizen.
    expect((await gateway.request('GET', `/dossiers/${dossier.id}`, { token: applicantOfficer })).status).toBe(200);
    figures('separation of duties', { 'own-dossier actions tried': ACTIONS.length, 'got through': through.length });
    expect(through).toEqual([]);
  });
});

describe('one officer alone never lowers the catalogue fee', () => {
  it('refuses request-payment below the fee (422 FEE_BELOW_CATALOGUE on body.amount) and accepts the fee itself', async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    expect((await act(colleague, dossier.id, 'receive')).status).toBe(200);
    const before = await dossierState(dossier.id);
    const amounts = [1, 100, 6_999];
    const through: string[] = [];
    for (const amount of amounts) {
      const res = await act(colleague, dossier.id, 'request-payment', { amount });
      const body = await res.json();
      if (res.status !== 422 || body.code !== 'FEE_BELOW_CATALOGUE' || body.errors?.[0]?.path !== 'body.amount') through.push(`${amount}: ${res.status} ${body.code}`);
    }
    expect(await dossierState(dossier.id)).toEqual(before);
    const due = await act(colleague, dossier.id, 'request-payment', { amount: 7_000 });
    expect(due.status).toBe(200);
    expect(await due.json()).toMatchObject({ dossier: { status: 'PAYMENT_REQUIRED' } });
    figures('fee lowering', { 'amounts below the fee tried': amounts.length, 'got through': through.length });
    expect(through).toEqual([]);
  });
});
