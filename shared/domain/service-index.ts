/**
 * The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp; Quyết định 766/QĐ-TTg): the counters
 * that events add to, and the figures computed from them. Pure: the store sums counters, this module
 * says what they mean. Dates compare on the Vietnamese calendar day, as the reference system does.
 */
import { vnDate } from './vietnam-time';

/** Every counter kept per agency, procedure and day. All are integers; amounts in VND. */
export const COUNTERS = [
  'receivedOnline', 'receivedDvcqg', 'receivedDesk', 'receivedPost',
  /** Dossiers received with a fee to pay (the base of the online-payment share). */
  'receivedWithFee',
  'finishedEarly', 'finishedOnTime', 'finishedLate',
  'withdrawn', 'notAccepted', 'stopped', 'supplementRequested',
  /** Resolved with a result document (an e-result), not a decision text only. */
  'eResults',
  'paidOnline', 'paidOnlineAmount',
  /** Satisfaction forms, the sum of their scores (criteria 1, 2, 3, 4, 6, 7) and answer 11's levels. */
  'ratings', 'ratingScore', 'verySatisfied', 'satisfied', 'dissatisfied',
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

/** What is in progress at the moment of the report (from the agencies' inboxes, not from counters). */
export interface InProgress {
  total: number;
  withinDeadline: number;
  pastDeadline: number;
  paused: number;
}

/**
 * The QĐ 766 groups computed from summed counters. Percentages are shares in [0, 1] (null when the
 * base is zero). Points are given where the reference system's scoring is known: online payment
 * (6 points at a share of 0.3 or more, proportionally below); the others report their shares only.
 */
export function serviceIndex(counts: Counts, inProgress: InProgress) {
  const received = counts.receivedOnline + counts.receivedDvcqg + counts.receivedDesk + counts.receivedPost;
  const finished = counts.finishedEarly + counts.finishedOnTime + counts.finishedLate + counts.withdrawn;
  const onTime = counts.finishedEarly + counts.finishedOnTime + counts.withdrawn; // withdrawn count as on time (§7)
  const paymentShare = ratio(counts.paidOnline, counts.receivedWithFee);
  return {
    progress: {
      received: { total: received, online: counts.receivedOnline, dvcqg: counts.receivedDvcqg, desk: counts.receivedDesk, post: counts.receivedPost },
      finished: { total: finished, early: counts.finishedEarly, onTime: counts.finishedOnTime, late: counts.finishedLate, withdrawn: counts.withdrawn },
      notAccepted: counts.notAccepted,
      stopped: counts.stopped,
      supplementRequested: counts.supplementRequested,
      inProgress,
      onTimeShare: ratio(onTime, finished),
      lateShare: ratio(counts.finishedLate, finished),
    },
    onlineService: {
      online: counts.receivedOnline + counts.receivedDvcqg,
      onlineShare: ratio(counts.receivedOnline + counts.receivedDvcqg, received),
      postShare: ratio(counts.receivedPost, received),
      deskShare: ratio(counts.receivedDesk, received),
    },
    onlinePayment: {
      withFee: counts.receivedWithFee,
      paidOnline: counts.paidOnline,
      paidOnlineAmount: counts.paidOnlineAmount,
      paidOnlineShare: paymentShare,
      points: paymentShare === null ? 0 : Math.round(Math.min(1, paymentShare / 0.3) * 6 * 100) / 100,
      maxPoints: 6,
    },
    digitisation: {
      eResults: counts.eResults,
      eResultShare: ratio(counts.eResults, counts.finishedEarly + counts.finishedOnTime + counts.finishedLate),
    },
    satisfaction: {
      ratings: counts.ratings,
      averageScore: counts.ratings === 0 ? null : Math.round((counts.ratingScore / counts.ratings) * 100) / 100,
      band: counts.ratings === 0 ? null : scoreBand(counts.ratingScore / counts.ratings),
      verySatisfied: counts.verySatisfied,
      satisfied: counts.satisfied,
      dissatisfied: counts.dissatisfied,
      satisfiedShare: ratio(counts.verySatisfied + counts.satisfied, counts.ratings),
    },
  };
}
export type ServiceIndex = ReturnType<typeof serviceIndex>;
