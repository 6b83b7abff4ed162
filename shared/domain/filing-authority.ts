import { dayNumberToDate, vnDayNumber } from './vietnam-time';

/**
 * Who may file for whom (Nghị định 69/2024: children under 14 act through a parent's account).
 * A dossier's applicant is the caller, or someone the caller holds a recorded authority for:
 * a child under 14 whose parent or guardian the population database names, a mandate (ủy quyền)
 * in force for the procedure, or an organisation whose legal representative the caller is.
 * Officers entering a walk-in applicant's dossier at the desk are the one exception.
 * Pure: the records are looked up by shared/identity and handed in.
 */

/** Parental authority over a child ends on the child's 14th birthday. */
export const GUARDIAN_AGE_LIMIT = 14;

/** How the applicant's identity number was accepted, recorded on the dossier. */
export type FilingAuthority =
  | { kind: 'self' }
  | { kind: 'guardian'; relation: 'father' | 'mother' | 'guardian'; childBirthDate: string }
  | { kind: 'mandate'; mandateId: string }
  | { kind: 'legal-representative'; taxCode: string }
  | { kind: 'desk'; officerSub: string; agencyId?: string };

/** Completed years of age on the Vietnamese calendar day of `at`. */
export function ageOn(birthDate: string, at: Date): number {
  const today = dayNumberToDate(vnDayNumber(at));
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The child's record in the population database, as far as authority goes. */
export interface ChildRecord {
  birthDate: string;
  father?: string;
  mother?: string;
  /** NguoiDaiDien: the legal guardian. */
  guardian?: string;
}

/** The relation of `callerId` to a child under 14, or why there is none. */
export function guardianship(child: ChildRecord, callerId: string, at: Date): { relation: 'father' | 'mother' | 'guardian' } | { refused: 'not-related' | 'child-over-14' } {
  const relation = child.father === callerId ? 'father' : child.mother === callerId ? 'mother' : child.guardian === callerId ? 'guardian' : undefined;
  if (!relation) return { refused: 'not-related' };
  if (ageOn(child.birthDate, at) >= GUARDIAN_AGE_LIMIT) return { refused: 'child-over-14' };
  return { relation };
}

/** A mandate (giấy ủy quyền): the principal lets the agent file the listed procedures between two dates. */
export interface MandateTerms {
  status: 'PENDING_PAPER' | 'ACTIVE' | 'REVOKED';
  procedures: readonly string[];
  /** Inclusive Vietnamese calendar days. */
  validFrom: string;
  validUntil: string;
}

export type MandateVerdict = 'in-force' | 'not-active' | 'revoked' | 'out-of-scope' | 'not-yet-valid' | 'expired';

/** Whether a mandate lets its agent file `procedureCode` on the day of `at`. */
export function mandateVerdict(mandate: MandateTerms, procedureCode: string, at: Date): MandateVerdict {
  if (mandate.status === 'REVOKED') return 'revoked';
  if (mandate.status !== 'ACTIVE') return 'not-active';
  if (!mandate.procedures.includes(procedureCode)) return 'out-of-scope';
  const today = dayNumberToDate(vnDayNumber(at));
  if (today < mandate.validFrom) return 'not-yet-valid';
  if (today > mandate.validUntil) return 'expired';
  return 'in-force';
}
