import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { config } from '../config';

let client: EventBridgeClient | undefined;

function eventBridge(): EventBridgeClient {
  if (!client) {
    const { eventBridgeEndpoint } = config();
    client = new EventBridgeClient(eventBridgeEndpoint ? { endpoint: eventBridgeEndpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 } : { maxAttempts: 3 });
  }
  return client;
}

export interface BusEntry {
  source: string;
  detailType: string;
  /** The detail as JSON text, exactly as the outbox stored it. */
  detail: string;
  time: Date;
}

/** Puts up to 10 entries on the bus; answers which ones failed (by index), as PutEvents does. */
export async function putOnBus(entries: readonly BusEntry[]): Promise<number[]> {
  const { eventBusName } = config();
  const request: PutEventsRequestEntry[] = entries.map((entry) => ({ EventBusName: eventBusName, Source: entry.source, DetailType: entry.detailType, Detail: entry.detail, Time: entry.time }));
  const response = await eventBridge().send(new PutEventsCommand({ Entries: request }));
  return (response.Entries ?? []).flatMap((entry, index) => (entry.ErrorCode ? [index] : []));
}
