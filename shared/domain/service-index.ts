/**
 * The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp; Quyết định 766/QĐ-TTg): the counters
 * that events add to, and the figures computed from them. Pure: the store sums counters, this module
 * says what they mean. Dates compare on the Vietnamese calendar day, as the reference system does.
 */
import { vnDate } from './vietnam-time';

/** Every counter kept per agency, procedure and day. All are integers; amounts in VND. */
export const COUNTERS = [
  'receivedOnline',
  'receivedDvcqg',
  'receivedDesk',
  'receivedPost',
  /** Dossiers received with a fee to pay (the base of the online-payment share). */
  'receivedWithFee',
  /** Dossiers received with at least one electronic paper (uploaded, scanned at the desk or forwarded): the digitisation share. */
  'receivedWithPapers',
  /** Papers received scanned at the one-stop desk (số hóa), and papers taken from the citizen's document store instead of uploaded (tái sử dụng). */
  'papersDigitised',
  'papersReused',
  'finishedEarly',
  'finishedOnTime',
  'finishedLate',
  'withdrawn',
  'notAccepted',
  'stopped',
  'supplementRequested',
  /** Resolved with a result document (an e-result), not a decision text only. */
  'eResults',
  'paidOnline',
  'paidOnlineAmount',
  /** Satisfaction forms, the sum of their scores (criteria 1, 2, 3, 4, 6, 7) and answer 11's levels. */
  'ratings',
  'ratingScore',
  'verySatisfied',
  'satisfied',
  'dissatisfied',
  /** Feedback and complaints (phản ánh, kiến nghị): received; answered within or after the deadline; found overdue unanswered. */
  'feedbackReceived',
  'feedbackAnsweredOnTime',
  'feedbackAnsweredLate',
  'feedbackOverdue',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counts;

export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const name of COUNTERS) into[name] += more[name] ?? 0;
  return into;
}

export type Channel = 'online' | 'dvcqg' | 'desk' | 'post';
const RECEIVED_BY_CHANNEL: Record<Channel, Counter> = { online: 'receivedOnline', dvcqg: 'receivedDvcqg', desk: 'receivedDesk', post: 'receivedPost' };
export const receivedCounter = (channel: Channel): Counter => RECEIVED_BY_CHANNEL[channel];

/** Early, on time or late: the day the result was ready against the appointment day (ngày hẹn trả). */
export function timeliness(resolvedAt: Date, appointmentAt: Date | undefined): 'finishedEarly' | 'finishedOnTime' | 'finishedLate' {
  if (!appointmentAt) return 'finishedOnTime'; // no due date: counted on time, as the reference system does
  const done = vnDate(resolvedAt);
  const due = vnDate(appointmentAt);
  return done < due ? 'finishedEarly' : done === due ? 'finishedOnTime' : 'finishedLate';
}

/**
 * What the counters learn from one event, anonymised: no dossier id, no name, identity number or
 * phone, only codes, dates and figures. The consumer builds it from the event and the dossier, adds
 * `countsOf(fact)` to the counters and keeps the fact in the day's log (the export the recompute
 * command reads), so the API and anyone holding the log compute from the same lines.
 */
export interface CountedFact {
  eventId: string;
  type: string;
  /** When the event happened (ISO), and the Vietnamese day it is counted on (a submission: the day submitted). */
  at: string;
  day: string;
  /** Whose figures it is in besides the province's: the agency, its unit and that unit's ancestors. */
  agencyId?: string;
  unitIds: readonly string[];
  /** `-` for feedback about an agency rather than a dossier. */
  procedureCode: string;
  channel?: Channel;
  withFee?: boolean;
  withPapers?: boolean;
  papersDigitised?: number;
  papersReused?: number;
  appointmentAt?: string;
  hasDocument?: boolean;
  score?: number;
  overall?: 0 | 1 | 2;
  amount?: number;
  onTime?: boolean;
}

