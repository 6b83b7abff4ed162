import { handler as notifyCitizen } from '../../functions/notifications/notify-citizen';
import { events } from '../../events/catalog';
import { dossierRef } from '../../shared/domain/dossier';
import { accountOutbox, CODE_QUOTA } from '../../shared/notifications/contacts';
import { DESTINATION_QUOTA } from '../../shared/notifications/notify';
import { getDossier } from '../../shared/store/dossiers';
import { listNotifications } from '../../shared/store/notifications';
import { outboxEvent } from '../../shared/store/outbox';
import { bridgeEvent } from '../agency/support';
import { birthRegistration, goodAnswers, idempotencyKey, seedCatalogue } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { figures } from './support';

/**
 * Issue 12.7: the system messages nobody it was not vouched for. A citizen types the applicant's
 * phone and email; a message goes there only if the identity provider verified it, the account
 * confirmed it with a code, or the dossier came vouched for (DVCQG, desk). Every destination and
 * account has daily quotas, and the codes themselves the tightest.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });

type Sent = { channel: string; to: string; status: string; suppressed?: string; text: string };
let strangersMessaged = 0;
let tried = 0;
afterAll(() => figures('contacts', { casesTried: tried, strangersMessaged }));

const citizenWith = (sub: string, identity: { phone?: string; email?: string }) => gateway.token('citizen', { sub, identity });
const post = (token: string, path: string, json: unknown) => gateway.request('POST', path, { token, json, headers: { 'idempotency-key': idempotencyKey() } });

/** A draft whose applicant gives these contacts, and the notifications one citizen-facing event makes. */
async function draftFor(token: string, contacts: { phone?: string; email?: string }) {
  const res = await post(token, '/dossiers', { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', applicant: { fullName: 'Nguyễn Văn A', nationalId: '001099012345', ...contacts }, answers: goodAnswers });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}
async function notifyAbout(id: string): Promise<void> {
  const dossier = (await getDossier(id))!;
  await notifyCitizen(bridgeEvent(outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED', code: dossier.code ?? 'UBAB-261201-0001' }, 'officer-1'))));
}
const sentFor = async (token: string, id: string): Promise<Sent[]> => (await (await gateway.request('GET', `/dossiers/${id}/notifications`, { token })).json()).items;
const codeSentTo = async (sub: string) => /\b(\d{6})\b/.exec((await listNotifications(accountOutbox(sub))).at(-1)!.text)![1]!;

describe('messages go only to contacts someone vouched for', () => {
  it('sends to the contact the identity provider verified, and suppresses the typed stranger, masked', async () => {
    const token = await citizenWith('contacts-1', { phone: '0912000001' });
    const id = await draftFor(token, { phone: '0912000001', email: 'nguoi.la@example.vn' });
    await notifyAbout(id);
    tried += 1;
    const items = await sentFor(token, id);
    const sms = items.find((n) => n.channel === 'sms')!;
    const email = items.find((n) => n.channel === 'email')!;
    expect(sms).toMatchObject({ to: '0912000001', status: 'PENDING' });
    expect(email).toMatchObject({ status: 'SUPPRESSED', suppressed: 'unverified', to: 'n***@example.vn' });
    if (email.status !== 'SUPPRESSED') strangersMessaged += 1;
  });

  it("sends to a stranger's number only after the account typed back the code sent to it", async () => {
    const token = await citizenWith('contacts-2', {});
    const id = await draftFor(token, { phone: '0912000002' });
    await notifyAbout(id);
    tried += 1;
    if ((await sentFor(token, id)).some((n) => n.status !== 'SUPPRESSED')) strangersMessaged += 1;

    const asked = await post(token, '/me/contacts', { channel: 'sms', address: '+84 912 000 002' });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toMatchObject({ channel: 'sms', address: '091****002', status: 'CODE_SENT' });
    const code = await codeSentTo('contacts-2');
    const wrong = await post(token, '/me/contacts/confirm', { channel: 'sms', address: '0912000002', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).code).toBe('CODE_INVALID');
    // Another account cannot use this account's code.
    const other = await citizenWith('contacts-2b', {});
    expect((await (await post(other, '/me/contacts/confirm', { channel: 'sms', address: '0912000002', code })).json()).code).toBe('CODE_EXPIRED');
    const right = await post(token, '/me/contacts/confirm', { channel: 'sms', address: '0912000002', code });
    expect(right.status).toBe(200);
    expect((await (await gateway.request('GET', '/me/contacts', { token })).json()).items).toEqual([expect.objectContaining({ channel: 'sms', address: '0912000002', vouch: 'code' })]);

    const second = outboxEvent(events.dossierRescheduled, {
      ...dossierRef({ ...(await getDossier(id))!, status: 'PROCESSING', code: 'UBAB-261201-0002' }, 'officer-1'),
      appointmentAt: '2027-01-05T09:00:00.000Z',
      previousAppointmentAt: '2027-01-04T09:00:00.000Z',
      reason: 'Cần xác minh',
    });
    await notifyCitizen(bridgeEvent(second));
    expect((await sentFor(token, id)).filter((n) => n.status === 'PENDING').map((n) => n.to)).toEqual(['0912000002']);
  });

  it('gives a code five guesses in all, even in parallel', async () => {
    const token = await citizenWith('contacts-3', {});
    expect((await post(token, '/me/contacts', { channel: 'email', address: 'Ban.Toi@Example.VN' })).status).toBe(202);
    const code = await codeSentTo('contacts-3');
    const guesses = Array.from({ length: 8 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map(async (guess) => (await (await post(token, '/me/contacts/confirm', { channel: 'email', address: 'ban.toi@example.vn', code: guess })).json()).code));
    tried += guesses.length;
    expect(answers.filter((c) => c === 'CODE_INVALID')).toHaveLength(5);
    expect(answers.filter((c) => c === 'CODE_EXHAUSTED')).toHaveLength(3);
    expect((await (await post(token, '/me/contacts/confirm', { channel: 'email', address: 'ban.toi@example.vn', code })).json()).code).toBe('CODE_EXHAUSTED');
  });

  it(`sends at most ${CODE_QUOTA} codes a day to one destination, whoever asks, even all at once`, async () => {
    // Different accounts, different requests, at the same time: the quota is taken atomically.
    const tokens = await Promise.all(Array.from({ length: CODE_QUOTA + 5 }, (_, i) => citizenWith(`contacts-flood-${i}`, {})));
    const responses = await Promise.all(tokens.map((token) => post(token, '/me/contacts', { channel: 'sms', address: '0987000009' })));
    const statuses = responses.map((res) => res.status);
    for (const res of responses.filter((r) => r.status === 429)) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await res.json()).code).toBe('RATE_LIMITED');
    }
    tried += statuses.length;
    expect(statuses.filter((s) => s === 202)).toHaveLength(CODE_QUOTA);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const codesSent = (await Promise.all(tokens.map((_, i) => listNotifications(accountOutbox(`contacts-flood-${i}`))))).flat();
    expect(codesSent).toHaveLength(CODE_QUOTA);
    if (statuses.filter((s) => s === 202).length > CODE_QUOTA) strangersMessaged += 1;
  });

  it(`sends at most ${DESTINATION_QUOTA} messages a day to one destination; the rest are recorded as rate-limited`, async () => {
    const token = await citizenWith('contacts-4', { phone: '0912000004' });
    const id = await draftFor(token, { phone: '0912000004' });
    const dossier = (await getDossier(id))!;
    for (let i = 0; i < DESTINATION_QUOTA + 3; i++) {
      await notifyCitizen(bridgeEvent(outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED', code: `UBAB-261201-${String(i).padStart(4, '0')}` }, 'officer-1'))));
    }
    tried += DESTINATION_QUOTA + 3;
    const items = await sentFor(token, id);
    expect(items.filter((n) => n.status === 'PENDING')).toHaveLength(DESTINATION_QUOTA);
    expect(items.filter((n) => n.suppressed === 'rate-limited')).toHaveLength(3);
  });

  it('refuses what is not a phone or an email, 400 on body.address', async () => {
    const token = await citizenWith('contacts-5', {});
    for (const [channel, address] of [
      ['sms', '12345'],
      ['sms', 'abc'],
      ['email', 'no-at-sign'],
      ['email', 'a@b c'],
    ]) {
      tried += 1;
      const res = await post(token, '/me/contacts', { channel, address });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].path).toBe('body.address');
    }
  });
});
