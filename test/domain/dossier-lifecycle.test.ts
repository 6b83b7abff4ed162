import { IllegalTransitionError } from '../../shared/domain/errors';
import { Actor, allowedActions, decide, DossierAction, DossierStatus, INITIAL_STATE, isTerminal, statusCode, type DossierState, type ResumableStatus } from '../../shared/domain/dossier-lifecycle';

const S = (status: DossierStatus, resumeStatus: ResumableStatus | null = null, supplementRequested = false): DossierState => ({
  status,
  resumeStatus,
  supplementRequested,
});

/** Every state the rules distinguish: each status, and the variants that change an answer. */
const SAMPLES: Record<string, DossierState> = {
  DRAFT: S('DRAFT'),
  SUBMITTED: S('SUBMITTED'),
  RECEIVED: S('RECEIVED'),
  'RECEIVED after a supplement': S('RECEIVED', null, true),
  PROCESSING: S('PROCESSING'),
  'PROCESSING after a supplement': S('PROCESSING', null, true),
  'SUPPLEMENT_REQUESTED from RECEIVED': S('SUPPLEMENT_REQUESTED', 'RECEIVED', true),
  'SUPPLEMENT_REQUESTED from PROCESSING': S('SUPPLEMENT_REQUESTED', 'PROCESSING', true),
  'PAYMENT_REQUIRED from RECEIVED': S('PAYMENT_REQUIRED', 'RECEIVED'),
  'PAYMENT_REQUIRED from PROCESSING': S('PAYMENT_REQUIRED', 'PROCESSING'),
  'PAYMENT_REQUIRED from PROCESSING after a supplement': S('PAYMENT_REQUIRED', 'PROCESSING', true),
  NOT_ACCEPTED: S('NOT_ACCEPTED'),
  WITHDRAWN: S('WITHDRAWN'),
  STOPPED: S('STOPPED'),
  RESOLVED: S('RESOLVED'),
  RETURNED: S('RETURNED'),
};

