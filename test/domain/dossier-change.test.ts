import { changeDossier, expectVersion, firstVersion, SYSTEM_ACTOR, type Dossier } from '../../shared/domain/dossier';
import { decide, INITIAL_STATE } from '../../shared/domain/dossier-lifecycle';
import { ConflictError } from '../../shared/domain/errors';

const citizen = { sub: 'citizen-1', role: 'citizen' } as const;
const officer = { sub: 'officer-1', role: 'officer', agencyId: 'ubnd-xa-mot' } as const;
const t0 = new Date('2026-03-02T01:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const draft = firstVersion(
  {
    ...INITIAL_STATE,
    id: 'd-1',
    procedureCode: 'T.000001',
    ownerSub: 'citizen-1',
    applicant: { fullName: 'Nguyễn Văn A', nationalId: '001099012345' },
    unitId: 'xa-mot',
    answers: {},
    papers: [],
    fee: { amount: 0, state: 'NONE' },
  },
  citizen,
  t0,
);

describe('changeDossier: one recipe for every change', () => {
  it('starts a dossier at version 1 with its create entry', () => {
    expect(draft.dossier).toMatchObject({ version: 1, personVersion: 1, createdAt: t0.toISOString(), updatedAt: t0.toISOString(), status: 'DRAFT' });
    expect(draft.history).toEqual({ at: t0.toISOString(), action: 'create', actor: citizen, from: 'DRAFT', to: 'DRAFT' });
  });

  it("takes the decision's state, the fields set, and writes from → to with the actor and note", () => {
    const decision = decide(draft.dossier, 'submit', 'citizen');
    const { dossier, history } = changeDossier(draft.dossier, { action: 'submit', actor: citizen, at: later(5), decision, set: { code: 'UBMOT-260302-0001' }, note: 'code UBMOT-260302-0001' });
    expect(dossier).toMatchObject({ status: 'SUBMITTED', resumeStatus: null, code: 'UBMOT-260302-0001', version: 2, personVersion: 2, updatedAt: later(5).toISOString(), createdAt: t0.toISOString() });
    expect(history).toEqual({ at: later(5).toISOString(), action: 'submit', actor: citizen, from: 'DRAFT', to: 'SUBMITTED', note: 'code UBMOT-260302-0001' });
    // The dossier it came from is left as it was.
    expect(draft.dossier).toMatchObject({ version: 1, status: 'DRAFT' });
  });

  it('removes a field set to undefined and leaves out an empty note', () => {
    const paused: Dossier = { ...draft.dossier, pausedAt: t0.toISOString() };
    const { dossier, history } = changeDossier(paused, { action: 'edit', actor: citizen, at: later(1), set: { pausedAt: undefined } });
    expect(dossier.pausedAt).toBeUndefined();
    expect(history).not.toHaveProperty('note');
  });

  it('keeps the version a person last made when the system changes the dossier', () => {
    const submitted = changeDossier(draft.dossier, { action: 'submit', actor: citizen, at: later(1), decision: decide(draft.dossier, 'submit', 'citizen') }).dossier;
    const routed = changeDossier(submitted, { action: 'route', actor: SYSTEM_ACTOR, at: later(2), set: { routed: true } }).dossier;
    const overdue = changeDossier(routed, { action: 'overdue', actor: SYSTEM_ACTOR, at: later(3), set: { overdueNotified: true } }).dossier;
    expect([routed.version, routed.personVersion, overdue.version, overdue.personVersion]).toEqual([3, 2, 4, 2]);
    const received = changeDossier(overdue, { action: 'receive', actor: officer, at: later(4), decision: decide(overdue, 'receive', 'officer') }).dossier;
    expect([received.version, received.personVersion]).toEqual([5, 5]);
  });
});

describe("expectVersion: a client's pinned version", () => {
  const at = (version: number, personVersion?: number) => ({ version, ...(personVersion === undefined ? {} : { personVersion }) });
  const conflict = (dossier: { version: number; personVersion?: number }, expected: number) => {
    try {
      expectVersion(dossier, expected);
      return undefined;
    } catch (error) {
      return error instanceof ConflictError ? error.code : 'other';
    }
  };

  it("accepts any version since the last person's change, and no pin at all", () => {
    expect(conflict(at(4, 2), 2)).toBeUndefined();
    expect(conflict(at(4, 2), 3)).toBeUndefined();
    expect(conflict(at(4, 2), 4)).toBeUndefined();
    expect(() => expectVersion(at(4, 2), undefined)).not.toThrow();
  });

  it("refuses a version older than a person's change, or one the dossier never had", () => {
    expect(conflict(at(4, 2), 1)).toBe('CONFLICT');
    expect(conflict(at(4, 2), 5)).toBe('CONFLICT');
    // Items stored before personVersion existed: exactly their version.
    expect(conflict(at(4), 3)).toBe('CONFLICT');
    expect(conflict(at(4), 4)).toBeUndefined();
  });
});
