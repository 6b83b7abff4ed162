import { events } from '../../events/catalog';
import { changeDossier } from '../../shared/domain/dossier';
import { decide } from '../../shared/domain/dossier-lifecycle';
import { s3 } from '../../shared/store/clients';
import { commitDossierChange, getDossier } from '../../shared/store/dossiers';
import { outboxEvent } from '../../shared/store/outbox';
import { useLocalWorld } from '../support/local';
import { citizenClient, idempotencyKey, outboxCount, pdf, pinClock, readyDraft, seedCatalogue, snapshot, unpinClock } from './support';

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let citizen: ReturnType<typeof citizenClient>;

beforeAll(async () => {
  citizen = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-after' }));
});
afterEach(() => {
  unpinClock();
  jest.restoreAllMocks();
});

/** What the officer side (a colleague's issue) does: receive, then request a supplement, pausing the clock. */
async function officerRequestsSupplement(id: string, at: string, papers: string[]) {
  let dossier = (await getDossier(id))!;
  for (const action of ['receive', 'request-supplement'] as const) {
    const change = changeDossier(dossier, {
      action,
      actor: { sub: 'officer-1', role: 'officer', agencyId: 'ubnd-xa-an-binh' },
      at: new Date(at),
      decision: decide(dossier, action, 'officer'),
      ...(action === 'request-supplement' ? { set: { pausedAt: at, request: { reason: 'Thiếu văn bản ủy quyền', papers } } } : {}),
    });
    const next = change.dossier;
    await commitDossierChange({
      ...change,
      events: [
        outboxEvent(action === 'receive' ? events.dossierReceived : events.dossierSupplementRequested, {
          dossierId: id,
          procedureCode: next.procedureCode,
          status: next.status,
          statusCode: 0,
          actorSub: 'officer-1',
          ...(action === 'request-supplement' ? { reason: 'Thiếu văn bản ủy quyền', papers } : {}),
        } as never),
      ],
    });
    dossier = next;
  }
}

describe('POST /dossiers/{id}/withdraw', () => {
  it('withdraws a submitted dossier (status 7) with its event, once', async () => {
    const id = await readyDraft(citizen);
    await citizen.submit(id);
    const outboxBefore = await outboxCount();

    const res = await citizen.withdraw(id, { reason: 'Nộp nhầm' });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'WITHDRAWN', statusCode: 7, allowedActions: [] });
    expect(await outboxCount()).toBe(outboxBefore + 1);
    const again = await citizen.withdraw(id);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('ILLEGAL_TRANSITION');
  });

  it('does not withdraw a draft (the lifecycle does not allow it)', async () => {
    const id = await readyDraft(citizen);
    const res = await citizen.withdraw(id);
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('POST /dossiers/{id}/supplement', () => {
  it('needs the requested papers, then resumes the clock and moves the appointment date forward by the pause', async () => {
    pinClock('2026-03-09T09:00:00+07:00');
    const id = await readyDraft(citizen);
    const submitted = await (await citizen.submit(id)).json();
    expect(submitted.appointmentAt).toBe(new Date('2026-03-10T09:00:00+07:00').toISOString());
    await officerRequestsSupplement(id, new Date('2026-03-09T10:00:00+07:00').toISOString(), ['giay-uy-quyen']);

    pinClock('2026-03-09T13:45:00+07:00');
    const incomplete = await citizen.supplement(id, {});
    expect(incomplete.status).toBe(422);
    expect(await incomplete.json()).toMatchObject({ code: 'PAPER_MISSING', errors: [{ path: 'papers.giay-uy-quyen', code: 'PAPER_MISSING' }] });

    pinClock('2026-03-09T14:00:00+07:00');
    await citizen.attach(id, 'giay-uy-quyen', pdf(500, 'q'));
    pinClock('2026-03-09T15:00:00+07:00');
    const outboxBefore = await outboxCount();
    const res = await citizen.supplement(id, { note: 'Đã bổ sung văn bản ủy quyền' });

    expect(res.status).toBe(200);
    const dossier = await res.json();
    // Paused 10:00-11:30 and 13:30-15:00 = 3 working hours: Tue 09:00 + 3 h = Tue 14:00.
    expect(dossier).toMatchObject({ status: 'RECEIVED', statusCode: 2, appointmentAt: new Date('2026-03-10T14:00:00+07:00').toISOString() });
    expect(dossier.request).toBeUndefined();
    expect(dossier.papers.map((p: { paperId: string; verifiedAt?: string }) => [p.paperId, Boolean(p.verifiedAt)])).toEqual([
      ['giay-chung-sinh', true],
      ['giay-uy-quyen', true],
    ]);
    expect(dossier.history.at(-1)).toMatchObject({ action: 'supplement', from: 'SUPPLEMENT_REQUESTED', to: 'RECEIVED', note: 'Đã bổ sung văn bản ủy quyền' });
    expect(await outboxCount()).toBe(outboxBefore + 1);
  });

  it('is an illegal transition when no supplement was requested', async () => {
    const id = await readyDraft(citizen);
    await citizen.submit(id);
    const res = await citizen.supplement(id, {});
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('when S3 is unavailable', () => {
  it('answers 503 with Retry-After, changes nothing, and lets the same key retry', async () => {
    const id = await readyDraft(citizen);
    const before = await snapshot(citizen, id);
    const key = idempotencyKey();
    jest.spyOn(s3(), 'send').mockImplementation((async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    }) as never);

    const res = await citizen.submit(id, key);

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    jest.restoreAllMocks();
    expect(await snapshot(citizen, id)).toEqual(before);
    const retry = await citizen.submit(id, key);
    expect(retry.status).toBe(200);
    expect((await retry.json()).status).toBe('SUBMITTED');
  });
});
