import { resolve } from 'node:path';
import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { ENV } from '../../shared/config';
import { schedules, type Schedule } from '../../events/rules';
import { startLocalBus, type LocalBus, type LocalBusOptions } from './bus';
import { projectRoot } from './paths';
import { startStreamPoller, type StreamPoller } from './stream-poller';

export interface EventPipeline {
  bus: LocalBus;
  poller: StreamPoller;
  /** Waits until every event written so far is published and every consumer (and what it emitted) is done. */
  settle(timeoutMs?: number): Promise<void>;
  /** Runs one scheduled job now (e.g. the deadline watcher), as its schedule would. */
  runSchedule(id: string): Promise<unknown>;
  stop(): Promise<void>;
}

const importHandler = async <T>(file: string) => ((await import(resolve(projectRoot, file))) as { handler: T }).handler;

/**
 * Outbox stream → publisher (functions/events/publish.ts, unchanged) → local EventBridge → the
 * consumers of events/rules.ts; and, with `runSchedules`, the schedules of events/rules.ts on
 * timers (tests run them on demand with runSchedule).
 */
export interface EventPipelineOptions {
  dynamoDbEndpoint: string;
  outboxTableName: string;
  bus?: LocalBusOptions;
  runSchedules?: boolean;
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  /** Attempts per outbox record before the stream dead-letters it (the event source mapping's retryAttempts + 1). */
  streamAttempts?: number;
}

export async function startEventPipeline(options: EventPipelineOptions): Promise<EventPipeline> {
  const bus = await startLocalBus(options.bus);
  process.env[ENV.eventBridgeEndpoint] = bus.endpoint;
  const publish = await importHandler<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>>('functions/events/publish.ts');
  const poller = await startStreamPoller({ endpoint: options.dynamoDbEndpoint, tableName: options.outboxTableName, handler: publish, startAt: options.startAt, attempts: options.streamAttempts });

  const runSchedule = async (id: string) => {
    const schedule: Schedule | undefined = schedules.find((s) => s.id === id);
    if (!schedule) throw new Error(`No schedule ${id} in events/rules.ts`);
    const handler = await importHandler<(event: unknown) => Promise<unknown>>(schedule.handler);
    return handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: new Date().toISOString(), detail: {} });
  };
  const timers = options.runSchedules
    ? schedules.map((schedule) =>
        setInterval(
          () => void runSchedule(schedule.id).catch((error) => console.error(JSON.stringify({ level: 'error', action: 'schedule.failed', schedule: schedule.id, error: String(error) }))),
          schedule.everyMinutes * 60_000,
        ),
      )
    : [];

  return {
    bus,
    poller,
    runSchedule,
    settle: async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      // Consumers emit events of their own (through the outbox), so drain until nothing moves.
      for (let seen = -1; seen !== bus.archive.length; ) {
        if (Date.now() > deadline) throw new Error('Events did not settle in time');
        seen = bus.archive.length;
        await poller.drain(Math.max(1000, deadline - Date.now()));
        await bus.idle();
      }
    },
    stop: async () => {
      timers.forEach(clearInterval);
      await poller.stop();
      await bus.idle();
      await bus.stop();
    },
  };
}
