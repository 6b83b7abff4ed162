import { randomUUID } from 'node:crypto';
import { getDossierHistory } from '../../shared/store/inbox';
import { useLocalWorld } from '../support/local';
import { applicant, birthRegistration, citizenClient, goodAnswers, readyDraft, seedCatalogue as seedCitizenCatalogue } from '../dossiers/support';
import { arrangeDossier, historyOf, ipnFieldsFor, outboxEventsAbout, reloadDossier, setPaymentEnv, signedIpn } from '../payments/support';
import { agencyA, seedCatalogue as seedAgencyCatalogue, seedInInbox } from '../agency/support';
import { figures } from './support';

/**
 * Races, through the gateway: the same request many times at once must change the store once and
 * answer the same; two officers acting on one dossier at once: one wins, the others get 409.
 */
const SUBMITS = Number(process.env.RELIABILITY_SUBMITS ?? 30);
const IPNS = Number(process.env.RELIABILITY_IPNS ?? 50);
const OFFICER_ROUNDS = Number(process.env.RELIABILITY_OFFICER_ROUNDS ?? 8);

const { gateway } = useLocalWorld({ seed: [seedCitizenCatalogue, seedAgencyCatalogue] });
let citizenToken: string;

beforeAll(async () => {
  setPaymentEnv(); // before the first request: handlers read payment settings on first use
  citizenToken = await gateway.token('citizen', { sub: 'citizen-race' });
}, 60_000);

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the same request many times at once', () => {
  it(`POST /dossiers ×${SUBMITS} with one Idempotency-Key creates one draft and answers the same ${SUBMITS} times`, async () => {
    const citizen = citizenClient(gateway, citizenToken);
    const before = (await (await citizen.list('?limit=100')).json()).items.length;
    const key = `race-create-${randomUUID()}`;
    const body = { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', applicant, answers: goodAnswers };

    const answers = await Promise.all(
      ids(SUBMITS).map(async () => {
        const res = await gateway.request('POST', '/dossiers', { token: citizenToken, json: body, headers: { 'idempotency-key': key } });
        return { status: res.status, body: await res.text() };
      }),
    );

    expect(answers.map((a) => a.status)).toEqual(ids(SUBMITS).map(() => 201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const after = (await (await citizen.list('?limit=100')).json()).items;
    expect(after).toHaveLength(before + 1);
    figures('concurrency.create', { requests: SUBMITS, dossiers: after.length - before, distinctAnswers: new Set(answers.map((a) => a.body)).size });
  });

  it(`POST /dossiers/{id}/submit ×${SUBMITS} with one Idempotency-Key submits once: one code, one history entry, one event`, async () => {
    const citizen = citizenClient(gateway, citizenToken);
    const id = await readyDraft(citizen);
    const key = `race-submit-${randomUUID()}`;

    const answers = await Promise.all(
      ids(SUBMITS).map(async () => {
        const res = await citizen.submit(id, key);
        return { status: res.status, body: await res.text() };
      }),
    );

    expect(answers.map((a) => a.status)).toEqual(ids(SUBMITS).map(() => 200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const submitted = JSON.parse(answers[0]!.body);
    expect(submitted).toMatchObject({ id, status: 'SUBMITTED', code: expect.stringMatching(/^UBNDAB-\d{6}-\d{4}$/) });
    const history = await getDossierHistory(id);
    expect(history.filter((entry) => entry.action === 'submit')).toHaveLength(1);
    expect(await outboxEventsAbout('dossier.submitted', id)).toHaveLength(1);
    // Another key is another request: refused by the lifecycle, not a second submission.
    expect((await citizen.submit(id)).status).toBe(409);
    figures('concurrency.submit', { requests: SUBMITS, submits: history.filter((e) => e.action === 'submit').length, events: 1, distinctAnswers: new Set(answers.map((a) => a.body)).size });
  });
});

describe('duplicate payment callbacks', () => {
  it(`GET /webhooks/vnpay/ipn ×${IPNS} (the same IPN at once) makes one PAID transition and one payment.confirmed`, async () => {
    const dossier = await arrangeDossier({ ownerSub: 'citizen-race', fee: { amount: 75_000, state: 'DUE' } });
    const start = await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizenToken, json: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
    expect(start.status).toBe(201);
    const { paymentId } = await start.json();
    const query = signedIpn(ipnFieldsFor(paymentId, 75_000));

    const codes = await Promise.all(ids(IPNS).map(async () => (await (await gateway.request('GET', `/webhooks/vnpay/ipn?${query}`)).json()).RspCode as string));

    expect(codes.filter((code) => code === '00')).toHaveLength(1);
    expect(codes.filter((code) => code === '02')).toHaveLength(IPNS - 1);
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
    expect((await historyOf(`PAYMENT#${paymentId}`)).filter((entry) => entry.to === 'PAID')).toHaveLength(1);
    const after = await reloadDossier(dossier.id);
    expect(after).toMatchObject({ version: dossier.version + 1, fee: { amount: 75_000, state: 'PAID' } });
    figures('concurrency.ipn', { requests: IPNS, confirmed: 1, alreadyConfirmed: codes.filter((c) => c === '02').length, paidTransitions: 1, events: 1 });
  });
});

describe('officers acting on one dossier at once', () => {
  it(`one wins, the others get 409, over ${OFFICER_ROUNDS} rounds of 2 to 5 officers`, async () => {
    let requests = 0;
    let conflicts = 0;
    for (let round = 0; round < OFFICER_ROUNDS; round++) {
      const officers = 2 + (round % 4);
      const { dossier } = await seedInInbox(agencyA.id);
      const tokens = await Promise.all(ids(officers).map((i) => gateway.token('officer', { sub: `officer-${round}-${i}`, agencyId: agencyA.id })));

      // Half receive, half refuse: the two outcomes exclude each other.
      const answers = await Promise.all(
        tokens.map(async (token, i) => {
          const action = i % 2 === 0 ? 'receive' : 'refuse';
          const res = await gateway.request('POST', `/agency/dossiers/${dossier.id}/${action}`, { token, json: action === 'refuse' ? { reason: 'Hồ sơ không hợp lệ' } : {}, headers: { 'idempotency-key': randomUUID() } });
          return { status: res.status, code: res.status === 409 ? (await res.json()).code : undefined };
        }),
      );
      requests += officers;

      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      const losers = answers.filter((a) => a.status !== 200);
      expect(losers.map((a) => a.status)).toEqual(losers.map(() => 409));
      expect(losers.every((a) => a.code === 'CONFLICT' || a.code === 'ILLEGAL_TRANSITION')).toBe(true);
      conflicts += losers.length;
      const history = await getDossierHistory(dossier.id);
      expect(history.map((entry) => entry.action)).toEqual(['submit', expect.stringMatching(/^(receive|refuse)$/)]);
      const winner = history[1]!.action === 'receive' ? 'dossier.received' : 'dossier.not_accepted';
      expect(await outboxEventsAbout(winner, dossier.id)).toHaveLength(1);
      expect((await reloadDossier(dossier.id)).version).toBe(dossier.version + 1);
    }
    figures('concurrency.officers', { rounds: OFFICER_ROUNDS, requests, winners: OFFICER_ROUNDS, conflicts409: conflicts });
  });
});
