import { handler as notifyCitizen } from '../../functions/notifications/notify-citizen';
import { events } from '../../events/catalog';
import { dossierRef } from '../../shared/domain/dossier';
import { logger } from '../../shared/logger';
import type { Notifier } from '../../shared/notifications/notifier';
import { notifyCitizen as notifyCitizenUseCase } from '../../shared/notifications/notify';
import { storedNotifier } from '../../shared/notifications/stored';
import * as notificationsStore from '../../shared/store/notifications';
import { outboxEvent } from '../../shared/store/outbox';
import { agencyA, bridgeEvent, seedCatalogue, seedInInbox } from '../agency/support';
import { useLocalWorld } from '../support/local';

/** The notifier consumer: what a citizen is told, once per event, and nothing lost when a channel fails. */
const { gateway } = useLocalWorld({ seed: seedCatalogue });

describe('the notifier', () => {
  it('stores an email and an SMS for a citizen-facing event, once, readable by the owner only', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-n' });
    const received = outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED' }, 'officer-a'));
    await notifyCitizen(bridgeEvent(received));
    await notifyCitizen(bridgeEvent(received));
    const owner = await gateway.token('citizen', { sub: 'citizen-n' });
    const res = await gateway.request('GET', `/dossiers/${dossier.id}/notifications`, { token: owner });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.map((n: { channel: string }) => n.channel).sort()).toEqual(['email', 'sms']);
    expect(items[0]).toMatchObject({ eventType: 'dossier.received', status: 'PENDING' });
    expect(items.find((n: { channel: string }) => n.channel === 'sms').to).toBe('0912345678');
    expect(items[0].text).toContain(dossier.code);
    const stranger = await gateway.token('citizen', { sub: 'someone-else' });
    expect((await gateway.request('GET', `/dossiers/${dossier.id}/notifications`, { token: stranger })).status).toBe(404);
  });

  it('fails when storing fails, and a retry of the same event loses nothing and duplicates nothing', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-r' });
    const stopped = outboxEvent(events.dossierStopped, { ...dossierRef({ ...dossier, status: 'STOPPED' }, 'officer-a'), reason: 'Dừng theo đề nghị' });
    const event = bridgeEvent(stopped);
    const detail = event.detail as { metadata: { eventId: string; occurredAt: string }; data: { dossierId: string } };
    const input = { detailType: event['detail-type'], eventId: detail.metadata.eventId, occurredAt: detail.metadata.occurredAt, data: detail.data };
    let smsCalls = 0;
    const flakySms: Notifier = {
      channel: 'sms',
      send: async (n) => {
        smsCalls += 1;
        if (smsCalls === 1) throw new Error('throttled');
        return storedNotifier('sms').send(n);
      },
    };
    const notifiers = [storedNotifier('email'), flakySms];
    await expect(notifyCitizenUseCase(input, notifiers, logger)).rejects.toThrow('throttled');
    await notifyCitizenUseCase(input, notifiers, logger); // the platform's retry
    await notifyCitizenUseCase(input, notifiers, logger); // and a duplicate delivery
    const items = await notificationsStore.listNotifications(dossier.id);
    expect(items.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
  });

  it('ignores a malformed event by failing it (to be retried, then dead-lettered), never by dropping it', async () => {
    await expect(notifyCitizen({ ...bridgeEvent(outboxEvent(events.dossierReceived, { dossierId: 'x', procedureCode: 'p', status: 'RECEIVED', statusCode: 2, actorSub: 'o' })), detail: { data: {} } })).rejects.toThrow(
      'Malformed',
    );
  });
});
