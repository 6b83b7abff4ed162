/**
 * Feedback and complaints (phản ánh, kiến nghị; TT 22/2019: a required function of the portal,
 * LEGAL.md R8; answered on time counts in the satisfaction group of QĐ 766, R10). Pure rules.
 */
import { appointmentDate, vnWorkCalendar, type WorkCalendar } from './appointment';

/** phan-anh: a report of a problem (phản ánh); kien-nghi: a proposal or request (kiến nghị). */
export const FEEDBACK_KINDS = ['phan-anh', 'kien-nghi'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * SETTING: the agency answers within this many working days of receipt (Nghị định 20/2008/NĐ-CP
 * gives 10 working days to process a phản ánh, kiến nghị; not checked against a later text).
 */
export const FEEDBACK_RESPONSE_WORKING_DAYS = 10;

/** The deadline of an answer: the working days counted from the next opening, Vietnamese holidays skipped. */
export const feedbackDueAt = (receivedAt: Date, calendar: WorkCalendar = vnWorkCalendar): Date => appointmentDate({ receivedAt, processing: { amount: FEEDBACK_RESPONSE_WORKING_DAYS, unit: 'working-days' }, calendar });

export type FeedbackStatus = 'OPEN' | 'ANSWERED';

export interface Feedback {
  id: string;
  kind: FeedbackKind;
  agencyId: string;
  /** Set when it is about one of the citizen's dossiers. */
  dossierId?: string;
  dossierCode?: string;
  procedureCode?: string;
  /** The citizen's `sub`: only they see it among citizens. */
  ownerSub: string;
  subject: string;
  content: string;
  status: FeedbackStatus;
  submittedAt: string;
  dueAt: string;
  /** When the watcher found it past its deadline unanswered (once). */
  overdueAt?: string;
  answer?: { text: string; by: string; at: string; onTime: boolean };
}

/** What the officers' list and the answers show: no identity of the citizen beyond the dossier's code. */
export const feedbackView = ({ ownerSub: _owner, ...view }: Feedback) => view;