/** The allowed cells, written out by hand: [sample, action, actor, the state after]. Everything else is refused. */
const ALLOWED: readonly [string, DossierAction, Actor, DossierState][] = [
  ['DRAFT', 'submit', 'citizen', S('SUBMITTED')],

  ['SUBMITTED', 'withdraw', 'citizen', S('WITHDRAWN')],
  ['SUBMITTED', 'receive', 'officer', S('RECEIVED')],
  ['SUBMITTED', 'refuse', 'officer', S('NOT_ACCEPTED')],
  ['SUBMITTED', 'reschedule', 'officer', S('SUBMITTED')],

  ['RECEIVED', 'withdraw', 'citizen', S('WITHDRAWN')],
  ['RECEIVED', 'process', 'officer', S('PROCESSING')],
  ['RECEIVED', 'request-supplement', 'officer', S('SUPPLEMENT_REQUESTED', 'RECEIVED', true)],
  ['RECEIVED', 'request-payment', 'officer', S('PAYMENT_REQUIRED', 'RECEIVED')],
  ['RECEIVED', 'transfer', 'officer', S('RECEIVED')],
  ['RECEIVED', 'resolve', 'officer', S('RESOLVED')],
  ['RECEIVED', 'stop', 'officer', S('STOPPED')],
  ['RECEIVED', 'reschedule', 'officer', S('RECEIVED')],

  ['RECEIVED after a supplement', 'withdraw', 'citizen', S('WITHDRAWN', null, true)],
  ['RECEIVED after a supplement', 'process', 'officer', S('PROCESSING', null, true)],
  ['RECEIVED after a supplement', 'request-payment', 'officer', S('PAYMENT_REQUIRED', 'RECEIVED', true)],
  ['RECEIVED after a supplement', 'transfer', 'officer', S('RECEIVED', null, true)],
  ['RECEIVED after a supplement', 'resolve', 'officer', S('RESOLVED', null, true)],
  ['RECEIVED after a supplement', 'stop', 'officer', S('STOPPED', null, true)],
  ['RECEIVED after a supplement', 'reschedule', 'officer', S('RECEIVED', null, true)],

  ['PROCESSING', 'withdraw', 'citizen', S('WITHDRAWN')],
  ['PROCESSING', 'request-supplement', 'officer', S('SUPPLEMENT_REQUESTED', 'PROCESSING', true)],
  ['PROCESSING', 'request-payment', 'officer', S('PAYMENT_REQUIRED', 'PROCESSING')],
  ['PROCESSING', 'transfer', 'officer', S('PROCESSING')],
  ['PROCESSING', 'resolve', 'officer', S('RESOLVED')],
  ['PROCESSING', 'stop', 'officer', S('STOPPED')],
  ['PROCESSING', 'reschedule', 'officer', S('PROCESSING')],

  ['PROCESSING after a supplement', 'withdraw', 'citizen', S('WITHDRAWN', null, true)],
  ['PROCESSING after a supplement', 'request-payment', 'officer', S('PAYMENT_REQUIRED', 'PROCESSING', true)],
  ['PROCESSING after a supplement', 'transfer', 'officer', S('PROCESSING', null, true)],
  ['PROCESSING after a supplement', 'resolve', 'officer', S('RESOLVED', null, true)],
  ['PROCESSING after a supplement', 'stop', 'officer', S('STOPPED', null, true)],
  ['PROCESSING after a supplement', 'reschedule', 'officer', S('PROCESSING', null, true)],

  ['SUPPLEMENT_REQUESTED from RECEIVED', 'withdraw', 'citizen', S('WITHDRAWN', null, true)],
  ['SUPPLEMENT_REQUESTED from RECEIVED', 'supplement', 'citizen', S('RECEIVED', null, true)],
  ['SUPPLEMENT_REQUESTED from RECEIVED', 'stop', 'officer', S('STOPPED', null, true)],
  ['SUPPLEMENT_REQUESTED from RECEIVED', 'reschedule', 'officer', S('SUPPLEMENT_REQUESTED', 'RECEIVED', true)],

  ['SUPPLEMENT_REQUESTED from PROCESSING', 'withdraw', 'citizen', S('WITHDRAWN', null, true)],
  ['SUPPLEMENT_REQUESTED from PROCESSING', 'supplement', 'citizen', S('PROCESSING', null, true)],
  ['SUPPLEMENT_REQUESTED from PROCESSING', 'stop', 'officer', S('STOPPED', null, true)],
  ['SUPPLEMENT_REQUESTED from PROCESSING', 'reschedule', 'officer', S('SUPPLEMENT_REQUESTED', 'PROCESSING', true)],

  ['PAYMENT_REQUIRED from RECEIVED', 'withdraw', 'citizen', S('WITHDRAWN')],
  ['PAYMENT_REQUIRED from RECEIVED', 'pay', 'citizen', S('RECEIVED')],
  ['PAYMENT_REQUIRED from RECEIVED', 'stop', 'officer', S('STOPPED')],
  ['PAYMENT_REQUIRED from RECEIVED', 'reschedule', 'officer', S('PAYMENT_REQUIRED', 'RECEIVED')],

  ['PAYMENT_REQUIRED from PROCESSING', 'withdraw', 'citizen', S('WITHDRAWN')],
  ['PAYMENT_REQUIRED from PROCESSING', 'pay', 'citizen', S('PROCESSING')],
  ['PAYMENT_REQUIRED from PROCESSING', 'stop', 'officer', S('STOPPED')],
  ['PAYMENT_REQUIRED from PROCESSING', 'reschedule', 'officer', S('PAYMENT_REQUIRED', 'PROCESSING')],

  ['PAYMENT_REQUIRED from PROCESSING after a supplement', 'withdraw', 'citizen', S('WITHDRAWN', null, true)],
  ['PAYMENT_REQUIRED from PROCESSING after a supplement', 'pay', 'citizen', S('PROCESSING', null, true)],
  ['PAYMENT_REQUIRED from PROCESSING after a supplement', 'stop', 'officer', S('STOPPED', null, true)],
  ['PAYMENT_REQUIRED from PROCESSING after a supplement', 'reschedule', 'officer', S('PAYMENT_REQUIRED', 'PROCESSING', true)],

  ['RESOLVED', 'return', 'officer', S('RETURNED')],
];

const key = (sample: string, action: string, actor: string) => `${sample} | ${action} | ${actor}`;
const allowed = new Map(ALLOWED.map(([sample, action, actor, after]) => [key(sample, action, actor), after]));
const ALL_CELLS = Object.keys(SAMPLES).flatMap((sample) => DossierAction.options.flatMap((action) => Actor.options.map((actor) => [sample, action, actor] as const)));
const FORBIDDEN = ALL_CELLS.filter(([sample, action, actor]) => !allowed.has(key(sample, action, actor)));

