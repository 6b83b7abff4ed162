import type { DossierAction, DossierState, DossierStatus } from './dossier-lifecycle';
import { statusCode } from './dossier-lifecycle';
import { ConflictError } from './errors';
import type { DeliveryMethod } from './procedure';

/**
 * A dossier (hồ sơ): one application by one citizen for one procedure, from draft to returned result.
 * Every change goes through the lifecycle (dossier-lifecycle.ts) and is stored with its history
 * entry and outbox event in one transaction (shared/store/dossiers.ts).
 */

/** The applicant (người nộp hồ sơ). Personal data: never logged, never in events or tracking. */
export interface Applicant {
  fullName: string;
  /** Căn cước (12 digits). */
  nationalId: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A paper the citizen declared and uploaded; it counts only once verified at submit. */
export interface DossierPaper {
  paperId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** Base64 SHA-256 the client declared; the object must match it. */
  sha256: string;
  /** S3 key, never derived from the file name. */
  objectKey: string;
  declaredAt: string;
  verifiedAt?: string;
}

export type FeeState = 'NONE' | 'DUE' | 'PAID';

export interface Dossier extends DossierState {
  id: string;
  /** Optimistic concurrency: each change is conditional on the version it read. */
  version: number;
  procedureCode: string;
  /** The owner's `sub`: a citizen sees only dossiers whose ownerSub is theirs. */
  ownerSub: string;
  applicant: Applicant;
  /** The applicant's administrative unit; routing starts there. */
  unitId: string;
  answers: Record<string, unknown>;
  papers: DossierPaper[];
  /** Mã hồ sơ, issued at submit. */
  code?: string;
  /** The agency responsible; set at submit, changed by transfer. */
  agencyId?: string;
  /** True once the router has put the dossier in its agency's inbox. */
  routed?: boolean;
  submittedAt?: string;
  /** Ngày hẹn trả. */
  appointmentAt?: string;
  /** Set while the clock is paused (supplement requested). */
  pausedAt?: string;
  fee: { amount: number; state: FeeState };
  delivery?: { method: DeliveryMethod; address?: string };
  /** The officer's request for a supplement, or the reason of a refusal or stop. */
  request?: { reason: string; papers?: string[]; deadline?: string };
  /** The result: a document in the documents bucket and/or a decision text. */
  result?: { objectKey?: string; decision?: string; resolvedAt: string };
  /** `dossier.overdue` is raised once. */
  overdueNotified?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One line of a dossier's history (nhật ký xử lý). */
export interface HistoryEntry {
  at: string;
  action: DossierAction | 'create' | 'edit' | 'route' | 'overdue';
  actor: { sub: string; role: 'citizen' | 'officer' | 'admin' | 'system'; agencyId?: string };
  from: DossierStatus;
  to: DossierStatus;
  note?: string;
}

/** The portal's status code beside the name, as shown to clients. */
export const withStatusCode = (dossier: Pick<Dossier, 'status'>) => ({ status: dossier.status, statusCode: statusCode(dossier.status) });

/** The DossierRef part of an event's data (events/catalog.ts): ids and codes, never personal data. */
export function dossierRef(dossier: Dossier, actorSub: string) {
  return {
    dossierId: dossier.id,
    ...(dossier.code ? { code: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}),
    status: dossier.status,
    statusCode: statusCode(dossier.status),
    actorSub,
  };
}

/**
 * What lists show of a dossier (a citizen's list, an agency's inbox): the only part of it copied into
 * the indexes. The applicant's name is there because officers pick dossiers by it; nothing else personal.
 */
export interface DossierListing {
  id: string;
  version: number;
  code?: string;
  procedureCode: string;
  status: Dossier['status'];
  agencyId?: string;
  applicantName: string;
  submittedAt?: string;
  appointmentAt?: string;
  overdueNotified?: boolean;
  createdAt: string;
  updatedAt: string;
}

export function dossierListing(dossier: Dossier): DossierListing {
  const { id, version, code, procedureCode, status, agencyId, submittedAt, appointmentAt, overdueNotified, createdAt, updatedAt } = dossier;
  return {
    id, version, procedureCode, status, applicantName: dossier.applicant.fullName, createdAt, updatedAt,
    ...(code ? { code } : {}), ...(agencyId ? { agencyId } : {}), ...(submittedAt ? { submittedAt } : {}),
    ...(appointmentAt ? { appointmentAt } : {}), ...(overdueNotified ? { overdueNotified } : {}),
  };
}

/** Optimistic concurrency from the client's side: a client that pins the version it showed gets 409 if it moved. */
export function expectVersion(dossier: Pick<Dossier, 'version'>, expected: number | undefined): void {
  if (expected !== undefined && expected !== dossier.version) {
    throw new ConflictError(`The dossier is at version ${dossier.version}, not ${expected}; reload it and try again.`, 'CONFLICT');
  }
}

/** The next version of a dossier, stamped at `at`; the store commits it only over the version it came from. */
export const nextVersion = (dossier: Dossier, changes: Partial<Dossier>, at: Date): Dossier => ({ ...dossier, ...changes, version: dossier.version + 1, updatedAt: at.toISOString() });

/** The actor of changes no person made (the router, the deadline watcher, a payment's confirmation). */
export const SYSTEM_ACTOR: HistoryEntry['actor'] = { sub: 'system', role: 'system' };
