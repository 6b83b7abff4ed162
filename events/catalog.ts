import * as z from 'zod';
import { onFirstUse } from '../shared/domain/on-first-use';
import { defineEvent, type EventDefinition } from './envelope';

/**
 * The event catalogue: every detail-type motcua emits, each with its versioned zod schema.
 * Producers (through the outbox) and rules import these, never a string of their own.
 * Data carries ids and codes, never personal data: consumers read the dossier when they need more.
 */
const dossierRef = onFirstUse(() =>
  z.object({
    dossierId: z.string(),
    /** The dossier code (mã hồ sơ), once submitted. */
    code: z.string().optional(),
    procedureCode: z.string(),
    /** The agency responsible now; agency integrations are routed on it. */
    agencyId: z.string().optional(),
    status: z.string(),
    statusCode: z.number().int().nullable(),
    /** Who acted: a citizen's or officer's `sub`, or `system`. */
    actorSub: z.string(),
  }),
);

const feedbackRef = onFirstUse(() => z.object({ feedbackId: z.string(), agencyId: z.string(), dossierId: z.string().optional(), procedureCode: z.string().optional() }));

export const events = {
  /** `papersDigitised`: papers scanned at the desk; `papersReused`: papers taken from the citizen's document store (the service index counts both). */
  dossierSubmitted: defineEvent('dossier.submitted', 1, () =>
    dossierRef().extend({ unitId: z.string(), appointmentAt: z.iso.datetime(), submittedAt: z.iso.datetime(), papersDigitised: z.number().int().min(0).optional(), papersReused: z.number().int().min(0).optional() }),
  ),
  dossierRouted: defineEvent('dossier.routed', 1, () => dossierRef().extend({ agencyId: z.string(), previousAgencyId: z.string().optional(), reason: z.string().optional() })),
  dossierUnroutable: defineEvent('dossier.unroutable', 1, () => dossierRef().extend({ unitId: z.string(), reason: z.string() })),
  dossierReceived: defineEvent('dossier.received', 1, () => dossierRef()),
  dossierNotAccepted: defineEvent('dossier.not_accepted', 1, () => dossierRef().extend({ reason: z.string() })),
  dossierProcessing: defineEvent('dossier.processing', 1, () => dossierRef()),
  dossierSupplementRequested: defineEvent('dossier.supplement_requested', 1, () => dossierRef().extend({ reason: z.string(), papers: z.array(z.string()), deadline: z.iso.datetime().optional() })),
  dossierSupplemented: defineEvent('dossier.supplemented', 1, () => dossierRef().extend({ appointmentAt: z.iso.datetime() })),
  dossierPaymentRequested: defineEvent('dossier.payment_requested', 1, () => dossierRef().extend({ amount: z.number().int().min(0) })),
  dossierWithdrawn: defineEvent('dossier.withdrawn', 1, () => dossierRef()),
  dossierStopped: defineEvent('dossier.stopped', 1, () => dossierRef().extend({ reason: z.string() })),
  dossierResolved: defineEvent('dossier.resolved', 1, () => dossierRef().extend({ hasDocument: z.boolean() })),
  dossierReturned: defineEvent('dossier.returned', 1, () => dossierRef().extend({ method: z.enum(['online', 'post', 'desk']) })),
  dossierOverdue: defineEvent('dossier.overdue', 1, () => dossierRef().extend({ appointmentAt: z.iso.datetime() })),
  /** An online (or DVCQG) dossier not received, refused or sent back within 8 working hours (Nghị định 45/2020 Art 11). */
  dossierReceiptOverdue: defineEvent('dossier.receipt_overdue', 1, () => dossierRef().extend({ submittedAt: z.iso.datetime(), receiptDueAt: z.iso.datetime() })),
  /** An internal step (quy trình nội bộ) past its own deadline, once per step started. */
  dossierStepOverdue: defineEvent('dossier.step_overdue', 1, () => dossierRef().extend({ stepId: z.string(), stepIndex: z.number().int().min(0), dueAt: z.iso.datetime(), assignee: z.string().optional() })),
  dossierRescheduled: defineEvent('dossier.rescheduled', 1, () => dossierRef().extend({ appointmentAt: z.iso.datetime(), previousAppointmentAt: z.iso.datetime(), reason: z.string() })),
  /** For the postal service's integration: a result to deliver by post. */
  dossierDeliveryRequested: defineEvent('dossier.delivery_requested', 1, () => dossierRef().extend({ method: z.literal('post') })),
  /** The applicant's satisfaction form (phiếu khảo sát), once per returned dossier: its score and answer 11, no free text. */
  dossierRated: defineEvent('dossier.rated', 1, () => dossierRef().extend({ score: z.number().int().min(0).max(12), overall: z.union([z.literal(0), z.literal(1), z.literal(2)]) })),
  /** Feedback and complaints (phản ánh, kiến nghị): ids, agency and deadline only, never the text or who wrote it. */
  feedbackReceived: defineEvent('feedback.received', 1, () => feedbackRef().extend({ kind: z.enum(['phan-anh', 'kien-nghi']), dueAt: z.iso.datetime() })),
  feedbackAnswered: defineEvent('feedback.answered', 1, () => feedbackRef().extend({ onTime: z.boolean() })),
  /** Found past its answer deadline unanswered, once per feedback (by the deadline watcher). */
  feedbackOverdue: defineEvent('feedback.overdue', 1, () => feedbackRef().extend({ dueAt: z.iso.datetime() })),
  paymentConfirmed: defineEvent('payment.confirmed', 1, () => z.object({ paymentId: z.string(), dossierId: z.string(), amount: z.number().int(), provider: z.string(), providerRef: z.string() })),
  paymentFailed: defineEvent('payment.failed', 1, () => z.object({ paymentId: z.string(), dossierId: z.string(), provider: z.string(), reason: z.string() })),
  /** Money taken that paid no fee (after FAILED/EXPIRED, or the fee was no longer due as this payment): a human applies or refunds it. */
  paymentLateSuccess: defineEvent('payment.late_success', 1, () =>
    z.object({ paymentId: z.string(), dossierId: z.string(), amount: z.number().int(), provider: z.string(), providerRef: z.string(), previousState: z.string(), reason: z.string() }),
  ),
  /** Money given back (part or all of a payment): `state` is the payment's after it; the dossier's fee follows when this payment paid it. */
  paymentRefunded: defineEvent('payment.refunded', 1, () =>
    z.object({
      paymentId: z.string(),
      dossierId: z.string(),
      refundId: z.string(),
      amount: z.number().int(),
      refundedTotal: z.number().int(),
      state: z.enum(['PARTIALLY_REFUNDED', 'REFUNDED']),
      provider: z.string(),
      providerRef: z.string(),
      purpose: z.string(),
    }),
  ),
  /** The gateway refused a refund for good: the money is still owed back, a human decides. */
  paymentRefundFailed: defineEvent('payment.refund_failed', 1, () => z.object({ paymentId: z.string(), dossierId: z.string(), refundId: z.string(), amount: z.number().int(), provider: z.string(), code: z.string() })),
} as const satisfies Record<string, EventDefinition>;

export const allEvents: readonly EventDefinition[] = Object.values(events);

export const eventByDetailType = (detailType: string): EventDefinition | undefined => allEvents.find((event) => event.detailType === detailType);
