import { events } from '../../events/catalog';
import { config } from '../config';
import type { Dossier, HistoryEntry } from '../domain/dossier';
import type { Procedure } from '../domain/procedure';
import type { Logger } from '../logger';
import { getAgency, getProcedure, getUnit } from '../store/catalogue';
import { getDossierWithHistory } from '../store/dossiers';
import { claimSlip, putBookEntry, slipObjectKey, storeSlipPdf, type SlipRecord } from '../store/slips';
import { slipFonts } from './fonts';
import { historyLabel, SLIP_FORMS, slipLayout, slipQrFields, type ControlStep, type SlipFacts, type SlipSubject } from './forms';
import type { SlipKind } from '../domain/slip-kind';
import { renderSlip } from './layout';
import { maskApplicantId, newVerifyToken, verifyUrlOf } from './verify';

/** The event that issues each slip (TT 01/2018): the control slip closes the processing. */
export const SLIP_OF_EVENT = {
  [events.dossierReceived.detailType]: 'receipt',
  [events.dossierSupplementRequested.detailType]: 'supplement-request',
  [events.dossierNotAccepted.detailType]: 'refusal',
  [events.dossierRescheduled.detailType]: 'apology',
  [events.dossierResolved.detailType]: 'control',
  [events.dossierStopped.detailType]: 'control',
} as const satisfies Record<string, SlipKind>;

export const SLIP_EVENT_DEFINITIONS = [events.dossierReceived, events.dossierSupplementRequested, events.dossierNotAccepted, events.dossierRescheduled, events.dossierResolved, events.dossierStopped];

/** What the consumer hands over: the event's detail-type, id, instant and data. */
export interface SlipEvent {
  detailType: keyof typeof SLIP_OF_EVENT;
  eventId: string;
  occurredAt: string;
  data: { dossierId: string; agencyId?: string; actorSub: string; reason?: string; papers?: string[]; deadline?: string; appointmentAt?: string; previousAppointmentAt?: string };
}

/** 24 random bytes: the token is the only secret of a verify URL, so it must not be guessable. */

const DELIVERY: Record<string, string> = {
  online: 'Trực tuyến (tải kết quả điện tử trên Cổng dịch vụ công)',
  post: 'Qua dịch vụ bưu chính công ích',
  desk: 'Bộ phận tiếp nhận và trả kết quả',
};

function processingTimeWords(procedure: Procedure): string {
  const { amount, unit } = procedure.processingTime;
  return `${amount} ${unit === 'working-days' ? 'ngày làm việc' : 'ngày'}`;
}

/** Paper ids and `answers.<path>` as the applicant reads them: the procedure's paper names. */
function paperNames(procedure: Procedure, ids: readonly string[]): string[] {
  return ids.map((id) => {
    if (id.startsWith('answers.')) return `Thông tin trong tờ khai: ${id.slice('answers.'.length)}`;
    return procedure.papers.find((paper) => paper.id === id)?.name ?? id;
  });
}

/** When the one-stop desk received it: the receipt entry of the history, else the submission. */
function receivedAt(dossier: Dossier, history: readonly HistoryEntry[]): Date {
  const entry = history.find((h) => h.action === 'receive');
  return new Date(entry?.at ?? dossier.submittedAt ?? dossier.createdAt);
}

/** Entries that close the internal step the dossier was in: form 05 weighs them against that step's own deadline. */
const CLOSES_STEP = ['forward', 'send-back', 'approve'];

/**
 * The steps of form 05, from the history: who did what when, against the appointment date; an
 * internal step handed on (forward, send back, approve) against that step's own deadline.
 */
function controlSteps(dossier: Dossier, history: readonly HistoryEntry[]): ControlStep[] {
  let holding: HistoryEntry['step'];
  const steps: ControlStep[] = [];
  for (const entry of history) {
    const closed = CLOSES_STEP.includes(entry.action) ? holding : undefined;
    if (entry.step) holding = entry.step;
    if (['create', 'edit', 'overdue', 'step-overdue'].includes(entry.action)) continue;
    const deadline = closed ? closed.dueAt : entry.action === 'resolve' ? dossier.appointmentAt : undefined;
    steps.push({
      step: closed ? `${historyLabel(entry.action)} (${closed.title})` : historyLabel(entry.action),
      actor: entry.actor.role === 'system' ? 'Hệ thống' : entry.actor.sub,
      at: new Date(entry.at),
      ...(deadline ? { deadline: new Date(deadline) } : {}),
      ...(entry.note ? { note: entry.note } : {}),
    });
  }
  return steps;
}