/** The counter increments of one fact. */
export function countsOf(fact: CountedFact): Partial<Counts> {
  switch (fact.type) {
    case 'dossier.submitted':
      return {
        [receivedCounter(fact.channel ?? 'online')]: 1,
        receivedWithFee: fact.withFee ? 1 : 0,
        receivedWithPapers: fact.withPapers ? 1 : 0,
        papersDigitised: fact.papersDigitised ?? 0,
        papersReused: fact.papersReused ?? 0,
      };
    case 'dossier.not_accepted':
      return { notAccepted: 1 };
    case 'dossier.supplement_requested':
      return { supplementRequested: 1 };
    case 'dossier.withdrawn':
      return { withdrawn: 1 };
    case 'dossier.stopped':
      return { stopped: 1 };
    case 'dossier.resolved':
      return { [timeliness(new Date(fact.at), fact.appointmentAt ? new Date(fact.appointmentAt) : undefined)]: 1, eResults: fact.hasDocument ? 1 : 0 };
    case 'dossier.rated':
      return { ratings: 1, ratingScore: fact.score ?? 0, verySatisfied: fact.overall === 2 ? 1 : 0, satisfied: fact.overall === 1 ? 1 : 0, dissatisfied: fact.overall === 0 ? 1 : 0 };
    case 'payment.confirmed':
      return { paidOnline: 1, paidOnlineAmount: fact.amount ?? 0 };
    case 'feedback.received':
      return { feedbackReceived: 1 };
    case 'feedback.answered':
      return fact.onTime ? { feedbackAnsweredOnTime: 1 } : { feedbackAnsweredLate: 1 };
    case 'feedback.overdue':
      return { feedbackOverdue: 1 };
    default:
      return {};
  }
}

/** One satisfaction form (phiếu khảo sát): the 11 criteria, each 0, 1 or 2 (2 best). */
export type RatingAnswers = Record<`c${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11}`, 0 | 1 | 2 | undefined>;

/** Criterion 1 (total time) from the dates: shorter 2, equal 1, longer 0; criterion 2 (each unit) likewise. */
export function timeCriterion(resolvedAt: Date, appointmentAt: Date | undefined): 0 | 1 | 2 {
  const kind = timeliness(resolvedAt, appointmentAt);
  return kind === 'finishedEarly' ? 2 : kind === 'finishedOnTime' ? 1 : 0;
}

/** A form's score: criteria 1+2+3+4+6+7 (at most 12), as the reference system sums it. */
export function ratingScore(answers: RatingAnswers): number {
  return (['c1', 'c2', 'c3', 'c4', 'c6', 'c7'] as const).reduce((sum, key) => sum + (answers[key] ?? 0), 0);
}

