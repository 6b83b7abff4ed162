import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Construct } from 'constructs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NEEDS_A_HUMAN, NEEDS_A_HUMAN_METRIC, needsAHumanNamespace } from '../../shared/needs-a-human';
import { ENV, FUNCTION_TIMEOUT_SECONDS } from '../../shared/config';
import { BUNDLE, SOURCE_MAPS_AT_RUNTIME } from '../bundle/options';
import type { Uses } from '../uses';
import { FONT_FILES, FONT_PACKAGE, SLIP_RENDERERS, VERIFY_LINKERS } from '../../shared/slips/fonts';
import { DOCS_ASSET_SERVERS, DOCS_FILE, DOCS_PACKAGE } from '../../shared/system/docs';
import { grantUses, type DataPlane } from './grants';

export interface MotcuaFunctionProps {
  /** Handler module relative to the project root; it exports `handler`. */
  handler: string;
  description: string;
  uses: Uses;
  data: DataPlane;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  memorySize?: number;
  timeout?: Duration;
  /** Stage settings (infra/stacks/stage.ts): X-Ray active tracing, source maps read at run time. */
  tracing: boolean;
  sourceMapsAtRuntime: boolean;
}

/** The providers a function with `notifications: 'send'` hands notifications to; nothing for any other. */
function notificationEnvironment(uses: Uses, data: DataPlane): Record<string, string> {
  if (uses.notifications !== 'send') return {};
  const { emailFrom, sms } = data.notifications;
  return {
    ...(emailFrom ? { [ENV.notifyEmailFrom]: emailFrom } : {}),
    ...(sms ? { [ENV.notifySms]: 'on' } : {}),
  };
}

/**
 * Every motcua Lambda: nodejs22.x on ARM64, the minified ESM bundle of infra/bundle/options.ts
 * (source maps beside it), its own log group with the stage's retention, X-Ray tracing only where
 * the stage turns it on, the environment of shared/config.ts and a role that holds only what
 * `uses` declares.
 */
export class MotcuaFunction extends NodejsFunction {
  readonly handlerPath: string;

  constructor(scope: Construct, id: string, props: MotcuaFunctionProps) {
    const entry = resolve(props.handler);
    if (!existsSync(entry)) throw new Error(`${id}: handler file ${props.handler} does not exist`);
    const { data } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // Free, and any function may log one of them: all feed the stage's one NeedsAHuman metric.
    new MetricFilter(scope, `${id}NeedsAHuman`, {
      logGroup,
      metricNamespace: needsAHumanNamespace(data.stage),
      metricName: NEEDS_A_HUMAN_METRIC,
      filterPattern: FilterPattern.any(...NEEDS_A_HUMAN.map((action) => FilterPattern.stringValue('$.action', '=', action))),
      metricValue: '1',
    });
    // Our own role: the AWS managed basic-execution policy would allow logs:CreateLogGroup on *.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `motcua ${props.handler}` });

    // The slips' fonts are data files, not modules: copied beside the bundle (shared/slips/fonts.ts reads them there).
    const renders = SLIP_RENDERERS.includes(props.handler);
    const fontHooks = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/fonts"`, ...Object.values(FONT_FILES).map((file) => `cp "${inputDir}/node_modules/${FONT_PACKAGE}/${file}" "${outputDir}/fonts/"`)],
    };

    // The reference page's script, likewise a data file beside the one bundle that serves it (shared/system/docs.ts).
    const docsHooks = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/docs"`, `cp "${inputDir}/node_modules/${DOCS_PACKAGE}/${DOCS_FILE}" "${outputDir}/docs/"`],
    };

    super(scope, id, {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup,
      role,
      environment: {
        [ENV.tableName]: data.mainTable.tableName,
        [ENV.outboxTableName]: data.outboxTable.tableName,
        [ENV.attachmentsBucket]: data.attachments.bucketName,
        [ENV.documentsBucket]: data.documents.bucketName,
        [ENV.eventBusName]: data.bus.eventBusName,
        [ENV.stage]: data.stage,
        [ENV.paymentReturnUrl]: data.payments.returnUrl,
        ...(data.payments.frontendUrl ? { [ENV.frontendUrl]: data.payments.frontendUrl } : {}),
        ...(props.sourceMapsAtRuntime ? { NODE_OPTIONS: SOURCE_MAPS_AT_RUNTIME } : {}),
        ...notificationEnvironment(props.uses, data),
        ...data.identityEnvironment,
        ...(VERIFY_LINKERS.includes(props.handler) && data.publicBaseUrl ? { [ENV.publicBaseUrl]: data.publicBaseUrl } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        mainFields: [...BUNDLE.mainFields],
        banner: BUNDLE.banner,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourceMap,
        sourcesContent: BUNDLE.sourcesContent,
        // esbuild's per-bundle size summary is noise in `npm run synth`; its warnings and errors stay.
        logLevel: LogLevel.WARNING,
        esbuildArgs: { '--alias': Object.entries(BUNDLE.alias).map(([from, to]) => `${from}=${to}`) },
        // Bundle the AWS SDK too: the version the tests ran against, not whichever the runtime ships.
        externalModules: [],
        ...(renders ? { commandHooks: fontHooks } : DOCS_ASSET_SERVERS.includes(props.handler) ? { commandHooks: docsHooks } : {}),
      },
    });
    this.handlerPath = props.handler;

    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    grantUses(this, props.uses, data);

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions without resource-level permissions: X-Ray PutTraceSegments/PutTelemetryRecords (where the stage turns tracing on) and, for the stream publisher, dynamodb:ListStreams. test/infra/least-privilege.test.ts pins the list.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the architecture pins (and that the code is tested on); moving to a newer one is a deliberate upgrade.',
    });
  }
}
