/**
 * What the system cannot settle alone and a person must look at (issue 12 point 12): the log
 * actions below. Every function's log group has a metric filter (infra/stacks/function.ts) that
 * counts them into one metric per stage, `motcua/<stage>` `NeedsAHuman`, and one alarm pages on it;
 * the on-call then runs the Logs Insights query in the alarm's description to see which and where.
 * One metric for all keeps the stage within CloudWatch's free alarms (issue 19).
 */
export const NEEDS_A_HUMAN = [
  /** A gateway took money that paid no fee (after FAILED or EXPIRED, or for a withdrawn dossier): refund or apply it. */
  'payment.late_success',
  /** An agency issued more dossier codes in a day than the code's number has digits for. */
  'dossier.code.overflow',
  /** Reconciliation got an answer from the gateway it cannot classify. */
  'payment.reconcile_unknown',
  /** A refund has had no sure answer from its gateway after 5 calls: check it with the gateway (GET /admin/payments/{id}). */
  'payment.refund_stuck',
] as const;

export const NEEDS_A_HUMAN_METRIC = 'NeedsAHuman';
export const needsAHumanNamespace = (stage: string) => `motcua/${stage}`;