/** The band of an average form score: "100%" from 5, "70-100%" from 3.5, else "<70%". */
export function scoreBand(average: number): '100%' | '70-100%' | '<70%' {
  return average >= 5 ? '100%' : average >= 3.5 ? '70-100%' : '<70%';
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const round2 = (value: number) => Math.round(value * 100) / 100;

/** What is in progress at the moment of the report (from the agencies' inboxes, not from counters). */
export interface InProgress {
  total: number;
  withinDeadline: number;
  pastDeadline: number;
  paused: number;
}

/** A scored criterion: `max` points once its figure reaches `fullAt`, proportionally below. */
export interface Criterion {
  max: number;
  fullAt: number;
}

/**
 * The points of each group (QĐ 766: five groups of about 20 points, satisfaction 18; LEGAL.md R10).
 * The decision's per-criterion formulas are not in our sources. Known from the reference system
 * (NATIONAL-INTERFACES.md §7-8): the online-payment criteria (2, 2 and 6 points, full from shares of
 * 0.8, 0.8 and 0.3) and the satisfaction band (full from an average form score of 5, 70 % at 3.5,
 * which a proportional scale reproduces). Every other max and threshold is OUR SETTING, listed in
 * README "Service index", to be replaced when the annex is at hand. Transparency (publication of
 * procedures) is not scored: no event carries it.
 */
export const INDEX_POINTS = {
  progress: { onTime: { max: 14, fullAt: 1 }, inProgressWithinDeadline: { max: 6, fullAt: 1 } },
  digitisation: { withPapers: { max: 10, fullAt: 1 }, eResults: { max: 10, fullAt: 1 } },
  onlineService: { online: { max: 10, fullAt: 1 } },
  onlinePayment: { proceduresWithPayment: { max: 2, fullAt: 0.8 }, proceduresWithOnlinePayment: { max: 2, fullAt: 0.8 }, dossiersPaidOnline: { max: 6, fullAt: 0.3 } },
  satisfaction: { averageScore: { max: 12, fullAt: 5 }, feedbackOnTime: { max: 6, fullAt: 1 } },
} as const satisfies Record<string, Record<string, Criterion>>;

/** A criterion's points: 0 without a figure (nothing to show), max × min(1, figure / fullAt) otherwise, to the hundredth. */
export const criterionPoints = (criterion: Criterion, figure: number | null) => (figure === null ? 0 : round2(Math.min(1, figure / criterion.fullAt) * criterion.max));

/** A group's points from its criteria's figures: each criterion's points, their sum and the group's maximum. */
function scored<G extends Record<string, Criterion>>(group: G, figures: { [K in keyof G]: number | null }) {
  const by = Object.fromEntries(Object.entries(group).map(([name, criterion]) => [name, criterionPoints(criterion, figures[name as keyof G])])) as { [K in keyof G]: number };
  return {
    points: round2(Object.values(by).reduce((sum: number, value) => sum + (value as number), 0)),
    maxPoints: Object.values(group).reduce((sum, criterion) => sum + criterion.max, 0),
    pointsBy: by,
  };
}

/**
 * The QĐ 766 groups computed from summed counters (in total and per procedure, for the criteria
 * counted in procedures). Percentages are shares in [0, 1] (null when the base is zero); each group
 * has its points as INDEX_POINTS sets them.
 */
export function serviceIndex(counts: Counts, inProgress: InProgress, procedures: readonly Counts[] = []) {
  const received = counts.receivedOnline + counts.receivedDvcqg + counts.receivedDesk + counts.receivedPost;
  const finished = counts.finishedEarly + counts.finishedOnTime + counts.finishedLate + counts.withdrawn;
  const onTime = counts.finishedEarly + counts.finishedOnTime + counts.withdrawn; // withdrawn count as on time (§7)
  const onTimeShare = ratio(onTime, finished);
  const withinShare = ratio(inProgress.withinDeadline, inProgress.withinDeadline + inProgress.pastDeadline);
  const paymentShare = ratio(counts.paidOnline, counts.receivedWithFee);
  const feeProcedures = procedures.filter((row) => row.receivedWithFee > 0).length;
  const paidProcedures = procedures.filter((row) => row.receivedWithFee > 0 && row.paidOnline > 0).length;
  const papersShare = ratio(counts.receivedWithPapers, received);
  const eResultShare = ratio(counts.eResults, counts.finishedEarly + counts.finishedOnTime + counts.finishedLate);
  const onlineShare = ratio(counts.receivedOnline + counts.receivedDvcqg, received);
  const average = counts.ratings === 0 ? null : counts.ratingScore / counts.ratings;
  // Each feedback is either answered on time or, once, found overdue: the share of those answered on time.
  const feedbackOnTimeShare = ratio(counts.feedbackAnsweredOnTime, counts.feedbackAnsweredOnTime + counts.feedbackOverdue);
  const groups = {
    progress: {
      received: { total: received, online: counts.receivedOnline, dvcqg: counts.receivedDvcqg, desk: counts.receivedDesk, post: counts.receivedPost },
      finished: { total: finished, early: counts.finishedEarly, onTime: counts.finishedOnTime, late: counts.finishedLate, withdrawn: counts.withdrawn },
      notAccepted: counts.notAccepted,
      stopped: counts.stopped,
      supplementRequested: counts.supplementRequested,
      inProgress,
      onTimeShare,
      lateShare: ratio(counts.finishedLate, finished),
      inProgressWithinDeadlineShare: withinShare,
      ...scored(INDEX_POINTS.progress, { onTime: onTimeShare, inProgressWithinDeadline: withinShare }),
    },
    onlineService: {
      online: counts.receivedOnline + counts.receivedDvcqg,
      onlineShare,
      postShare: ratio(counts.receivedPost, received),
      deskShare: ratio(counts.receivedDesk, received),
      ...scored(INDEX_POINTS.onlineService, { online: onlineShare }),
    },
    onlinePayment: {
      withFee: counts.receivedWithFee,
      paidOnline: counts.paidOnline,
      paidOnlineAmount: counts.paidOnlineAmount,
      paidOnlineShare: paymentShare,
      /** Procedures with a fee that had dossiers in the period, and those of them paid online at least once (every payment we record is online). */
      feeProcedures,
      paidOnlineProcedures: paidProcedures,
      ...scored(INDEX_POINTS.onlinePayment, { proceduresWithPayment: ratio(paidProcedures, feeProcedures), proceduresWithOnlinePayment: ratio(paidProcedures, feeProcedures), dossiersPaidOnline: paymentShare }),
    },
    digitisation: {
      withPapers: counts.receivedWithPapers,
      withPapersShare: papersShare,
      eResults: counts.eResults,
      eResultShare,
      papersDigitised: counts.papersDigitised,
      papersReused: counts.papersReused,
      ...scored(INDEX_POINTS.digitisation, { withPapers: papersShare, eResults: eResultShare }),
    },
    satisfaction: {
      ratings: counts.ratings,
      averageScore: average === null ? null : round2(average),
      band: average === null ? null : scoreBand(average),
      verySatisfied: counts.verySatisfied,
      satisfied: counts.satisfied,
      dissatisfied: counts.dissatisfied,
      satisfiedShare: ratio(counts.verySatisfied + counts.satisfied, counts.ratings),
      feedback: { received: counts.feedbackReceived, answeredOnTime: counts.feedbackAnsweredOnTime, answeredLate: counts.feedbackAnsweredLate, overdue: counts.feedbackOverdue, onTimeShare: feedbackOnTimeShare },
      ...scored(INDEX_POINTS.satisfaction, { averageScore: average, feedbackOnTime: feedbackOnTimeShare }),
    },
  };
  const all = Object.values(groups);
  return { ...groups, total: { points: round2(all.reduce((sum, group) => sum + group.points, 0)), maxPoints: all.reduce((sum, group) => sum + group.maxPoints, 0) } };
}
export type ServiceIndex = ReturnType<typeof serviceIndex>;

/** A quarter `YYYY-Qn` as its Vietnamese calendar days [from, to] (a rating counts on the Vietnamese day it was given). */
export function quarterDays(quarter: string): { from: string; to: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`Not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3;
  const day = (month: number, date: number) => new Date(Date.UTC(year, month, date)).toISOString().slice(0, 10);
  return { from: day(first, 1), to: day(first + 3, 0) };
}

/**
 * The grade bands of an agency's quarterly evaluation (DanhGiaCoQuan, NATIONAL-INTERFACES.md §8):
 * on the total of criteria 1-9 (at most 18), above 15 excellent, from 12 good, from 9 fair, from 6
 * average, below 6 weak. The lower bound of each band, best first.
 */
export const AGENCY_GRADES = [
  { grade: 'excellent', name: 'Xuất sắc', above: 15, inclusive: false },
  { grade: 'good', name: 'Tốt', above: 12, inclusive: true },
  { grade: 'fair', name: 'Khá', above: 9, inclusive: true },
  { grade: 'average', name: 'Trung bình', above: 6, inclusive: true },
  { grade: 'weak', name: 'Yếu', above: Number.NEGATIVE_INFINITY, inclusive: true },
] as const;
export type AgencyGrade = (typeof AGENCY_GRADES)[number]['grade'];

/** Criteria 1-9 score at most 18; the forms answer six of them (1, 2, 3, 4, 6, 7: at most 12). */
const AGENCY_MAX = 18;
const FORM_MAX = 12;

/**
 * An agency's quarterly score and grade from its summed counters. The score is the sum of the
 * criteria's averages over the quarter's forms: per form, criteria 1+2+3+4+6+7 (`ratingScore`), so
 * the sum of their averages is `ratingScore / ratings`. Criteria 5, 8 and 9 are judged per agency
 * (by an appraisal we do not have), so OUR SETTING scales the six answered ones to the 18-point
 * scale (× 18/12, as if the three scored the answered criteria's average), to the hundredth; the
 * bands are §8's. No forms: no score and no grade.
 */
export function agencySatisfaction(counts: Counts) {
  const forms = counts.ratings;
  const formAverage = forms === 0 ? null : counts.ratingScore / forms;
  const score = formAverage === null ? null : round2((formAverage * AGENCY_MAX) / FORM_MAX);
  const band = score === null ? undefined : AGENCY_GRADES.find((b) => (b.inclusive ? score >= b.above : score > b.above))!;
  return {
    forms,
    formAverage: formAverage === null ? null : round2(formAverage),
    score,
    maxScore: AGENCY_MAX,
    grade: band?.grade ?? null,
    gradeName: band?.name ?? null,
    verySatisfied: counts.verySatisfied,
    satisfied: counts.satisfied,
    dissatisfied: counts.dissatisfied,
    satisfiedShare: ratio(counts.verySatisfied + counts.satisfied, forms),
  };
}
