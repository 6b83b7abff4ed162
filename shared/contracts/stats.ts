import * as z from 'zod';
import { say } from '../domain/field-messages';
import { COUNTERS, INDEX_POINTS, type Criterion } from '../domain/service-index';
import { defineContract } from '../http/contract';
import { FEEDBACK_KINDS } from '../domain/feedback';
import { DossierId } from './dossiers';

/**
 * The service index (QĐ 766/QĐ-TTg): figures per agency or province over a period, from counters
 * that events keep (never a scan), and the applicant's satisfaction form once a result is returned.
 */

const Day = z.iso.date().meta({ description: 'A Vietnamese calendar day (Asia/Ho_Chi_Minh), YYYY-MM-DD.' });
const MAX_DAYS = 366;

const Period = z
  .object({
    from: Day.meta({ examples: ['2027-01-01'] }),
    to: Day.meta({ examples: ['2027-03-31'] }),
    agencyId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .optional()
      .meta({ description: 'One agency; without it (and without unitId), the whole province.' }),
    unitId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .optional()
      .meta({ description: 'One administrative unit: the agencies that sit in it or in its sub-units. Not with agencyId.' }),
  })
  .superRefine((period, ctx) => {
    if (period.agencyId && period.unitId) ctx.addIssue({ code: 'custom', path: ['unitId'], message: say('agencyOrUnit') });
    const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: say('periodBackwards') });
    else if (days >= MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: say('periodTooLong', { n: MAX_DAYS }) });
  });

const Share = z.number().min(0).max(1).nullable().meta({ description: 'A share in [0, 1]; null when its base is zero.' });
const Count = z.number().int().min(0);
const Counts = z.object(Object.fromEntries(COUNTERS.map((name) => [name, Count])) as Record<(typeof COUNTERS)[number], typeof Count>);

/** A group's points: per criterion, summed, and the most it can score (README "Service index" lists the weights). */
const points = (group: Record<string, Criterion>) => ({
  points: z.number().min(0),
  maxPoints: z.literal(Object.values(group).reduce((sum, criterion) => sum + criterion.max, 0)),
  pointsBy: z.object(Object.fromEntries(Object.keys(group).map((name) => [name, z.number().min(0)]))),
});

export const ServiceIndexReport = z.object({
  from: z.string(),
  to: z.string(),
  agencyId: z.string().optional(),
  unitId: z.string().optional(),
  computedAt: z.string(),
  index: z.object({
    progress: z.object({
      received: z.object({ total: Count, online: Count, dvcqg: Count, desk: Count, post: Count }),
      finished: z.object({ total: Count, early: Count, onTime: Count, late: Count, withdrawn: Count }),
      notAccepted: Count,
      stopped: Count,
      supplementRequested: Count,
      inProgress: z.object({ total: Count, withinDeadline: Count, pastDeadline: Count, paused: Count }).meta({ description: 'Now, not at the end of the period.' }),
      onTimeShare: Share,
      lateShare: Share,
      inProgressWithinDeadlineShare: Share,
      ...points(INDEX_POINTS.progress),
    }),
    onlineService: z.object({ online: Count, onlineShare: Share, postShare: Share, deskShare: Share, ...points(INDEX_POINTS.onlineService) }),
    onlinePayment: z.object({
      withFee: Count,
      paidOnline: Count,
      paidOnlineAmount: Count,
      paidOnlineShare: Share,
      feeProcedures: Count.meta({ description: 'Procedures with a fee that had dossiers in the period.' }),
      paidOnlineProcedures: Count.meta({ description: 'Of those, the ones paid online at least once.' }),
      ...points(INDEX_POINTS.onlinePayment),
    }),
    digitisation: z.object({
      withPapers: Count,
      withPapersShare: Share,
      eResults: Count,
      eResultShare: Share,
      papersDigitised: Count.meta({ description: 'Papers received scanned at the one-stop desk.' }),
      papersReused: Count.meta({ description: "Papers taken from the citizen's document store instead of uploaded." }),
      ...points(INDEX_POINTS.digitisation),
    }),
    satisfaction: z.object({
      ratings: Count,
      averageScore: z.number().nullable(),
      band: z.enum(['100%', '70-100%', '<70%']).nullable(),
      verySatisfied: Count,
      satisfied: Count,
      dissatisfied: Count,
      satisfiedShare: Share,
      feedback: z
        .object({ received: Count, answeredOnTime: Count, answeredLate: Count, overdue: Count, onTimeShare: Share })
        .meta({ description: 'Phản ánh, kiến nghị: received, answered within or after the deadline, found overdue unanswered (each once); the share answered on time of those answered on time or found overdue.' }),
      ...points(INDEX_POINTS.satisfaction),
    }),
    total: z.object({ points: z.number().min(0), maxPoints: z.number() }).meta({ description: "The groups' points summed (transparency is not scored: no event carries it)." }),
  }),
  counts: Counts,
  procedures: z.array(z.object({ procedureCode: z.string(), counts: Counts })),
});

