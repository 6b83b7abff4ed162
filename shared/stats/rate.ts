import { events } from '../../events/catalog';
import { now } from '../clock';
import { dossierRef, type Dossier } from '../domain/dossier';
import { ConflictError } from '../domain/errors';
import { ratingScore, timeCriterion, type RatingAnswers } from '../domain/service-index';
import { ownDossier, type CitizenRequest } from '../dossiers/access';
import { outboxEvent } from '../store/outbox';
import { putRating, RatingExistsError } from '../store/stats';

/** What the applicant answers; criteria 1-2 come from the dates, 5, 8 and 9 are rated per agency, not per dossier. */
export type RatingInput = Pick<RatingAnswers, 'c3' | 'c4' | 'c6' | 'c7' | 'c10' | 'c11'> & { comment?: string };

/**
 * POST /dossiers/{id}/rating: the applicant's one satisfaction form (phiếu đánh giá) once the result
 * is returned.
 */
export async function rateDossier(request: CitizenRequest & { id: string; answers: RatingInput }, at = now()) {
  return recordRating(await ownDossier(request.id, request.ownerSub), request.answers, request.correlationId, at);
}

/**
 * The one form of a returned dossier, by its applicant (signed in, or through the signed link of the
 * RETURNED notification). Criteria 1 and 2 are filled from the result's date against the appointment
 * date. Stored with `dossier.rated` in one transaction; a second form is 409 RATING_EXISTS.
 */
export async function recordRating(dossier: Dossier, input: RatingInput, correlationId: string | undefined, at = now()) {
  if (dossier.status !== 'RETURNED' || !dossier.result) throw new ConflictError('A dossier can be rated once its result has been returned.', 'NOT_RATEABLE_YET');
  const time = timeCriterion(new Date(dossier.result.resolvedAt), dossier.appointmentAt ? new Date(dossier.appointmentAt) : undefined);
  const { comment, ...given } = input;
  const answers = { c1: time, c2: time, ...given } as RatingAnswers;
  const score = ratingScore(answers);
  const overall = answers.c11 ?? 1;
  const rating = { dossierId: dossier.id, answers, score, ratedAt: at.toISOString(), ...(comment ? { comment } : {}) };
  try {
    await putRating(dossier.id, rating, outboxEvent(events.dossierRated, { ...dossierRef(dossier, dossier.ownerSub), score, overall }, { at, ...(correlationId ? { correlationId } : {}) }));
  } catch (error) {
    if (error instanceof RatingExistsError) throw new ConflictError('This dossier has already been rated; a form is given once.', 'RATING_EXISTS');
    throw error;
  }
  return rating;
}
