import type { Decision, DossierAction, DossierState, DossierStatus } from './dossier-lifecycle';
import { statusCode } from './dossier-lifecycle';
import { ConflictError } from './errors';
import type { FilingAuthority } from './filing-authority';
import type { StepAction, StepState } from './internal-steps';
import type { ContactChannel, ContactVouch } from './contacts';
import type { DeliveryMethod } from './procedure';

/**
 * A dossier (hồ sơ): one application by one citizen for one procedure, from draft to returned result.
 * Every change is made by changeDossier() (below; status changes through the lifecycle's decide()) and
 * stored with its history entry and outbox events in one transaction (commitDossierChange in shared/store/dossiers.ts).
 */

/** The applicant (người nộp hồ sơ). Personal data: never logged, never in events or tracking. */
export interface Applicant {
  fullName: string;
  /** Căn cước (12 digits). */
  nationalId: string;
  phone?: string;
  email?: string;
  address?: string;
  /** When the applicant is an organisation: its tax code (mã số thuế); `nationalId` is then its legal representative's. */
  organisation?: { taxCode: string; name: string };
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
  /** Scanned at the one-stop desk (số hóa, Chỉ thị 02/CT-TTg): by which officer of which agency, when. */
  digitized?: { officerSub: string; agencyId: string; at: string };
  /**
   * Taken from the citizen's document store (GET /me/documents) instead of uploaded: which stored
   * document, from which of their dossiers. Its bytes were copied server-side, verified already.
   */
  reused?: { documentId: string; fromDossierId: string };
}

/**
 * Where a dossier's fee stands. NONE: no fee; DUE: owed; PAID: paid by one payment; CANCELLED: was
 * owed, but the dossier ended before it was paid; REFUND_DUE: paid, but the dossier ended without a
 * result, so the money is owed back; PARTIALLY_REFUNDED / REFUNDED: part or all of it went back.
 */
