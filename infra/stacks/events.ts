import { Construct } from 'constructs';
import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Rule, Schedule as RuleSchedule, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EVENT_SOURCE } from '../../events/envelope';
import type { ConsumerRule, Schedule } from '../../events/rules';
import type { Uses } from '../routes';
import type { DataPlane } from './grants';
import { MotcuaFunction } from './function';
import { DeadLetterQueue, QueueWithDlq } from './queues';
import type { StageConfig } from './stage';

export interface EventRoutingProps {
  config: StageConfig;
  data: DataPlane;
  /** The outbox stream's consumer (functions/events/publish.ts). */
  publisherHandler: string;
  consumerRules: readonly ConsumerRule[];
  schedules: readonly Schedule[];
}

/** `route-dossier` → `RouteDossier`, for construct ids. */
const pascal = (id: string) => id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** An asynchronously invoked function with a dead-letter queue for events its retries could not handle. */
interface AsyncConsumer { fn: MotcuaFunction; dlq: DeadLetterQueue }

/**
 * Events from the outbox to their consumers: the stream publisher, one rule + function per
 * consumer rule of events/rules.ts, the scheduled jobs, and a queue per agency integration.
 */
export class EventRouting extends Construct {
  readonly publisher: MotcuaFunction;
  readonly publisherDlq: DeadLetterQueue;
  readonly consumers: ReadonlyArray<AsyncConsumer & { rule: Rule }> ;
  readonly agencyQueues: ReadonlyArray<{ agencyId: string; queues: QueueWithDlq }>;
  /** Every dead-letter queue here, each watched by an alarm. */
  readonly deadLetterQueues: DeadLetterQueue[] = [];
  /** Every function here, for the error and throttle alarms. */
  readonly functions: MotcuaFunction[] = [];

  constructor(scope: Construct, id: string, private readonly props: EventRoutingProps) {
    super(scope, id);
    const { data } = props;

    // Outbox stream → bus. Its only grant beyond reading the stream: PutEvents on our bus.
    this.publisher = this.fn('Publisher', props.publisherHandler, 'Publishes outbox events to the bus', {}, Duration.seconds(30), 256);
    data.bus.grantPutEventsTo(this.publisher);
    this.publisherDlq = this.dlq('PublisherDlq', 'the outbox stream publisher (poison records)');
    this.publisher.addEventSource(new DynamoEventSource(data.outboxTable, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 50,
      maxBatchingWindow: Duration.seconds(1),
      // A failing batch is split until the poison record is alone; the good ones get through.
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      maxRecordAge: Duration.days(1),
      onFailure: new SqsDlq(this.publisherDlq),
    }));

    this.consumers = props.consumerRules.map((declared) => {
      const consumer = this.asyncConsumer(pascal(declared.id), declared.handler, declared.description, declared.uses);
      const rule = new Rule(this, `${pascal(declared.id)}Rule`, {
        eventBus: data.bus,
        description: declared.description,
        eventPattern: {
          source: [...(declared.pattern.source ?? [EVENT_SOURCE])],
          detailType: [...declared.pattern['detail-type']],
          ...(declared.pattern.detail ? { detail: declared.pattern.detail } : {}),
        },
        targets: [this.lambdaTarget(consumer)],
      });
      return { ...consumer, rule };
    });

    for (const job of props.schedules) {
      const consumer = this.asyncConsumer(pascal(job.id), job.handler, job.description, job.uses, Duration.minutes(5));
      // Scheduled rules live on the default bus, the only one that can carry schedules.
      new Rule(this, `${pascal(job.id)}Schedule`, {
        description: job.description,
        schedule: RuleSchedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [this.lambdaTarget(consumer)],
      });
    }

    this.agencyQueues = props.config.agencyIntegrations.map(({ agencyId }) => {
      const queues = new QueueWithDlq(this, `Agency${pascal(agencyId)}`);
      this.deadLetterQueues.push(queues.dlq);
      new Rule(this, `Agency${pascal(agencyId)}Rule`, {
        eventBus: data.bus,
        description: `Cases of agency ${agencyId} to its integration queue`,
        eventPattern: { source: [EVENT_SOURCE], detail: { data: { agencyId: [agencyId] } } },
        targets: [new SqsQueue(queues.queue, { deadLetterQueue: queues.dlq, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
      });
      new CfnOutput(this, `Agency${pascal(agencyId)}QueueUrl`, { value: queues.queue.queueUrl, description: `Queue of agency ${agencyId}` });
      return { agencyId, queues };
    });
  }

  private fn(id: string, handler: string, description: string, uses: Uses, timeout: Duration, memorySize = 512) {
    const { config, data } = this.props;
    const fn = new MotcuaFunction(this, id, { handler, description, uses, data, timeout, memorySize, logRetention: config.logRetention, removalPolicy: config.removalPolicy });
    this.functions.push(fn);
    return fn;
  }

  private dlq(id: string, ofWhat: string) {
    const dlq = new DeadLetterQueue(this, id, ofWhat);
    this.deadLetterQueues.push(dlq);
    return dlq;
  }

  /**
   * EventBridge invokes Lambda asynchronously: the target's DLQ catches events EventBridge could
   * not deliver, the function's on-failure destination catches those the handler failed twice.
   */
  private asyncConsumer(id: string, handler: string, description: string, uses: Uses, timeout = Duration.seconds(60)): AsyncConsumer {
    const fn = this.fn(id, handler, description, uses, timeout);
    const dlq = this.dlq(`${id}Dlq`, `the ${id} consumer`);
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(dlq) });
    return { fn, dlq };
  }

  private lambdaTarget({ fn, dlq }: AsyncConsumer): IRuleTarget {
    return new LambdaFunction(fn, { deadLetterQueue: dlq, retryAttempts: 8, maxEventAge: Duration.hours(6) });
  }
}
