import type { EventBridgeEvent } from 'aws-lambda';
import type { EventDefinition, EventDetail } from '../../events/envelope';
import { checkConfigAtInit } from '../config';
import { createLogger, type Logger } from '../logger';

/** What a consumer's use case receives: the validated detail of one of the events it subscribed to. */
export interface ConsumedEvent<E extends EventDefinition = EventDefinition> {
  detailType: E['detailType'];
  detail: EventDetail<E>;
  eventId: string;
  log: Logger;
}

/**
 * The primary adapter of every bus consumer: validates the detail against the catalogue's schema
 * (a malformed event throws, so EventBridge retries it and then leaves it in the consumer's DLQ:
 * nothing is lost silently), binds a logger to the event id, and runs the use case. A use case
 * that throws is retried the same way; each use case is idempotent on the event id.
 */
export function eventConsumer<E extends EventDefinition>(name: string, definitions: readonly E[], run: (event: ConsumedEvent<E>) => Promise<unknown>) {
  checkConfigAtInit();
  return async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const definition = definitions.find((d) => d.detailType === event['detail-type']);
    const log = createLogger({ service: 'motcua', consumer: name, detailType: event['detail-type'] });
    if (!definition) {
      log.warn('consumer.unexpected_event');
      return;
    }
    const parsed = definition.detail.safeParse(event.detail);
    if (!parsed.success) {
      log.error('consumer.malformed_event', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
      throw new Error(`Malformed ${event['detail-type']} event`);
    }
    const detail = parsed.data as EventDetail<E>;
    const bound = log.child({ eventId: detail.metadata.eventId, correlationId: detail.metadata.correlationId });
    try {
      const outcome = await run({ detailType: definition.detailType, detail, eventId: detail.metadata.eventId, log: bound });
      bound.info('consumer.done', { outcome: typeof outcome === 'string' ? outcome : undefined });
    } catch (error) {
      bound.error('consumer.failed', { error });
      throw error;
    }
  };
}
