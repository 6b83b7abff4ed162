import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { events } from '../../events/catalog';
import { now } from '../clock';
import { cursorCodec } from '../domain/cursor';
import { ConflictError, ForbiddenError, inVietnamese, NotFoundError, ValidationError } from '../domain/errors';
import { feedbackDueAt, feedbackView, type Feedback, type FeedbackKind } from '../domain/feedback';
import type { Caller } from '../http/caller';
import type { Logger } from '../logger';
import { ownDossier } from '../dossiers/access';
import { getAgency } from '../store/catalogue';
import { dueFeedback, FeedbackNotOpenError, getFeedback, listAgencyFeedback, listOwnerFeedback, putFeedback, updateOpenFeedback } from '../store/feedback';
import { outboxEvent } from '../store/outbox';
import { say } from '../domain/field-messages';

export interface FeedbackInput {
  kind: FeedbackKind;
  dossierId?: string;
  agencyId?: string;
  subject: string;
  content: string;
}

const ref = (feedback: Feedback) => ({
  feedbackId: feedback.id,
  agencyId: feedback.agencyId,
  ...(feedback.dossierId ? { dossierId: feedback.dossierId } : {}),
  ...(feedback.procedureCode ? { procedureCode: feedback.procedureCode } : {}),
});

/**
 * POST /feedback: a citizen's phản ánh or kiến nghị about one of their dossiers (to the agency that
 * has it) or about an agency, with its answer deadline; stored with `feedback.received` at once.
 */
export async function submitFeedback(caller: Caller, input: FeedbackInput, correlationId?: string, at = now()) {
  let about: Pick<Feedback, 'agencyId' | 'dossierId' | 'dossierCode' | 'procedureCode'>;
  if (input.dossierId) {
    const dossier = await ownDossier(input.dossierId, caller.sub);
    if (!dossier.agencyId) throw new ConflictError('The dossier has no agency yet: address the agency instead.', 'DOSSIER_NOT_ROUTED');
    about = { agencyId: dossier.agencyId, dossierId: dossier.id, procedureCode: dossier.procedureCode, ...(dossier.code ? { dossierCode: dossier.code } : {}) };
  } else {
    const agency = await getAgency(input.agencyId!);
    if (!agency) throw new ValidationError('No such agency.', [{ path: 'body.agencyId', message: say('notInCatalogue') }], 'UNKNOWN_AGENCY');
    about = { agencyId: agency.id };
  }
  const feedback: Feedback = {
    id: randomUUID(),
    kind: input.kind,
    ...about,
    ownerSub: caller.sub,
    subject: input.subject,
    content: input.content,
    status: 'OPEN',
    submittedAt: at.toISOString(),
    dueAt: feedbackDueAt(at).toISOString(),
  };
  await putFeedback(feedback, outboxEvent(events.feedbackReceived, { ...ref(feedback), kind: feedback.kind, dueAt: feedback.dueAt }, { at, ...(correlationId ? { correlationId } : {}) }));
  return feedbackView(feedback);
}

/** GET /feedback/{id}: the writer's own feedback and its answer; anyone else's is 404. */
export async function myFeedback(caller: Caller, id: string) {
  const feedback = await getFeedback(id);
  if (!feedback || feedback.ownerSub !== caller.sub) throw inVietnamese(new NotFoundError('No such feedback.'), 'Không có phản ánh, kiến nghị này.');
  return feedbackView(feedback);
}

/** `[submittedAt, id]` of the page's last feedback; only ever read within the caller's own partition. */
const cursors = cursorCodec(z.tuple([z.iso.datetime(), z.uuid()]));

/** GET /me/feedback: the caller's own feedback, newest first, with the answers given. */
export async function listMyFeedback(caller: Caller, query: { limit: number; cursor?: string }) {
  const after = query.cursor ? cursors.decode(query.cursor) : undefined;
  const page = await listOwnerFeedback(caller.sub, { limit: query.limit, ...(after ? { after: { submittedAt: after[0], id: after[1] } } : {}) });
  return { items: page.items.map(feedbackView), ...(page.next ? { nextCursor: cursors.encode([page.next.submittedAt, page.next.id]) } : {}) };
}

const officersAgency = (caller: Caller) => {
  if (!caller.agencyId) throw new ForbiddenError('Your token names no agency.');
  return caller.agencyId;
};

/** GET /agency/feedback: the caller's agency's feedback, newest first. */
export async function listFeedback(caller: Caller, query: { status?: 'OPEN' | 'ANSWERED'; limit: number }) {
  const items = await listAgencyFeedback(officersAgency(caller), query.status ? 200 : query.limit);
  return { items: (query.status ? items.filter((item) => item.status === query.status) : items).slice(0, query.limit) };
}

/**
 * POST /agency/feedback/{id}/answer: an officer of the agency it is addressed to answers, once;
 * another agency's feedback is 404 (existence is not leaked), an answered one 409.
 */
export async function answerFeedback(caller: Caller, id: string, text: string, correlationId?: string, at = now()) {
  const feedback = await getFeedback(id);
  if (!feedback || feedback.agencyId !== officersAgency(caller)) throw inVietnamese(new NotFoundError('No such feedback in your agency.'), 'Không có phản ánh, kiến nghị này trong cơ quan của bạn.');
  const refused = () => new ConflictError('This feedback has already been answered.', 'FEEDBACK_ANSWERED');
  if (feedback.status !== 'OPEN') throw refused();
  const onTime = at.getTime() <= Date.parse(feedback.dueAt);
  const next: Feedback = { ...feedback, status: 'ANSWERED', answer: { text, by: caller.sub, at: at.toISOString(), onTime } };
  try {
    await updateOpenFeedback(next, outboxEvent(events.feedbackAnswered, { ...ref(next), onTime }, { at, ...(correlationId ? { correlationId } : {}) }));
  } catch (error) {
    if (error instanceof FeedbackNotOpenError) throw refused();
    throw error;
  }
  return feedbackView(next);
}

/**
 * For the deadline watcher: raises feedback.overdue once for each of an agency's open feedback past
 * its deadline (a Query of the deadline index, no scan). Returns how many it raised.
 */
export async function raiseFeedbackOverdue(agencyId: string, at: Date, log: Logger): Promise<number> {
  let raised = 0;
  for await (const listed of dueFeedback(agencyId, at.toISOString())) {
    const feedback = await getFeedback(listed.id);
    if (feedback?.status !== 'OPEN' || feedback.overdueAt || Date.parse(feedback.dueAt) >= at.getTime()) continue;
    try {
      await updateOpenFeedback({ ...feedback, overdueAt: at.toISOString() }, outboxEvent(events.feedbackOverdue, { ...ref(feedback), dueAt: feedback.dueAt }, { at }), { notYetOverdue: true });
      raised += 1;
    } catch (error) {
      if (!(error instanceof FeedbackNotOpenError)) throw error;
      log.info('feedback.overdue_skipped'); // answered meanwhile, or another run raised it
    }
  }
  return raised;
}
