import { Construct } from 'constructs';
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StageConfig } from './stage';
import { NEEDS_A_HUMAN, NEEDS_A_HUMAN_METRIC, needsAHumanNamespace } from '../../shared/needs-a-human';

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms that page the stage's topic, created next to what they watch (so each nested stack
 * carries the alarms of its own functions and queues).
 */
export class AlarmsTo extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly topic: ITopic,
  ) {
    super(scope, id);
  }

  /**
   * Any of the payment callbacks fails once: the gateway retries, but money may be waiting. One
   * alarm over their sum (one metric each: there are two or three), not one alarm each.
   */
  paymentCallbacksFailed(callbacks: ReadonlyArray<{ name: string; fn: IFunction }>): Alarm {
    const usingMetrics = Object.fromEntries(callbacks.map(({ fn }, i) => [`callback${i}`, fn.metricErrors({ period: Duration.minutes(1) })]));
    const sum = new MathExpression({ expression: Object.keys(usingMetrics).join(' + '), usingMetrics, label: 'Payment callback errors', period: Duration.minutes(1) });
    return this.alarm('PaymentCallbacksFailed', sum, 1, `A payment callback (${callbacks.map(({ name }) => name).join(', ')}) failed: the gateway will retry, but money may be waiting`);
  }

  /** Any message on a dead-letter queue. */
  deadLetters(name: string, queue: IQueue): Alarm {
    return this.alarm(`${name}HasMessages`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, `${name} holds messages: inspect and redrive`);
  }

  alarm(id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm {
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

/** The stage's alarm topic (e-mail if `alarmEmail`) and the stage-wide alarms. */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: AlarmsTo;
  readonly serverErrorRate: MathExpression;

  constructor(scope: Construct, id: string, props: { config: StageConfig; api: HttpApi }) {
    super(scope, id);
    const { config } = props;
    this.topic = new Topic(this, 'Alarms', { displayName: `motcua ${config.stage} alarms`, enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry no personal data, and CloudWatch cannot publish to a topic under the AWS-managed SNS key; a customer key would cost every small province for no gain.',
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));
    this.alarms = new AlarmsTo(this, 'Stage', this.topic);

    this.serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: props.api.metricServerError({ period: FIVE_MINUTES }), requests: props.api.metricCount({ period: FIVE_MINUTES }) },
      label: 'HTTP 5xx %',
      period: FIVE_MINUTES,
    });
    this.alarms.alarm('Api5xxRate', this.serverErrorRate, 1, 'More than 1% of API requests answered 5xx over 5 minutes', 2);

    // Throttling is a symptom of the account's (regional) concurrency, not of one function: one
    // alarm on Lambda's account-wide Throttles pages the same on-call as one per function would,
    // at one resource instead of one per function; the dashboard shows which function it was.
    const throttles = new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: FIVE_MINUTES });
    this.alarms.alarm('LambdaThrottles', throttles, 1, 'Lambda functions were throttled (account concurrency reached?)');

    // Errors too: one alarm on the account-wide metric, not one per function (51 alarms were $5.10 a
    // month, issue 19). The sum pages at least as soon as any one function would have; the dashboard
    // (context dashboard=true) or the Lambda console show which.
    const errors = new Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: FIVE_MINUTES });
    this.alarms.alarm('LambdaErrors', errors, 5, 'Lambda functions failed 5+ times in 5 minutes (account-wide; see which in the Lambda console)');

    // What needs a person (shared/needs-a-human.ts), from every function's metric filter.
    const needsAHuman = new Metric({ namespace: needsAHumanNamespace(config.stage), metricName: NEEDS_A_HUMAN_METRIC, statistic: 'Sum', period: FIVE_MINUTES });
    const query = `fields @timestamp, @log, action | filter ${NEEDS_A_HUMAN.map((action) => `action = "${action}"`).join(' or ')} | sort @timestamp desc`;
    this.alarms.alarm('NeedsAHuman', needsAHuman, 1, `Something needs a person (${NEEDS_A_HUMAN.join(', ')}). Logs Insights over the stage's /aws/lambda groups: ${query}`);
  }

  /** The stage's dashboard, once every function and queue exists. */
  addDashboard(props: { config: StageConfig; api: HttpApi; functions: ReadonlyArray<{ name: string; fn: IFunction }>; publisher: IFunction; deadLetterQueues: ReadonlyArray<{ name: string; queue: IQueue }> }): Dashboard {
    const iteratorAge = props.publisher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `motcua-${props.config.stage}` });
    dashboard.addWidgets(
      new GraphWidget({ title: 'API requests', left: [props.api.metricCount({ period: FIVE_MINUTES })], right: [this.serverErrorRate] }),
      new GraphWidget({ title: 'API latency p99', left: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' })] }),
      new GraphWidget({ title: 'Publisher iterator age', left: [iteratorAge] }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', width: 12, left: props.functions.map(({ name, fn }) => fn.metricErrors({ label: name, period: FIVE_MINUTES })) }),
      new GraphWidget({ title: 'Lambda throttles', width: 12, left: props.functions.map(({ name, fn }) => fn.metricThrottles({ label: name, period: FIVE_MINUTES })) }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Dead-letter queues', width: 24, left: props.deadLetterQueues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ label: name, period: Duration.minutes(1) })) }),
    );
    return dashboard;
  }
}
