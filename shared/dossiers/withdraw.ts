import { events } from '../../events/catalog';
import { now } from '../clock';
import { decide } from '../domain/dossier-lifecycle';
import { feeWhenEnded } from '../domain/payment';
import { commitDossierChange } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { citizenActor, ownDossier, type CitizenRequest } from './access';
import { changeDossier, dossierRef, expectVersion } from '../domain/dossier';
import { loadView } from './read';

/** POST /dossiers/{id}/withdraw: where the lifecycle allows it (before a decision); terminal. */
export async function withdrawDossier(request: CitizenRequest & { id: string; version?: number; reason?: string }, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  expectVersion(dossier, request.version);
  const decision = decide(dossier, 'withdraw', 'citizen');
  // A withdrawn dossier waits for nothing: no pause, no open request; a paid fee is now owed back.
  const change = changeDossier(dossier, { action: 'withdraw', actor: citizenActor(request.ownerSub), at, decision, set: { pausedAt: undefined, fee: feeWhenEnded(dossier.fee) }, note: request.reason });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.dossierWithdrawn, dossierRef(change.dossier, request.ownerSub), { at, ...(request.correlationId ? { correlationId: request.correlationId } : {}) })],
  });
  return loadView(dossier.id);
}
