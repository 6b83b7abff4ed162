import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { senderHandler, targetLoader } from '../../functions/integrations/agency-webhook-sender';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from '../../shared/integrations/agency-webhook';

const SECRET = 'a-signing-secret-of-the-agency-0123456789';

/** The agency's system: records what it receives; answers 400 to the event ids it is told to refuse. */
interface Received { body: string; signature?: string; eventId?: string }
let server: Server;
let url: string;
const received: Received[] = [];
const refused = new Set<string>();

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const eventId = request.headers[EVENT_ID_HEADER] as string | undefined;
      received.push({ body, signature: request.headers[SIGNATURE_HEADER] as string | undefined, ...(eventId ? { eventId } : {}) });
      response.statusCode = eventId && refused.has(eventId) ? 400 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  refused.clear();
});

const env = () => ({ AGENCY_ID: 'so-tu-phap', AGENCY_WEBHOOK_URL: url, AGENCY_WEBHOOK_SECRET_ID: 'motcua/test/agency-webhooks/so-tu-phap' });
const secrets = (secretString: string) => {
  const asked: string[] = [];
  return { asked, client: { send: async (command: { input: { SecretId?: string } }) => (asked.push(command.input.SecretId!), { SecretString: secretString }) } as never };
};

/** An SQS record as EventBridge's SQS target writes it: the whole event as the body. */
function record(eventId: string, detailType = 'dossier.routed'): SQSRecord {
  const event = {
    version: '0', id: `eb-${eventId}`, 'detail-type': detailType, source: 'motcua', account: '1', time: '2025-08-01T00:00:00Z', region: 'ap-southeast-1', resources: [],
    detail: { metadata: { eventId, occurredAt: '2025-08-01T00:00:00.000Z', version: 1, correlationId: 'c-1' }, data: { dossierId: 'd-1', agencyId: 'so-tu-phap' } },
  };
  return { messageId: `m-${eventId}`, receiptHandle: 'r', body: JSON.stringify(event), attributes: {} as never, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'ap-southeast-1' };
}
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const options = { attempts: 1, timeoutMs: 2000 };

describe('the agency webhook sender (SQS → signed POST)', () => {
  it('POSTs each queued event, signed with the agency\'s secret, with its event id', async () => {
    const { client } = secrets(JSON.stringify({ secret: SECRET }));
    const handler = senderHandler(targetLoader(env(), client), options);

    const response = await handler(batch(record('e-1'), record('e-2', 'dossier.overdue')));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(received.map((r) => r.eventId).sort()).toEqual(['e-1', 'e-2']);
    for (const delivery of received) {
      expect(verifySignature(SECRET, delivery.signature, delivery.body)).toBe(true);
      expect(verifySignature('another-secret-of-16-chars', delivery.signature, delivery.body)).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ type: expect.stringMatching(/^dossier\./), metadata: { eventId: delivery.eventId }, data: { agencyId: 'so-tu-phap' } });
    }
  });

  it('reports only the messages that failed (refused, or not an event), so SQS retries those alone', async () => {
    const { client } = secrets(JSON.stringify({ secret: SECRET }));
    const handler = senderHandler(targetLoader(env(), client), options);
    refused.add('e-bad');
    const garbage = { ...record('e-x'), messageId: 'm-garbage', body: 'not json' };

    const response = await handler(batch(record('e-ok'), record('e-bad'), garbage));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-e-bad' }, { itemIdentifier: 'm-garbage' }]);
    expect(received.map((r) => r.eventId).sort()).toEqual(['e-bad', 'e-ok']);
  });

  it('reads the secret once per cold start, by the id its environment names', async () => {
    const { client, asked } = secrets(JSON.stringify({ secret: SECRET }));
    const handler = senderHandler(targetLoader(env(), client), options);
    await handler(batch(record('e-1')));
    await handler(batch(record('e-2')));
    expect(asked).toEqual(['motcua/test/agency-webhooks/so-tu-phap']);
  });

  it('fails the whole batch (to be retried) when its secret or config is unusable, and sends nothing', async () => {
    const weak = secrets(JSON.stringify({ secret: 'short' }));
    await expect(senderHandler(targetLoader(env(), weak.client), options)(batch(record('e-1')))).rejects.toThrow(/16\+ characters/);
    const { client } = secrets(JSON.stringify({ secret: SECRET }));
    await expect(senderHandler(targetLoader({ ...env(), AGENCY_WEBHOOK_URL: 'http://agency.example.org/hook' }, client), options)(batch(record('e-1')))).rejects.toThrow(/https only/);
    expect(received).toEqual([]);
  });
});