function factsFor(kind: SlipKind, event: SlipEvent, dossier: Dossier, history: readonly HistoryEntry[], procedure: Procedure): SlipFacts {
  const received = receivedAt(dossier, history);
  switch (kind) {
    case 'receipt':
      return {
        kind,
        receivedAt: new Date(event.occurredAt),
        appointmentAt: new Date(dossier.appointmentAt ?? event.occurredAt),
        papers: paperNames(procedure, [...new Set(dossier.papers.map((paper) => paper.paperId))]),
        processingTime: processingTimeWords(procedure),
        delivery: [DELIVERY[dossier.delivery?.method ?? 'desk'], dossier.delivery?.address].filter(Boolean).join(': '),
        receivedBy: event.data.actorSub,
      };
    case 'supplement-request':
      return {
        kind,
        receivedAt: received,
        reason: event.data.reason ?? '',
        items: paperNames(procedure, event.data.papers ?? []),
        ...(event.data.deadline ? { deadline: new Date(event.data.deadline) } : {}),
        requestedBy: event.data.actorSub,
      };
    case 'refusal':
      return { kind, receivedAt: received, reason: event.data.reason ?? '', refusedBy: event.data.actorSub };
    case 'apology':
      return { kind, receivedAt: received, previousAppointmentAt: new Date(event.data.previousAppointmentAt!), appointmentAt: new Date(event.data.appointmentAt!), reason: event.data.reason ?? '' };
    case 'control':
      return { kind, receivedAt: received, ...(dossier.appointmentAt ? { appointmentAt: new Date(dossier.appointmentAt) } : {}), steps: controlSteps(dossier, history) };
  }
}

/**
 * The slips consumer: the slip an event calls for, made once per event (claimed under the event id
 * with its verify token, then rendered and stored; a retry re-renders under the same token and
 * overwrites nothing else). A receipt also enters the agency's tracking book.
 */
export async function issueSlip(event: SlipEvent, log: Logger): Promise<string> {
  const kind: SlipKind = SLIP_OF_EVENT[event.detailType];
  const found = await getDossierWithHistory(event.data.dossierId);
  if (!found?.dossier.code || !found.dossier.agencyId) return 'no-dossier';
  const { dossier, history } = found;
  const agencyId = event.data.agencyId ?? found.dossier.agencyId;
  const [procedure, agency] = await Promise.all([getProcedure(dossier.procedureCode), getAgency(agencyId)]);
  if (!procedure || !agency) throw new Error(`Catalogue entry missing for dossier ${dossier.id}`);
  const unit = await getUnit(agency.unitId);
  const baseUrl = config().publicBaseUrl;
  if (!baseUrl) throw new Error('PUBLIC_BASE_URL is not set: slips cannot carry a verify URL');

  const issuedAt = new Date(event.occurredAt);
  const { form, title } = SLIP_FORMS[kind];
  const token = newVerifyToken();
  const subjectWithout = (verifyUrl: string): SlipSubject => ({
    dossierCode: dossier.code!,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    applicant: dossier.applicant,
    agencyName: agency.name,
    place: unit?.name ?? agency.name,
    issuedAt,
    verifyUrl,
  });
  const facts = factsFor(kind, event, dossier, history, procedure);
  const appointment = facts.kind === 'receipt' || facts.kind === 'apology' ? facts.appointmentAt : undefined;
  const verifyUrl = verifyUrlOf(baseUrl, token);
  const qr = slipQrFields(subjectWithout(verifyUrl), kind, appointment);
  const { verifyUrl: _url, applicantId, ...shown } = qr;
  const slip: SlipRecord = await claimSlip(
    { dossierId: dossier.id, eventId: event.eventId, kind, form, documentName: title, issuedAt: issuedAt.toISOString(), token, verifyUrl, objectKey: slipObjectKey(dossier.id, event.eventId) },
    {
      token,
      documentKind: 'slip',
      reference: `slip:${dossier.id}/${event.eventId}`,
      documentName: title,
      fields: { ...shown, applicantId: maskApplicantId(applicantId) },
      issuer: agency.name,
      issuedAt: issuedAt.toISOString(),
    },
  );
  // A retry finds the first claim: render with its token, so the QR and the record agree.
  const subject = subjectWithout(slip.verifyUrl);
  const pdf = await renderSlip(slipLayout(subject, facts), slipFonts());
  await storeSlipPdf(slip, pdf);
  if (kind === 'receipt') await putBookEntry(agency.id, issuedAt.toISOString(), dossier.id);
  log.info('slip.issued', { dossierId: dossier.id, form, bytes: pdf.length, reissued: slip.token !== token });
  return `slip-${form}`;
}
