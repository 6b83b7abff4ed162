import type { Construct } from 'constructs';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ConsumerRule, Schedule } from '../../events/rules';
import type { Route } from '../routes';
import { attachmentsBucket, documentsBucket } from '../../shared/store/buckets';
import { PublicApi, routeId } from './api';
import { importBucket } from './buckets';
import { EventRouting } from './events';
import type { DataPlane } from './grants';
import { Observability } from './observability';
import type { StatefulStack } from './stateful';
import type { StageConfig } from './stage';

/** The declarations CDK deploys; the app passes those of infra/routes.ts and events/rules.ts. */
export interface Declarations {
  routes: readonly Route[];
  consumerRules: readonly ConsumerRule[];
  schedules: readonly Schedule[];
  publisherHandler: string;
}

/** The code: functions, the HTTP API, event routing, alarms. Safe to destroy and redeploy at will. */
export class StatelessStack extends Stack {
  readonly api: PublicApi;
  readonly eventRouting: EventRouting;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: StageConfig, stateful: StatefulStack, declarations: Declarations, props?: StackProps) {
    super(scope, id, props);
    const data: DataPlane = {
      stage: config.stage,
      mainTable: stateful.tables.main,
      mainIndexNames: stateful.tables.mainIndexNames,
      outboxTable: stateful.tables.outbox,
      attachments: importBucket(this, config, attachmentsBucket),
      documents: importBucket(this, config, documentsBucket),
      bus: stateful.events.bus,
      secrets: stateful.secrets.byName,
    };

    this.api = new PublicApi(this, 'Api', { config, data, jwt: stateful.jwt, routes: declarations.routes });
    this.eventRouting = new EventRouting(this, 'Events', {
      config,
      data,
      publisherHandler: declarations.publisherHandler,
      consumerRules: declarations.consumerRules,
      schedules: declarations.schedules,
    });

    const routeFunctions = this.api.functions.map(({ route, fn }) => ({ name: routeId(route), fn, route }));
    this.observability = new Observability(this, 'Observability', {
      config,
      api: this.api.api,
      functions: [
        ...routeFunctions,
        ...this.eventRouting.functions.map((fn) => ({ name: fn.node.id, fn })),
      ],
      paymentCallbacks: routeFunctions.filter(({ route }) => route.path.startsWith('/webhooks')),
      publisher: this.eventRouting.publisher,
      deadLetterQueues: this.eventRouting.deadLetterQueues.map((queue) => ({ name: queue.node.path.split('/').slice(2).join(''), queue })),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn, description: 'Subscribe on-call here' });
  }
}
