import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { events } from '../../events/catalog';
import { dossierRef } from '../../shared/domain/dossier';
import { outboxEvent } from '../../shared/store/outbox';
import { useLocalWorld } from '../support/local';
import { agencyA, bridgeEvent, seedCatalogue, seedInInbox } from '../agency/support';

// The providers are configured for this file, as CDK would set them in AWS; the SDK clients are
// mocked (the only fake here), DynamoDB Local holds the records.
process.env.NOTIFY_EMAIL_FROM = 'thongbao@motcua.example';
process.env.NOTIFY_SMS = 'on';
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let notify: (event: ReturnType<typeof bridgeEvent>) => Promise<unknown>;
beforeAll(async () => {
  notify = (await import('../../functions/notifications/notify-citizen')).handler as typeof notify;
});
beforeEach(() => {
  ses.reset();
  sns.reset();
});

async function statuses(dossierId: string, owner: string) {
  const token = await gateway.token('citizen', { sub: owner });
  const { items } = await (await gateway.request('GET', `/dossiers/${dossierId}/notifications`, { token })).json();
  return Object.fromEntries((items as { channel: string; status: string }[]).map((n) => [n.channel, n.status]));
}

describe('notification delivery through SES and SNS', () => {
  it('sends the email and the SMS once, however often the event comes, and marks them SENT', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-d1' });
    const event = bridgeEvent(outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED' }, 'officer-a')));
    await notify(event);
    await notify(event);

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toMatchObject({ FromEmailAddress: 'thongbao@motcua.example', Destination: { ToAddresses: [dossier.applicant.email] } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.PhoneNumber).toBe('+84912345678');
    expect(await statuses(dossier.id, 'citizen-d1')).toEqual({ email: 'SENT', sms: 'SENT' });
  });

  it('keeps a notification PENDING while the provider fails, and sends it when the event is retried', async () => {
    const { dossier } = await seedInInbox(agencyA.id, { ownerSub: 'citizen-d2' });
    const event = bridgeEvent(outboxEvent(events.dossierReceived, dossierRef({ ...dossier, status: 'RECEIVED' }, 'officer-a')));
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('Throttled'), { name: 'ThrottlingException' }))
      .resolves({ MessageId: 'm-1' });

    await expect(notify(event)).rejects.toThrow('Throttled');
    expect(await statuses(dossier.id, 'citizen-d2')).toEqual({ email: 'SENT', sms: 'PENDING' });

    await notify(event); // EventBridge's retry
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(await statuses(dossier.id, 'citizen-d2')).toEqual({ email: 'SENT', sms: 'SENT' });
  });
});
