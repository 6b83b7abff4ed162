import type { Dossier } from '../../shared/domain/dossier';
import { citizenActions } from '../../shared/dossiers/view';

const dossier = (status: Dossier['status'], fee: Dossier['fee'], resumeStatus: Dossier['resumeStatus'] = null) => ({ status, resumeStatus, supplementRequested: false, fee }) as Dossier;

describe("the citizen's allowedActions", () => {
  it('offers paying while a fee is due and payable, not only once an officer asks for it', () => {
    expect(citizenActions(dossier('SUBMITTED', { amount: 16_000, state: 'DUE' }))).toEqual(['withdraw', 'pay']);
    expect(citizenActions(dossier('RESOLVED', { amount: 16_000, state: 'DUE' }))).toEqual(['pay']);
    expect(citizenActions(dossier('PAYMENT_REQUIRED', { amount: 16_000, state: 'DUE' }, 'PROCESSING'))).toEqual(['withdraw', 'pay']);
  });

  it('does not offer it when nothing is due, it is paid, or the dossier cannot take a payment', () => {
    expect(citizenActions(dossier('SUBMITTED', { amount: 0, state: 'NONE' }))).toEqual(['withdraw']);
    expect(citizenActions(dossier('PROCESSING', { amount: 16_000, state: 'PAID' }))).toEqual(['withdraw']);
    expect(citizenActions(dossier('WITHDRAWN', { amount: 16_000, state: 'DUE' }))).toEqual([]);
    expect(citizenActions(dossier('DRAFT', { amount: 16_000, state: 'DUE' }))).toEqual(['submit']);
  });
});
