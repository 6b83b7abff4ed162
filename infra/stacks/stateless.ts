import type { Construct } from 'constructs';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ConsumerRule, Schedule } from '../../events/rules';
import type { Route } from '../routes';
import { attachmentsBucket, documentsBucket } from '../../shared/store/buckets';
import { ENV } from '../../shared/config';
import { profileEnv } from '../../shared/identity/profiles';
import { ApiArea, PublicApi, pascal, routeId, routesByArea } from './api';
import { importBucket } from './buckets';
import { AgencyIntegrations, EventRouting } from './events';
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

/**
 * The code: functions, the HTTP API, event routing, alarms. Safe to destroy and redeploy at will.
 *
 * CloudFormation allows 500 resources per stack and each function brings about ten (function,
 * role, policy, log group, route, integration, permission, alarm...). So this stack holds only
 * what the stage shares (the HTTP API, its stage and authorizer, the alarm topic, the dashboard)
 * and one nested stack per API area (`Api<Tag>`: the routes whose contract carries that tag), one
 * for event routing (`Events`) and one for the agencies' integrations (`Agencies`). They deploy
 * and roll back with this stack, in one `cdk deploy`.
 */
export class StatelessStack extends Stack {
  readonly api: PublicApi;
  readonly areas: ReadonlyMap<string, ApiArea>;
  readonly eventRouting: EventRouting;
  /** Only with context `agencyIntegrations`: CloudFormation refuses a template without resources. */
  readonly agencies?: AgencyIntegrations;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: StageConfig, stateful: StatefulStack, declarations: Declarations, props?: StackProps) {
    super(scope, id, props);
    this.api = new PublicApi(this, 'Api', { config, jwt: stateful.jwt, routes: declarations.routes });
    const data: DataPlane = {
      stage: config.stage,
      mainTable: stateful.tables.main,
      mainIndexNames: stateful.tables.mainIndexNames,
      outboxTable: stateful.tables.outbox,
      attachments: importBucket(this, config, attachmentsBucket),
      documents: importBucket(this, config, documentsBucket),
      bus: stateful.events.bus,
      secrets: stateful.secrets.names,
      notifications: { ...(config.notifyEmailFrom ? { emailFrom: config.notifyEmailFrom } : {}), sms: config.notifySms },
      // A deploy-time value (the stage's setting, else this API's own URL), never a request's Host.
      payments: { returnUrl: config.payments.returnUrl ?? `${this.api.url}payments/vnpay/return`, ...(config.payments.frontendUrl ? { frontendUrl: config.payments.frontendUrl } : {}) },
      identityEnvironment: {
        ...profileEnv(config.identity),
        ...(config.population ? { [ENV.populationApiUrl]: config.population.url, [ENV.populationIntegrationCode]: config.population.integrationCode } : {}),
      },
      publicBaseUrl: config.publicBaseUrl ?? this.api.api.apiEndpoint,
    };
    this.observability = new Observability(this, 'Observability', { config, api: this.api.api });
    const alarmTopic = this.observability.topic;

    const areas = new Map<string, ApiArea>();
    for (const [area, routes] of routesByArea(declarations.routes)) {
      areas.set(area, new ApiArea(this, `Api${pascal(area)}`, { area, config, data, api: this.api, routes, alarmTopic }));
    }
    this.areas = areas;
    this.eventRouting = new EventRouting(this, 'Events', {
      config,
      data,
      publisherHandler: declarations.publisherHandler,
      consumerRules: declarations.consumerRules,
      schedules: declarations.schedules,
      alarmTopic,
    });
    if (config.agencyIntegrations.length > 0) this.agencies = new AgencyIntegrations(this, 'Agencies', { config, data, alarmTopic });

    if (config.dashboard)
      this.observability.addDashboard({
        config,
        api: this.api.api,
        functions: [...[...areas.values()].flatMap((area) => area.functions.map(({ route, fn }) => ({ name: routeId(route), fn }))), ...this.eventRouting.functions],
        publisher: this.eventRouting.publisher,
        deadLetterQueues: [...this.eventRouting.deadLetterQueues, ...(this.agencies?.deadLetterQueues ?? [])],
      });

    // Outputs of nested stacks are not shown by `cdk deploy`: the agencies' queue URLs are output here.
    for (const { agencyId, queues } of this.agencies?.agencies ?? []) {
      new CfnOutput(this, `Agency${pascal(agencyId)}QueueUrl`, { value: queues.queue.queueUrl, description: `Queue of agency ${agencyId}` });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn, description: 'Subscribe on-call here' });
  }

  /** This stack and its nested stacks, for checks that must see every template. */
  get allStacks(): Stack[] {
    return [this, ...this.areas.values(), this.eventRouting, ...(this.agencies ? [this.agencies] : [])];
  }
}
