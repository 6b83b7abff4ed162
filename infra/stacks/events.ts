import { Construct } from 'constructs';
import { CfnResource, Duration, NestedStack } from 'aws-cdk-lib';
import { Rule, Schedule as RuleSchedule, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EVENT_SOURCE } from '../../events/envelope';
import type { ConsumerRule, Schedule } from '../../events/rules';
import type { Uses } from '../uses';
import { pascal } from './api';
import type { DataPlane } from './grants';
import { MotcuaFunction } from './function';
import { AlarmsTo } from './observability';
import { DeadLetterQueue, QueueWithDlq } from './queues';
import type { StageConfig } from './stage';

export interface EventRoutingProps {
  config: StageConfig;
  data: DataPlane;
  /** The outbox stream's consumer (functions/events/publish.ts). */
  publisherHandler: string;
  consumerRules: readonly ConsumerRule[];
  schedules: readonly Schedule[];
  alarmTopic: ITopic;
}

/** An asynchronously invoked function with a dead-letter queue for events its retries could not handle. */
interface AsyncConsumer {
  fn: MotcuaFunction;
  dlq: DeadLetterQueue;
}

/** What the stage's dashboard shows of a nested stack. */
export interface Watched {
  functions: ReadonlyArray<{ name: string; fn: MotcuaFunction }>;
  deadLetterQueues: ReadonlyArray<{ name: string; queue: DeadLetterQueue }>;
}

/** A nested stack with a readable name, `motcua-<stage>-stateless-<Id>-<suffix>`. */
abstract class NamedNestedStack extends NestedStack {
  constructor(scope: Construct, id: string, description: string) {
    super(scope, id, { description });
    (this.nestedStackResource as CfnResource).overrideLogicalId(id);
  }
}

/**
 * Events from the outbox to their consumers, in a nested stack of their own: the stream
 * publisher, one rule + function per consumer rule of events/rules.ts, and the scheduled jobs.
 */
export class EventRouting extends NamedNestedStack implements Watched {
  readonly publisher: MotcuaFunction;
  /**
   * One dead-letter queue for the publisher and every consumer, so one alarm metric watches them
   * all (issue 19). Each message says whose it is: EventBridge's carry the RULE_ARN and TARGET_ARN
   * attributes, Lambda's on-failure records the function's ARN, the stream's the shard and sequence.
   */
  readonly dlq: DeadLetterQueue;
  readonly consumers: ReadonlyArray<AsyncConsumer & { rule: Rule }>;
  readonly functions: Array<{ name: string; fn: MotcuaFunction }> = [];
  readonly deadLetterQueues: Array<{ name: string; queue: DeadLetterQueue }> = [];
  /** Inner scope named `Events`, so logical ids read `EventsPublisher…`, `EventsRouteDossierDlq…`. */
  private readonly scope: Construct;
  private readonly alarms: AlarmsTo;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EventRoutingProps,
  ) {
    super(scope, id, `motcua ${props.config.stage}: outbox publisher, event consumers and schedules`);
    this.scope = new Construct(this, 'Events');
    this.alarms = new AlarmsTo(this, 'Alarms', props.alarmTopic);
    const { data } = props;

    // Outbox stream → bus. Its only grant beyond reading the stream: PutEvents on our bus.
    this.publisher = this.fn('Publisher', props.publisherHandler, 'Publishes outbox events to the bus', {}, Duration.seconds(30), 256);
    data.bus.grantPutEventsTo(this.publisher);
    this.dlq = new DeadLetterQueue(this.scope, 'Dlq', 'the outbox publisher (poison records) and every event consumer');
    this.deadLetterQueues.push({ name: 'Dlq', queue: this.dlq });
    this.alarms.deadLetters('Dlq', this.dlq);
    this.publisher.addEventSource(
      new DynamoEventSource(data.outboxTable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        // A failing batch is split until the poison record is alone; the good ones get through.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.dlq),
      }),
    );
    const iteratorAge = this.publisher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
    this.alarms.alarm('PublisherIteratorAge', iteratorAge, 60_000, 'Outbox events wait more than a minute to be published', 3);

    this.consumers = props.consumerRules.map((declared) => {
      const consumer = this.asyncConsumer(pascal(declared.id), declared.handler, declared.description, declared.uses);
      const rule = new Rule(this.scope, `${pascal(declared.id)}Rule`, {
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
      new Rule(this.scope, `${pascal(job.id)}Schedule`, {
        description: job.description,
        schedule: RuleSchedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [this.lambdaTarget(consumer)],
      });
    }
  }

  private fn(id: string, handler: string, description: string, uses: Uses, timeout: Duration, memorySize = 512) {
    const { config, data } = this.props;
    const fn = new MotcuaFunction(this.scope, id, {
      handler,
      description,
      uses,
      data,
      timeout,
      memorySize,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      tracing: config.tracing,
      sourceMapsAtRuntime: config.sourceMapsAtRuntime,
    });
    this.functions.push({ name: id, fn });
    return fn;
  }

  /**
   * EventBridge invokes Lambda asynchronously: the target's DLQ catches events EventBridge could
   * not deliver, the function's on-failure destination catches those the handler failed twice.
   */
  private asyncConsumer(id: string, handler: string, description: string, uses: Uses, timeout = Duration.seconds(60)): AsyncConsumer {
    const fn = this.fn(id, handler, description, uses, timeout);
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.dlq) });
    return { fn, dlq: this.dlq };
  }

  private lambdaTarget({ fn, dlq }: AsyncConsumer): IRuleTarget {
    return new LambdaFunction(fn, { deadLetterQueue: dlq, retryAttempts: 8, maxEventAge: Duration.hours(6) });
  }
}

/**
 * Agencies' systems (context `agencyIntegrations`), in a nested stack of their own: per agency a
 * queue (+ DLQ) fed by a rule on `detail.data.agencyId`, which the agency's system pulls. Agencies
 * that want a webhook get it from the `agency-webhook` consumer of events/rules.ts instead (targets in
 * the secret `motcua/<stage>/agency-webhooks`), so no function lives here.
 */
export class AgencyIntegrations extends NamedNestedStack {
  readonly agencies: ReadonlyArray<{ agencyId: string; queues: QueueWithDlq }>;
  readonly deadLetterQueues: Array<{ name: string; queue: DeadLetterQueue }> = [];

  constructor(scope: Construct, id: string, props: { config: StageConfig; data: DataPlane; alarmTopic: ITopic }) {
    super(scope, id, `motcua ${props.config.stage}: agency integration queues`);
    const inner = new Construct(this, 'Events');
    const alarms = new AlarmsTo(this, 'Alarms', props.alarmTopic);
    const { config, data } = props;
    // One dead-letter queue for every agency's queue, and so one alarm metric however many agencies.
    const dlq = new DeadLetterQueue(inner, 'AgenciesDlq', 'every agency integration queue');
    this.deadLetterQueues.push({ name: 'AgenciesDlq', queue: dlq });
    alarms.deadLetters('AgenciesDlq', dlq);

    this.agencies = config.agencyIntegrations.map(({ agencyId }) => {
      const name = `Agency${pascal(agencyId)}`;
      const queues = new QueueWithDlq(inner, name, { dlq });
      new Rule(inner, `${name}Rule`, {
        eventBus: data.bus,
        description: `Cases of agency ${agencyId} to its integration queue`,
        eventPattern: { source: [EVENT_SOURCE], detail: { data: { agencyId: [agencyId] } } },
        targets: [new SqsQueue(queues.queue, { deadLetterQueue: queues.dlq, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
      });
      return { agencyId, queues };
    });
  }
}
