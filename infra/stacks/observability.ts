import { Construct } from 'constructs';
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StageConfig } from './stage';

export interface ObservabilityProps {
  config: StageConfig;
  api: HttpApi;
  /** Every function, by a readable name. */
  functions: ReadonlyArray<{ name: string; fn: IFunction }>;
  /** Payment callbacks (routes under /webhooks): one failure is already worth a page. */
  paymentCallbacks: ReadonlyArray<{ name: string; fn: IFunction }>;
  publisher: IFunction;
  deadLetterQueues: ReadonlyArray<{ name: string; queue: IQueue }>;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Alarms to an SNS topic (e-mail if `alarmEmail`), and one dashboard for the stage. */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    this.topic = new Topic(this, 'Alarms', { displayName: `motcua ${config.stage} alarms`, enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry no personal data, and CloudWatch cannot publish to a topic under the AWS-managed SNS key; a customer key would cost every small province for no gain.',
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: props.api.metricServerError({ period: FIVE_MINUTES }), requests: props.api.metricCount({ period: FIVE_MINUTES }) },
      label: 'HTTP 5xx %',
      period: FIVE_MINUTES,
    });
    this.alarm('Api5xxRate', serverErrorRate, 1, 'More than 1% of API requests answered 5xx over 5 minutes', 2);

    for (const { name, fn } of props.functions) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES }), 5, `${name} failed 5+ times in 5 minutes`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES }), 1, `${name} was throttled (account concurrency reached?)`);
    }
    for (const { name, fn } of props.paymentCallbacks) {
      this.alarm(`${name}PaymentCallbackFailed`, fn.metricErrors({ period: Duration.minutes(1) }), 1, `A payment callback (${name}) failed: the gateway will retry, but money may be waiting`);
    }
    for (const { name, queue } of props.deadLetterQueues) {
      this.alarm(`${name}HasMessages`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, `${name} holds messages: inspect and redrive`);
    }
    const iteratorAge = props.publisher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
    this.alarm('PublisherIteratorAge', iteratorAge, 60_000, 'Outbox events wait more than a minute to be published', 3);

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `motcua-${config.stage}` });
    dashboard.addWidgets(
      new GraphWidget({ title: 'API requests', left: [props.api.metricCount({ period: FIVE_MINUTES })], right: [serverErrorRate] }),
      new GraphWidget({ title: 'API latency p99', left: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' })] }),
      new GraphWidget({ title: 'Publisher iterator age', left: [iteratorAge] }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', width: 12, left: props.functions.map(({ name, fn }) => fn.metricErrors({ label: name, period: FIVE_MINUTES })) }),
      new GraphWidget({ title: 'Dead-letter queues', width: 12, left: props.deadLetterQueues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ label: name, period: Duration.minutes(1) })) }),
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
