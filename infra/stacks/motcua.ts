import type { App } from 'aws-cdk-lib';
import { Tags } from 'aws-cdk-lib';
import { consumerRules, schedules } from '../../events/rules';
import { PUBLISHER_HANDLER } from '../handlers';
import { routes } from '../routes';
import { StatefulStack } from './stateful';
import { StatelessStack, type Declarations } from './stateless';
import { stageConfig } from './stage';

/** The declarations of this repository: every new route, rule or schedule is deployed as it lands. */
export const repositoryDeclarations: Declarations = {
  routes,
  consumerRules,
  schedules,
  publisherHandler: PUBLISHER_HANDLER,
};

/**
 * The motcua app for the stage named in context (`-c stage=dev|prod`): a stateful and a
 * stateless stack, env-agnostic (account and region come from the deploying credentials).
 */
export function buildMotcua(app: App, declarations: Declarations = repositoryDeclarations) {
  // Log delivery by bucket policy, not ACLs (our buckets enforce bucket-owner object ownership).
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  // Strong references: CloudFormation refuses to delete an export the stateless stack still uses.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const config = stageConfig(app.node);
  const prefix = `motcua-${config.stage}`;
  const protect = { terminationProtection: config.stage === 'prod' };

  const stateful = new StatefulStack(app, `${prefix}-stateful`, config, { ...protect, description: `motcua ${config.stage}: tables, buckets, bus, identity, secrets` });
  const stateless = new StatelessStack(app, `${prefix}-stateless`, config, stateful, declarations, { ...protect, description: `motcua ${config.stage}: functions, HTTP API, event routing, alarms` });
  stateless.addStackDependency(stateful);
  Tags.of(app).add('project', 'motcua');
  Tags.of(app).add('stage', config.stage);
  return { config, stateful, stateless };
}