export const getAdminStats = defineContract({
  operationId: 'getServiceIndex',
  summary: 'The service index (QĐ 766) of an agency or the province over a period',
  description: 'Received by channel, finished early / on time / late, in progress within or past the deadline, online share, online payment, e-results and satisfaction, with the counters behind them and per procedure.',
  tag: 'stats',
  access: ['admin'],
  query: Period,
  response: ServiceIndexReport,
});

export const getPublicStats = defineContract({
  operationId: 'getPublicServiceIndex',
  summary: 'The service index of an agency or the province, for anyone (no personal data: counts only)',
  tag: 'stats',
  access: 'public',
  query: Period,
  response: ServiceIndexReport,
});

const Quarter = z.object({
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, say('quarter'))
    .meta({ description: 'A calendar quarter, its days in Vietnam time (a rating at 23:30 on 31 December is in Q4).', examples: ['2026-Q4'] }),
  agencyId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional()
    .meta({ description: 'One agency; without it, every agency of the catalogue.' }),
});

const SatisfactionReport = z.object({
  quarter: z.string(),
  from: Day,
  to: Day,
  agencies: z.array(
    z.object({
      agencyId: z.string(),
      agencyName: z.string(),
      forms: Count.meta({ description: 'Satisfaction forms given in the quarter.' }),
      formAverage: z.number().nullable().meta({ description: "The forms' average of criteria 1+2+3+4+6+7 (at most 12); null without forms." }),
      score: z.number().nullable().meta({ description: 'The total of criteria 1-9 (at most 18): the form average × 18/12 (criteria 5, 8, 9 are not on the form; README "Service index").' }),
      maxScore: z.literal(18),
      grade: z.enum(['excellent', 'good', 'fair', 'average', 'weak']).nullable().meta({ description: 'Above 15 excellent, from 12 good, from 9 fair, from 6 average, below 6 weak; null without forms.' }),
      gradeName: z.string().nullable().meta({ description: 'Xuất sắc, Tốt, Khá, Trung bình, Yếu.' }),
      verySatisfied: Count,
      satisfied: Count,
      dissatisfied: Count,
      satisfiedShare: Share,
    }),
  ),
});

