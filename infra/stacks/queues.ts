import { Construct } from 'constructs';
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';

/** Every queue: encrypted at rest, TLS only. */
const secure = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

/**
 * A dead-letter queue: where a message or event goes after its retries, kept 14 days for an
 * operator to inspect and redrive. Any message on it raises an alarm (observability.ts).
 */
export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string, ofWhat: string) {
    super(scope, id, { ...secure, retentionPeriod: Duration.days(14) });
    Validations.of(this).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of ${ofWhat}.` });
  }
}

/** A work queue with its own dead-letter queue after `maxReceiveCount` failed receipts. */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly dlq: DeadLetterQueue;

  /** `dlq`: a dead-letter queue shared with other work queues; else one of its own. */
  constructor(scope: Construct, id: string, props: { maxReceiveCount?: number; visibilityTimeout?: Duration; dlq?: DeadLetterQueue } = {}) {
    super(scope, id);
    this.dlq = props.dlq ?? new DeadLetterQueue(this, 'Dlq', this.node.path);
    this.queue = new Queue(this, 'Queue', {
      ...secure,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