describe('dossier lifecycle', () => {
  it('knows every status, action and actor the table is written for', () => {
    expect(new Set(Object.values(SAMPLES).map((s) => s.status))).toEqual(new Set(DossierStatus.options));
    expect(DossierAction.options).toHaveLength(14);
    expect(Actor.options).toEqual(['citizen', 'officer']);
    expect(ALLOWED).toHaveLength(allowed.size); // no duplicated cell
    expect(ALL_CELLS).toHaveLength(16 * 14 * 2);
    expect(FORBIDDEN).toHaveLength(ALL_CELLS.length - ALLOWED.length);
  });

  it('uses the National Public Service Portal status codes', () => {
    expect(Object.fromEntries(DossierStatus.options.map((s) => [s, statusCode(s)]))).toEqual({
      DRAFT: null,
      SUBMITTED: 1,
      RECEIVED: 2,
      NOT_ACCEPTED: 3,
      PROCESSING: 4,
      SUPPLEMENT_REQUESTED: 5,
      PAYMENT_REQUIRED: 6,
      WITHDRAWN: 7,
      STOPPED: 8,
      RESOLVED: 9,
      RETURNED: 10,
    });
  });

  it('treats NOT_ACCEPTED, WITHDRAWN, STOPPED and RETURNED as terminal, and only those', () => {
    expect(DossierStatus.options.filter(isTerminal)).toEqual(['NOT_ACCEPTED', 'WITHDRAWN', 'STOPPED', 'RETURNED']);
  });

  it('starts a draft with no pending resume and no supplement requested', () => {
    expect(INITIAL_STATE).toEqual(S('DRAFT'));
  });

  describe.each(ALLOWED)('%s: %s by the %s', (sample, action, actor, after) => {
    it(`leads to ${after.status}`, () => {
      const before = SAMPLES[sample]!;
      const decision = decide(before, action, actor);
      expect(decision.state).toEqual(after);
      expect(decision.next).toBe(after.status);
      expect(decision.statusChanged).toBe(after.status !== before.status);
      expect(decision.clock).toBe(action === 'request-supplement' ? 'pause' : action === 'supplement' ? 'resume' : undefined);
    });
  });

  it.each(FORBIDDEN)('refuses %s: %s by the %s', (sample, action, actor) => {
    const attempt = () => decide(SAMPLES[sample]!, action, actor);
    expect(attempt).toThrow(IllegalTransitionError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION', status: 409 }));
  });

  it('says why a transition is refused', () => {
    expect(() => decide(S('SUBMITTED'), 'receive', 'citizen')).toThrow('only the officer may do this');
    expect(() => decide(S('RESOLVED'), 'withdraw', 'citizen')).toThrow('allowed only from SUBMITTED');
    expect(() => decide(S('PROCESSING', null, true), 'request-supplement', 'officer')).toThrow('only once');
  });

  it('allows a supplement request only once per dossier, across receive and process', () => {
    let state = decide(decide(S('SUBMITTED'), 'receive', 'officer').state, 'request-supplement', 'officer').state;
    state = decide(state, 'supplement', 'citizen').state;
    state = decide(state, 'process', 'officer').state;
    expect(state).toEqual(S('PROCESSING', null, true));
    expect(() => decide(state, 'request-supplement', 'officer')).toThrow(IllegalTransitionError);
  });

  it('fails loudly (not as a client error) on a stored pause without its resume status', () => {
    const corrupt = S('SUPPLEMENT_REQUESTED', null, true);
    expect(() => decide(corrupt, 'supplement', 'citizen')).toThrow(Error);
    expect(() => decide(corrupt, 'supplement', 'citizen')).not.toThrow(IllegalTransitionError);
  });

  it.each(Object.entries(SAMPLES))('lists for %s exactly the actions decide() allows', (sample, state) => {
    for (const actor of Actor.options) {
      const expected = ALLOWED.filter(([s, , a]) => s === sample && a === actor).map(([, action]) => action);
      expect([...allowedActions(state, actor)].sort()).toEqual([...expected].sort());
    }
  });
});