export const getSatisfaction = defineContract({
  operationId: 'getAgencySatisfaction',
  summary: "The agencies' quarterly satisfaction score and grade (đánh giá cơ quan theo quý)",
  description: 'From the counters the rating events keep per agency and Vietnamese day, summed over the quarter. An unknown agency is 404.',
  tag: 'stats',
  access: ['admin'],
  query: Quarter,
  response: SatisfactionReport,
  errorCodes: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

export const getPublicSatisfaction = defineContract({
  operationId: 'getPublicAgencySatisfaction',
  summary: "The agencies' quarterly satisfaction score and grade, for anyone (counts only, no personal data)",
  tag: 'stats',
  access: 'public',
  query: Quarter,
  response: SatisfactionReport,
  errorCodes: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

export const trackingBookCsv = defineContract({
  operationId: 'getTrackingBookCsv',
  summary: "An agency's tracking book (sổ theo dõi hồ sơ, form 06) for a period, as CSV",
  description:
    "Every dossier the agency received between `from` and `to` (Vietnamese calendar days, both included, at most 31 days, at most 2000 dossiers), one line each with its current dates: `text/csv; charset=utf-8`, a UTF-8 BOM so that Excel reads the Vietnamese headers, RFC 4180 quoting, CRLF lines, cells that would run as a formula prefixed with `'`. The same columns as GET /agency/tracking-book?format=csv.",
  tag: 'stats',
  access: ['admin'],
  query: z.object({ from: Day, to: Day, agencyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
  produces: 'text/csv',
  errorCodes: ['INVALID_PERIOD', 'TOO_MANY_DOSSIERS', 'NOT_FOUND'],
});

export const statsLog = defineContract({
  operationId: 'getServiceIndexLog',
  summary: "The anonymised log of one day's counted events, as NDJSON (what the counters were built from)",
  description:
    'One JSON object a line (`application/x-ndjson`), in time order: `eventId`, `type`, `at`, `day` (the Vietnamese day it is counted on), `agencyId`, `unitIds`, `procedureCode` and the figures the event adds from (`channel`, `withFee`, `withPapers`, `papersDigitised`, `papersReused`, `appointmentAt`, `hasDocument`, `score`, `overall`, `amount`, `onTime`). No dossier id, name, identity number, phone or free text. `npm run stats:recompute -- <files> --from --to [--agency|--unit]` recomputes every figure of GET /admin/stats from these files.',
  tag: 'stats',
  access: ['admin'],
  query: z.object({ day: Day }),
  produces: 'application/x-ndjson',
});

const Level = z.union([z.literal(0), z.literal(1), z.literal(2)]);
/** What the applicant answers (criteria 1-2 come from the dates; 5, 8 and 9 are rated per agency). */
export const RatingForm = z.object({ c3: Level, c4: Level, c6: Level, c7: Level, c10: Level, c11: Level, comment: z.string().trim().max(1000).optional() }).strict();

// Any string: the link's own check answers a malformed one with its HTML page (403 INVALID_LINK), never a JSON problem a browser shows raw.
const RatingToken = z.object({ token: z.string().max(8192).meta({ description: '`<dossierId>.<expires unix>.<hex HMAC-SHA256>`, from the RETURNED notification' }) });

export const ratingLinkPage = defineContract({
  operationId: 'ratingLinkPage',
  summary: "The one-click rating page of the RETURNED notification's signed link (Vietnamese HTML)",
  description:
    'The form of the 6 questions the applicant answers. 403 `INVALID_LINK` (forged or malformed), 410 `LINK_EXPIRED` (30 days after the return), 409 `RATING_EXISTS` (already rated): each an HTML page, its code in `data-code`.',
  tag: 'stats',
  access: 'public',
  params: RatingToken,
  produces: 'text/html',
  errorCodes: ['INVALID_LINK', 'LINK_EXPIRED', 'RATING_EXISTS', 'NOT_RATEABLE_YET'],
});

export const ratingLinkSubmit = defineContract({
  operationId: 'ratingLinkSubmit',
  summary: "Record the rating of the signed link, once (the page's form post)",
  description:
    'Body: the form (`application/x-www-form-urlencoded`, as the page posts it) or JSON, with `c3 c4 c6 c7 c10 c11` each 0, 1 or 2 and an optional `comment`. 201 and a thank-you page; 400 `VALIDATION_FAILED` with the fields named; 403/410 as the page; a second rating 409 `RATING_EXISTS`. No Idempotency-Key (a browser form cannot send one): the rating is once per dossier, so a retry is the 409.',
  tag: 'stats',
  access: 'public',
  params: RatingToken,
  status: 201,
  produces: 'text/html',
  errorCodes: ['INVALID_LINK', 'LINK_EXPIRED', 'RATING_EXISTS', 'NOT_RATEABLE_YET', 'VALIDATION_FAILED'],
});

export const rateDossier = defineContract({
  operationId: 'rateDossier',
  summary: 'Rate my returned dossier (phiếu đánh giá mức độ hài lòng), once',
  description:
    'Criteria 1-2 (time taken) are filled from the dates; 5, 8 and 9 are rated per agency. Each answer 0, 1 or 2 (2 best): 3 contacts needed, 4 agencies contacted, 6 publication of the procedure, 7 staff conduct, 10 convenience, 11 overall.',
  tag: 'stats',
  access: ['citizen'],
  idempotent: true,
  status: 201,
  params: DossierId,
  body: RatingForm.meta({ examples: [{ c3: 2, c4: 2, c6: 1, c7: 2, c10: 2, c11: 2 }] }),
  response: z.lazy(() => z.object({ dossierId: z.string(), answers: z.record(z.string(), Level), score: z.number().int(), ratedAt: z.string(), comment: z.string().optional() })),
  errorCodes: ['NOT_FOUND', 'NOT_RATEABLE_YET', 'RATING_EXISTS'],
});

// ---- Feedback and complaints (phản ánh, kiến nghị) ----

const FeedbackView = z.object({
  id: z.uuid(),
  kind: z.enum(FEEDBACK_KINDS),
  agencyId: z.string(),
  dossierId: z.string().optional(),
  dossierCode: z.string().optional(),
  procedureCode: z.string().optional(),
  subject: z.string(),
  content: z.string(),
  status: z.enum(['OPEN', 'ANSWERED']),
  submittedAt: z.string(),
  dueAt: z.string().meta({ description: 'The answer deadline: FEEDBACK_RESPONSE_WORKING_DAYS (10) working days after receipt, Vietnamese holidays skipped.' }),
  overdueAt: z.string().optional().meta({ description: 'When it was found past its deadline unanswered.' }),
  answer: z.object({ text: z.string(), by: z.string(), at: z.string(), onTime: z.boolean() }).optional(),
});

export const submitFeedback = defineContract({
  operationId: 'submitFeedback',
  summary: 'Send a phản ánh or kiến nghị about one of my dossiers or about an agency',
  description:
    "Exactly one of `dossierId` (one of the caller's dossiers: it goes to the agency that has it) and `agencyId`. The agency answers within 10 working days (`dueAt`); past it unanswered, the deadline watcher raises `feedback.overdue`. Counted in the service index.",
  tag: 'stats',
  access: ['citizen'],
  idempotent: true,
  status: 201,
  body: z.lazy(() =>
    z
      .object({
        kind: z.enum(FEEDBACK_KINDS).meta({ description: '`phan-anh` (a problem reported) or `kien-nghi` (a proposal, a request)' }),
        dossierId: z.uuid().optional(),
        agencyId: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
          .optional(),
        subject: z.string().trim().min(1).max(200),
        content: z.string().trim().min(1).max(4000),
      })
      .strict()
      .superRefine((body, ctx) => {
        if (!body.dossierId === !body.agencyId) ctx.addIssue({ code: 'custom', path: [body.dossierId ? 'agencyId' : 'dossierId'], message: say('dossierOrAgency') });
      })
      .meta({ examples: [{ kind: 'phan-anh', dossierId: '0b5c3a56-3c1f-4b7e-9d1e-2f4a6b8c0d12', subject: 'Chậm trả kết quả', content: 'Đã quá hạn hẹn trả nhưng chưa nhận được kết quả.' }] }),
  ),
  response: FeedbackView,
  errorCodes: ['NOT_FOUND', 'UNKNOWN_AGENCY', 'DOSSIER_NOT_ROUTED'],
});

export const getMyFeedback = defineContract({
  operationId: 'getMyFeedback',
  summary: "One of my phản ánh, kiến nghị, with the agency's answer once given",
  description: "Another citizen's is 404, like one that does not exist.",
  tag: 'stats',
  access: ['citizen'],
  params: z.object({ id: z.uuid() }),
  response: FeedbackView,
  errorCodes: ['NOT_FOUND'],
});

export const listMyFeedback = defineContract({
  operationId: 'listMyFeedback',
  summary: 'My phản ánh, kiến nghị, newest first, with the answers given',
  description: "A page of `limit` (default 20) from the caller's own list (an index partition, no scan); `nextCursor` for the next page. A cursor this API did not issue is 400 `INVALID_CURSOR` at `query.cursor`.",
  tag: 'stats',
  access: ['citizen'],
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1024).optional().meta({ description: 'The `nextCursor` of the previous page (opaque).' }),
  }),
  response: z.lazy(() => z.object({ items: z.array(FeedbackView), nextCursor: z.string().optional() })),
  errorCodes: ['INVALID_CURSOR', 'VALIDATION_FAILED'],
});

export const listAgencyFeedback = defineContract({
  operationId: 'listAgencyFeedback',
  summary: 'The phản ánh, kiến nghị addressed to my agency, newest first',
  tag: 'stats',
  access: ['officer'],
  query: z.object({ status: z.enum(['OPEN', 'ANSWERED']).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
  response: z.lazy(() => z.object({ items: z.array(FeedbackView) })),
});

export const answerFeedback = defineContract({
  operationId: 'answerFeedback',
  summary: 'Answer a phản ánh, kiến nghị addressed to my agency, once',
  description: "Another agency's feedback is 404; an answered one 409 `FEEDBACK_ANSWERED` (two officers answering at once: one answer). `answer.onTime`: given by the deadline.",
  tag: 'stats',
  access: ['officer'],
  idempotent: true,
  params: z.object({ id: z.uuid() }),
  body: z.lazy(() => z.object({ answer: z.string().trim().min(1).max(4000) }).strict()),
  example: { answer: 'Cảm ơn ông/bà đã phản ánh. Hồ sơ đã được tiếp nhận ngày 02/03/2026 và sẽ được trả kết quả đúng ngày hẹn 05/03/2026.' },
  response: FeedbackView,
  errorCodes: ['NOT_FOUND', 'FEEDBACK_ANSWERED'],
});
