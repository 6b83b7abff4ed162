import { events } from '../../events/catalog';
import { now } from '../clock';
import { decide } from '../domain/dossier-lifecycle';
import { ConflictError } from '../domain/errors';
import { feeWhenEnded } from '../domain/payment';
import { refundsOnWithdrawal } from '../domain/refund';
import { withdrawalRefund } from '../payments/withdrawal-refund';
import { getProcedure } from '../store/catalogue';
import { commitDossierChange } from '../store/dossiers';
import { failedOn } from '../store/transaction';
import { outboxEvent } from '../store/outbox';
import { citizenActor, ownDossier, type CitizenRequest } from './access';
import { changeDossier, dossierRef, expectVersion, type Dossier, type HistoryEntry } from '../domain/dossier';
import { loadView } from './read';

/** POST /dossiers/{id}/withdraw: where the lifecycle allows it (before a decision); terminal. */
export async function withdrawDossier(request: CitizenRequest & { id: string; version?: number; reason?: string }, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  expectVersion(dossier, request.version);
  await commitWithdrawal(dossier, { actor: citizenActor(request.ownerSub), ...(request.reason ? { reason: request.reason } : {}), ...(request.correlationId ? { correlationId: request.correlationId } : {}) }, at);
  return loadView(dossier.id);
}

/** The withdrawal itself, whoever brings it (the citizen online, DVCQG for its applicant); returns the dossier as committed. */
export async function commitWithdrawal(dossier: Dossier, request: { actor: HistoryEntry['actor']; reason?: string; correlationId?: string }, at: Date): Promise<Dossier> {
  const decision = decide(dossier, 'withdraw', 'citizen');
  // A withdrawn dossier waits for nothing: no pause, no open request; a paid fee is now owed back.
  const change = changeDossier(dossier, { action: 'withdraw', actor: request.actor, at, decision, set: { pausedAt: undefined, fee: feeWhenEnded(dossier.fee) }, note: request.reason });
  // Where the procedure says so, a fee paid before processing started goes back by itself: the refund is
  // recorded (PENDING, reserved) with the withdrawal, and the payment-reconciliation schedule sends it.
  const refund = refundsOnWithdrawal(await getProcedure(dossier.procedureCode), dossier) ? await withdrawalRefund(dossier, at) : undefined;
  try {
    await commitDossierChange({
      ...change,
      events: [outboxEvent(events.dossierWithdrawn, dossierRef(change.dossier, request.actor.sub), { at, ...(request.correlationId ? { correlationId: request.correlationId } : {}) })],
      ...(refund ? { alsoWrite: refund.writes } : {}),
    });
  } catch (error) {
    if (failedOn(error, 'settlement') || failedOn(error, 'refund')) throw new ConflictError("The fee's payment changed meanwhile; try again.", 'CONFLICT', { cause: error });
    throw error;
  }
  return change.dossier;
}