export const FEE_STATES = ['NONE', 'DUE', 'PAID', 'CANCELLED', 'REFUND_DUE', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export type FeeState = (typeof FEE_STATES)[number];

/** A dossier's fee, integer VND. `paymentId`: the payment that paid it; `refunded`: how much of it went back. */
export interface DossierFee {
  amount: number;
  state: FeeState;
  paymentId?: string;
  refunded?: number;
}

/**
 * How a dossier reached us (kênh tiếp nhận): our own API, forwarded by the National Public Service
 * Portal (DVCQG), entered at the one-stop desk, or received by the public post. One lifecycle for all.
 */
export type Channel = 'online' | 'dvcqg' | 'desk' | 'post';

/** What DVCQG told us about a dossier it forwarded (channel `dvcqg`), kept beside our own code. */
export interface NationalReference {
  /** The national dossier code (MaHoSo): DVCQG knows the dossier by it. */
  code: string;
  /** The national procedure code (MaTTHC) it was forwarded under. */
  procedureCode: string;
  /** KenhThucHien as DVCQG gave it: 1 desk, 2 online, 3 post. */
  channelCode: '1' | '2' | '3';
  /** LoaiDoiTuong: 1 citizen, 2 business, 3 state agency, 4 other organisation. */
  applicantKind: '1' | '2' | '3' | '4';
  /** The applicant's DVCQG TechID (MaDoiTuong), if given. */
  applicantTechId?: string;
  /** When the applicant submitted on DVCQG (NgayNopHoSo). */
  submittedAt: string;
  summary?: string;
}

/**
 * The result (kết quả): a decision text and/or a document. The document's type, length and SHA-256
 * are fixed at resolve and bound into its upload URL; at return the bytes are copied to a key no URL
 * can write (`returnedKey`) and checked against them, so what the citizen receives never changes.
 */
export interface DossierResult {
  decision?: string;
  resolvedAt: string;
  /** Where the officer uploads it (documents bucket), until it is returned. */
  objectKey?: string;
  contentType?: string;
  size?: number;
  /** Base64 SHA-256, as in x-amz-checksum-sha256. */
  sha256?: string;
  /** Set at return: the checked, immutable copy that every download serves from then on. */
  returnedKey?: string;
  /** The token of the result's QR (GET /verify/{token}), made at resolve so the agency can print it before signing. */
  verifyToken?: string;
  /** The document's signature as checked at return. */
  signature?: { status: 'valid' | 'unsigned'; signer?: string; organization?: string; certificateIssuer?: string; signedAt?: string; checkedAt: string };
}

/** The key a result's document is served from: the checked copy once returned. */
export const resultKeyOf = (result: DossierResult | undefined) => result?.returnedKey ?? result?.objectKey;

export interface Dossier extends DossierState {
  id: string;
  /** Optimistic concurrency: each change is conditional on the version it read. */
  version: number;
  /** The version of the last change a person made (absent on older items: then `version`); see expectVersion. */
  personVersion?: number;
  procedureCode: string;
  /** The owner's `sub`: a citizen sees only dossiers whose ownerSub is theirs. */
  ownerSub: string;
  applicant: Applicant;
  /** Which of the applicant's contacts someone vouched for (shared/domain/contacts.ts); the others get no message unless the account confirmed them by code. */
  contactsVouched?: Partial<Record<ContactChannel, ContactVouch>>;
  /** Under which authority the applicant was accepted (self, guardian, mandate, legal representative, desk); checked again at submit. */
  filing?: FilingAuthority;
  /** The applicant's administrative unit; routing starts there. */
  unitId: string;
  answers: Record<string, unknown>;
  papers: DossierPaper[];
  /** Mã hồ sơ, issued at submit. */
  code?: string;
  /** Absent on dossiers older than channels: those came online. */
  channel?: Channel;
  /** Set on dossiers forwarded by DVCQG. */
  national?: NationalReference;
  /** The agency responsible; set at submit, changed by transfer. */
  agencyId?: string;
  /** True once the router has put the dossier in its agency's inbox. */
  routed?: boolean;
  submittedAt?: string;
  /** Ngày hẹn trả. */
  appointmentAt?: string;
  /** Set while the clock is paused (supplement requested). */
  pausedAt?: string;
  fee: DossierFee;
  delivery?: { method: DeliveryMethod; address?: string };
  /** The officer's request for a supplement, or the reason of a refusal or stop. */
  request?: { reason: string; papers?: string[]; deadline?: string };
  /** The result: a document in the documents bucket and/or a decision text. */
  result?: DossierResult;
  /** `dossier.overdue` is raised once. */
  overdueNotified?: boolean;
  /** `dossier.receipt_overdue` is raised once (8 working hours without receipt, refusal or supplement request). */
  receiptOverdueNotified?: boolean;
  /** The internal step that holds it (procedures that declare internal steps), from receipt to the leader's approval. */
  step?: StepState;
  /** Set when the retention period ended: the applicant, answers, papers and notes were removed; the figures stay. */
  personalDataRemovedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One line of a dossier's history (nhật ký xử lý). */
export interface HistoryEntry {
  at: string;
  action: DossierAction | StepAction | 'create' | 'edit' | 'route' | 'overdue' | 'receipt-overdue' | 'refund' | 'step-overdue' | 'remove-personal-data';
  actor: { sub: string; role: 'citizen' | 'officer' | 'admin' | 'system'; agencyId?: string };
  from: DossierStatus;
  to: DossierStatus;
  note?: string;
  /** The internal step the dossier is in after this entry, with its own deadline (the control slip's line). */
  step?: HistoryStep;
}

/** A step as the history records it. */
export type HistoryStep = Pick<StepState, 'index' | 'id' | 'title' | 'role' | 'startedAt' | 'dueAt'> & Partial<Pick<StepState, 'unit' | 'assignee' | 'approved'>>;

export function historyStep(step: StepState): HistoryStep {
  const { index, id, title, role, startedAt, dueAt, unit, assignee, approved } = step;
  return { index, id, title, role, startedAt, dueAt, ...(unit ? { unit } : {}), ...(assignee ? { assignee } : {}), ...(approved ? { approved } : {}) };
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
  /** The step that holds it, for the inbox's filters (assigned to me, my department). */
  step?: Pick<StepState, 'index' | 'id' | 'dueAt'> & Partial<Pick<StepState, 'unit' | 'assignee'>>;
  createdAt: string;
  updatedAt: string;
}

export function dossierListing(dossier: Dossier): DossierListing {
  const { id, version, code, procedureCode, status, agencyId, submittedAt, appointmentAt, overdueNotified, createdAt, updatedAt } = dossier;
  return {
    id,
    version,
    procedureCode,
    status,
    applicantName: dossier.applicant.fullName,
    createdAt,
    updatedAt,
    ...(code ? { code } : {}),
    ...(agencyId ? { agencyId } : {}),
    ...(submittedAt ? { submittedAt } : {}),
    ...(appointmentAt ? { appointmentAt } : {}),
    ...(overdueNotified ? { overdueNotified } : {}),
    ...(dossier.step
      ? {
          step: {
            index: dossier.step.index,
            id: dossier.step.id,
            dueAt: dossier.step.dueAt,
            ...(dossier.step.unit ? { unit: dossier.step.unit } : {}),
            ...(dossier.step.assignee ? { assignee: dossier.step.assignee } : {}),
          },
        }
      : {}),
  };
}

/** Who made a change, as its history entry records it. */
export type ChangeActor = HistoryEntry['actor'];

/** The actor of changes no person made (the router, the payment confirmation, the deadline watcher). */
export const SYSTEM_ACTOR: ChangeActor = { sub: 'system', role: 'system' };

/** A change as a use case decides it; changeDossier() turns it into the next version and its history entry. */
export interface ChangeInput {
  /** The history's name for the change: the lifecycle action, or a bookkeeping one (create, edit, route, overdue). */
  action: HistoryEntry['action'];
  actor: ChangeActor;
  at: Date;
  /** decide()'s outcome, for a lifecycle action: the next version takes its state. */
  decision?: Decision;
  /** Fields the change sets besides the lifecycle state; a field set to `undefined` is removed. */
  set?: Partial<Dossier>;
  note?: string;
  /** For the history: the internal step the dossier is in after this change. */
  step?: StepState;
}

/** What commitDossierChange() writes: the next version and the history entry that says how it came about. */
export interface DossierVersion {
  dossier: Dossier;
  history: HistoryEntry;
}

/**
 * The one recipe for a dossier change: the next version (version + 1, stamped at `at`) and its history
 * entry (from → to, who, why). A change by the system keeps `personVersion`, so it never makes a
 * person's next action stale (expectVersion).
 */
export function changeDossier(current: Dossier, change: ChangeInput): DossierVersion {
  const at = change.at.toISOString();
  const version = current.version + 1;
  const byPerson = change.actor.role !== 'system';
  const dossier: Dossier = {
    ...current,
    ...change.decision?.state,
    ...change.set,
    version,
    personVersion: byPerson ? version : lastPersonVersion(current),
    updatedAt: at,
  };
  const history: HistoryEntry = {
    at,
    action: change.action,
    actor: change.actor,
    from: current.status,
    to: dossier.status,
    ...(change.note ? { note: change.note } : {}),
    ...(change.step ? { step: historyStep(change.step) } : {}),
  };
  return { dossier, history };
}

/** Version 1 of a new dossier (a draft) and its `create` entry. */
export function firstVersion(draft: Omit<Dossier, 'version' | 'personVersion' | 'createdAt' | 'updatedAt'>, actor: ChangeActor, at: Date): DossierVersion {
  const stamp = at.toISOString();
  const dossier: Dossier = { ...draft, version: 1, personVersion: 1, createdAt: stamp, updatedAt: stamp };
  return { dossier, history: { at: stamp, action: 'create', actor, from: dossier.status, to: dossier.status } };
}

const lastPersonVersion = (dossier: Pick<Dossier, 'version' | 'personVersion'>) => dossier.personVersion ?? dossier.version;

/**
 * Optimistic concurrency from the client's side: a client that pins the version it showed gets 409
 * CONFLICT only if a person (citizen, officer, admin) changed the dossier since. What the system did
 * meanwhile (routing it, recording a payment, flagging it overdue) does not make that version stale:
 * the action is still decided on the current state.
 */
export function expectVersion(dossier: Pick<Dossier, 'version' | 'personVersion'>, expected: number | undefined): void {
  if (expected === undefined) return;
  if (expected > dossier.version || expected < lastPersonVersion(dossier)) {
    throw new ConflictError(`The dossier is at version ${dossier.version}, not ${expected}; reload it and try again.`, 'CONFLICT');
  }
}
