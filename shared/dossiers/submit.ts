import { events } from '../../events/catalog';
import { now } from '../clock';
import { appointmentDate, nextOpening, vnWorkCalendar } from '../domain/appointment';
import { counterDay, dossierCode } from '../domain/dossier-code';
import type { Dossier } from '../domain/dossier';
import { decide } from '../domain/dossier-lifecycle';
import { answerErrors } from '../domain/form-schema';
import { feeFor, type Procedure } from '../domain/procedure';
import { chooseAgency } from '../domain/routing';
import { createLogger } from '../http/logger';
import { listAgencies, listRoutingRules, unitWithAncestors } from '../store/catalogue';
import { commitWithCodeClaim, DossierCodeTakenError, nextDailySequence } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { citizenActor, ownDossier, type CitizenRequest } from './access';
import { changeDossier, dossierRef, expectVersion } from '../domain/dossier';
import { rejection } from '../domain/errors';
import { onlineProcedure } from './drafts';
import { missingPapers } from './papers';
import { loadView } from './read';
import { verifyPapers } from './verify-papers';

/**
 * The provincial public-administration service centre (Trung tâm Phục vụ hành chính công): receives
 * what no agency is found for. Its dossier codes use this prefix and their own daily counter; the
 * router flags such dossiers as unroutable for admins.
 */
export const UNROUTED_PREFIX = 'HCC';

/** Draws another number when a code is already taken (two agencies sharing a prefix): rare, bounded. */
const CODE_ATTEMPTS = 3;

const log = createLogger({ service: 'motcua', useCase: 'dossier.submit' });

/** The appointment date (ngày hẹn trả); a zero processing time means "at the next opening". */
export function appointmentFor(procedure: Pick<Procedure, 'processingTime'>, receivedAt: Date): Date {
  if (procedure.processingTime.amount === 0) return nextOpening(vnWorkCalendar, receivedAt);
  return appointmentDate({ receivedAt, processing: procedure.processingTime, calendar: vnWorkCalendar });
}

/**
 * POST /dossiers/{id}/submit. In order, and nothing is written until all pass:
 * lifecycle allows it → procedure online → answers valid and required papers declared → every paper
 * verified in S3 → agency chosen → code number drawn (the one write before the transaction: a failed
 * submit leaves a gap in the day's numbers) → one transaction: the submitted dossier, its history
 * entry, `dossier.submitted`, and the claim of its code.
 */
export async function submitDossier(request: CitizenRequest & { id: string; version?: number }, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  expectVersion(dossier, request.version);
  const decision = decide(dossier, 'submit', 'citizen');
  const procedure = await onlineProcedure(dossier.procedureCode, 'procedureCode');

  const incomplete = [...answerErrors(procedure.applicationForm, dossier.answers, 'answers'), ...missingPapers(procedure, dossier.papers)];
  if (incomplete.length) throw rejection('The dossier is not complete; see errors.', incomplete, 'DOSSIER_INCOMPLETE');
  const verification = await verifyPapers(dossier.id, procedure, dossier.papers, at);
  if (verification.errors.length) throw rejection('Some papers failed verification; see errors. Nothing was submitted.', verification.errors, 'DOSSIER_INCOMPLETE');

  try {
    const [unitChain, agencies, rules] = await Promise.all([unitWithAncestors(dossier.unitId), listAgencies(), listRoutingRules()]);
    const agency = chooseAgency({ procedure, unitChain, agencies, rules });
    const appointmentAt = appointmentFor(procedure, at).toISOString();
    const amount = feeFor(procedure, dossier.answers);
    const base: Partial<Dossier> = {
      papers: verification.papers,
      routed: false,
      submittedAt: at.toISOString(),
      appointmentAt,
      fee: { amount, state: amount > 0 ? 'DUE' : 'NONE' },
      ...(agency ? { agencyId: agency.id } : {}),
    };

    for (let attempt = 1; ; attempt++) {
      const sequence = await nextDailySequence(agency?.id ?? UNROUTED_PREFIX, counterDay(at));
      const issued = dossierCode(agency?.code ?? UNROUTED_PREFIX, at, sequence);
      if (issued.overflow) log.error('dossier.code.overflow', { agencyId: agency?.id ?? UNROUTED_PREFIX, sequence });
      const change = changeDossier(dossier, { action: 'submit', actor: citizenActor(request.ownerSub), at, decision, set: { ...base, code: issued.code }, note: `code ${issued.code}` });
      const submitted = change.dossier;
      try {
        await commitWithCodeClaim({
          ...change,
          events: [outboxEvent(events.dossierSubmitted, { ...dossierRef(submitted, request.ownerSub), unitId: submitted.unitId, appointmentAt, submittedAt: at.toISOString() }, { at, ...(request.correlationId ? { correlationId: request.correlationId } : {}) })],
        }, issued.code);
        break;
      } catch (error) {
        if (!(error instanceof DossierCodeTakenError) || attempt >= CODE_ATTEMPTS) throw error;
        log.warn('dossier.code.taken', { code: issued.code, attempt });
      }
    }
  } catch (error) {
    await verification.discard(error);
    throw error;
  }
  return loadView(dossier.id);
}
