import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { EVENT_SOURCE, type EventDefinition } from '../../events/envelope';
import { config } from '../config';
import type { TransactItem } from './transaction';

/** Outbox items live a week: long enough for any publish retry; the bus archive keeps history. */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

/** An event that will be published once its transaction commits. */
export interface PendingEvent {
  eventId: string;
  item: TransactItem;
}

/**
 * The outbox write for one event, to go in the same TransactWriteItems as the state change that
 * causes it (invariant 1): the stream of the outbox table feeds the publisher. The detail is
 * validated against the catalogue's schema here, so nothing malformed is ever published.
 */
export function outboxEvent<E extends EventDefinition>(definition: E, data: z.input<E['data']>, options: { correlationId?: string; at?: Date; eventId?: string } = {}): PendingEvent {
  const eventId = options.eventId ?? randomUUID();
  const occurredAt = (options.at ?? new Date()).toISOString();
  const detail = definition.detail.parse({ metadata: { eventId, occurredAt, version: definition.version, ...(options.correlationId ? { correlationId: options.correlationId } : {}) }, data });
  return {
    eventId,
    item: {
      Put: {
        TableName: config().outboxTableName,
        Item: { pk: eventId, source: EVENT_SOURCE, detailType: definition.detailType, detail: JSON.stringify(detail), occurredAt, expiresAt: Math.floor(Date.now() / 1000) + OUTBOX_RETENTION_SECONDS },
        // An event id is written once: a retried transaction cannot publish twice.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}
