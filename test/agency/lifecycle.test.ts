import { resolve } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { projectRoot } from '../../infra/local/paths';
import { getDossierHistory } from '../../shared/store/inbox';
import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, procedure, seedCatalogue } from './support';

type Consumer = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

/** The notifier fails the first delivery of every event: EventBridge's retry must make up for it. */
const failedOnce = new Set<string>();
let injectedFailures = 0;

const { gateway, events: pipeline } = useLocalWorld({
  seed: seedCatalogue,
  events: {
    attempts: 3,
    loadHandler: async (rule) => {
      const consumer = ((await import(resolve(projectRoot, rule.handler))) as { handler: Consumer }).handler;
      if (rule.id !== 'notify-citizen') return consumer;
      return async (event) => {
        const eventId = (event.detail as { metadata: { eventId: string } }).metadata.eventId;
        if (!failedOnce.has(eventId)) {
          failedOnce.add(eventId);
          injectedFailures += 1;
          throw new Error('injected notifier failure');
        }
        return consumer(event);
      };
    },
  },
});
let citizen: string;
let officer: string;
let otherOfficer: string;

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-life', nationalId: '001088012345' });
  officer = await gateway.token('officer', { sub: 'officer-life', agencyId: agencyA.id });
  otherOfficer = await gateway.token('officer', { sub: 'officer-other', agencyId: agencyB.id });
}, 60_000);

let keys = 0;
const post = async (token: string, path: string, json: unknown = {}) => {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `life-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
};
const inbox = async (status: string, token = officer) => ((await (await gateway.request('GET', `/agency/dossiers?status=${status}&limit=100`, { token })).json()).items as { id: string }[]).map((i) => i.id);
const eventsOf = (id: string) => pipeline.bus.archive.filter((e) => e.detail.data.dossierId === id).map((e) => e['detail-type']);

// Every consumer runs in this process, the slips' PDF rendering too: give a loaded machine time.
jest.setTimeout(90_000);

describe('one dossier through the one-stop desk, through the local bus', () => {
  it('submit → routed → receive → request-supplement → supplement → resolve → return', async () => {
    // The citizen (issue 4's API) creates and submits.
    const draft = await post(citizen, '/dossiers', {
      procedureCode: procedure.code,
      unitId: 'xa-mot',
      applicant: { fullName: 'Trần Văn Cường', nationalId: '001088012345', phone: '0987654321', email: 'cuong@example.vn' },
      answers: { child: { fullName: 'Trần Minh' } },
    });
    const id: string = draft.id;
    await post(citizen, `/dossiers/${id}/submit`);
    await pipeline.settle();
    expect(eventsOf(id)).toEqual(['dossier.submitted', 'dossier.routed']);
    expect(await inbox('SUBMITTED')).toContain(id);
    expect(await inbox('SUBMITTED', otherOfficer)).not.toContain(id);
    expect((await gateway.request('GET', `/agency/dossiers/${id}`, { token: otherOfficer })).status).toBe(404);

    await post(officer, `/agency/dossiers/${id}/receive`);
    await pipeline.settle();
    expect(await inbox('SUBMITTED')).not.toContain(id);
    expect(await inbox('RECEIVED')).toContain(id);

    await post(officer, `/agency/dossiers/${id}/request-supplement`, { reason: 'Họ tên của trẻ cần ghi đầy đủ', papers: ['answers.child.fullName'] });
    await pipeline.settle();
    expect(await inbox('SUPPLEMENT_REQUESTED')).toContain(id);

    await post(citizen, `/dossiers/${id}/supplement`, { answers: { child: { fullName: 'Trần Minh Khang' } } });
    await pipeline.settle();
    expect(await inbox('SUPPLEMENT_REQUESTED')).not.toContain(id);
    expect(await inbox('RECEIVED')).toContain(id);

    await post(officer, `/agency/dossiers/${id}/resolve`, { decision: 'Cấp Giấy khai sinh số 123/2026' });
    await pipeline.settle();
    expect(await inbox('RESOLVED')).toContain(id);

    await post(officer, `/agency/dossiers/${id}/return`, { method: 'desk' });
    await pipeline.settle();
    expect(await inbox('RESOLVED')).not.toContain(id);
    expect(await inbox('RETURNED')).toContain(id);

    // Every event, in order, once.
    expect(eventsOf(id)).toEqual(['dossier.submitted', 'dossier.routed', 'dossier.received', 'dossier.supplement_requested', 'dossier.supplemented', 'dossier.resolved', 'dossier.returned']);
    // Every history entry, with who did it.
    const history = await getDossierHistory(id);
    expect(history.map((h) => [h.action, h.actor.role, h.to])).toEqual([
      ['create', 'citizen', 'DRAFT'],
      ['submit', 'citizen', 'SUBMITTED'],
      ['route', 'system', 'SUBMITTED'],
      ['receive', 'officer', 'RECEIVED'],
      ['request-supplement', 'officer', 'SUPPLEMENT_REQUESTED'],
      ['supplement', 'citizen', 'RECEIVED'],
      ['resolve', 'officer', 'RESOLVED'],
      ['return', 'officer', 'RETURNED'],
    ]);
    expect(history.filter((h) => h.actor.role === 'officer').every((h) => h.actor.sub === 'officer-life')).toBe(true);

    // The notifier failed each event's first delivery; the bus retried, nothing was lost or doubled.
    expect(injectedFailures).toBeGreaterThan(0);
    expect(pipeline.bus.deadLetters).toEqual([]);
    const { items } = await (await gateway.request('GET', `/dossiers/${id}/notifications`, { token: citizen })).json();
    const emails = items.filter((n: { channel: string }) => n.channel === 'email').map((n: { eventType: string }) => n.eventType);
    expect(emails).toEqual(['dossier.submitted', 'dossier.received', 'dossier.supplement_requested', 'dossier.resolved', 'dossier.returned']);
    expect(items.filter((n: { channel: string }) => n.channel === 'sms')).toHaveLength(5);
    // No personal data on the bus.
    expect(JSON.stringify(pipeline.bus.archive)).not.toMatch(/001088012345|0987654321|cuong@example\.vn|Trần Văn Cường/);
  });
});
