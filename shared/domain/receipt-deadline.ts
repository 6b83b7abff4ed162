import { appointmentDate, vnWorkCalendar, type WorkCalendar } from './appointment';

/**
 * The receipt deadline (Nghị định 45/2020/NĐ-CP Art 11, ../shared/LEGAL.md R5): an online dossier is
 * received, refused or sent back for a supplement within 8 working hours of its submission, counted
 * in office hours like the appointment date (one working day of the calendar is 8 hours).
 */
export const RECEIPT_WORKING_HOURS = 8;

/** The instant by which the dossier must be received: one working day (8 office hours) after its submission. */
export function receiptDueAt(submittedAt: Date, calendar: WorkCalendar = vnWorkCalendar): Date {
  return appointmentDate({ receivedAt: submittedAt, processing: { amount: 1, unit: 'working-days' }, calendar });
}

/** Channels whose dossiers wait in SUBMITTED for an officer; desk and postal intake are received at once. */
export const RECEIPT_CLOCK_CHANNELS: readonly string[] = ['online', 'dvcqg'];
