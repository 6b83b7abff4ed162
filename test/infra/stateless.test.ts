import { Match, type Template } from 'aws-cdk-lib/assertions';
import { consumerRules, schedules } from '../../events/rules';
import { routes } from '../../infra/routes';
import { ENV } from '../../shared/config';
import { WAIT_FOR_FIRST_MS } from '../../shared/store/idempotency';
import { VERIFY_LINKERS } from '../../shared/slips/fonts';
import { NEEDS_A_HUMAN } from '../../shared/needs-a-human';
import { execFileSync } from 'node:child_process';
import { areaOf, pascal } from '../../infra/stacks/api';
import { AGENCY_WEBHOOK_TARGETS } from '../../infra/stacks/secrets';
import { deliveringContext, devContext, fixtureRoutes, prodContext, repositoryDeclarations, synth, withFixtures } from './support';

const dev = synth(devContext);
const prod = synth(prodContext);

type Resource = { Properties: Record<string, any> };
const resources = (template: Template, type: string) => Object.entries(template.findResources(type)) as Array<[string, Resource]>;
const allRoutes = [...routes, ...fixtureRoutes];
const functionFor = (template: Template, description: string) => {
  const found = resources(template, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Description === description);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const apiRoute = (template: Template, routeKey: string) => {
  const found = resources(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === routeKey);
  expect(found).toHaveLength(1);
  return found[0]![1].Properties;
};

describe('the HTTP API', () => {
  it('has one $default stage with throttling, access logs and the context CORS origins', () => {
    dev.code.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    dev.code.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://dichvucong.example.vn', 'https://m.example.vn'] }),
    });
    dev.code.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.anyValue() },
    });
    prod.code.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 5000 } });
  });

  it('gives the routes that declare their own throttle (the public verify links) stage route settings, keyed by route key', () => {
    const throttled = routes.filter((route) => route.throttle);
    expect(throttled.map((route) => `${route.method} ${route.path}`)).toContain('GET /verify/{token}');
    const stages = resources(synth(devContext, repositoryDeclarations).code, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    expect(stages[0]![1].Properties.RouteSettings).toEqual(
      Object.fromEntries(throttled.map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit }])),
    );
  });

  it('has a JWT authorizer on the Cognito issuer and the app client as audience', () => {
    dev.code.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    dev.code.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^https://cognito-idp\\.')])] },
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('IdentityUsersPortal') }],
      },
    });
  });

  it.each(allRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "routes %s to its own function in its area's nested stack, behind the authorizer only when roles are required",
    (routeKey, route) => {
      const area = dev.nested.get(`Api${pascal(areaOf(route))}`)!;
      const [functionId] = functionFor(area, routeKey);
      const properties = apiRoute(area, routeKey);
      const integrationId = properties.Target['Fn::Join'][1][1].Ref;
      expect(area.toJSON().Resources[integrationId].Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
      // On the parent's one HTTP API, passed in as a parameter of the nested stack.
      expect(properties.ApiId).toEqual({ Ref: expect.stringMatching(/^referenceto.*ApiHttp/) });
      if (Array.isArray(route.contract.access)) {
        expect(properties.AuthorizationType).toBe('JWT');
        expect(properties.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^referenceto.*ApiJwt/) });
      } else {
        expect(properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(properties.AuthorizerId).toBeUndefined();
      }
    },
  );

  it('keeps the API, its stage and its one authorizer in the stateless stack, and every route in an area stack', () => {
    for (const type of ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Authorizer']) dev.stateless.resourceCountIs(type, 1);
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    dev.stateless.resourceCountIs('AWS::Lambda::Function', 0);
    const areas = [...new Set(allRoutes.map(areaOf))].map((area) => `Api${pascal(area)}`);
    expect([...dev.nested.keys()].filter((id) => id.startsWith('Api')).sort()).toEqual(areas.sort());
    for (const area of areas) expect(dev.nested.get(area)!.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
  });

  it('makes exactly one function per route, plus the publisher, the consumers and the schedules', () => {
    const expected = allRoutes.length + 1 + consumerRules.length + schedules.length + 2; // + fixture consumer and schedule
    expect(resources(dev.code, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomResource'))).toHaveLength(expected);
  });
});

describe('every function (the NodejsFunction wrapper)', () => {
  const functions = resources(dev.code, 'AWS::Lambda::Function');

  it('runs nodejs22.x on arm64, untraced and without reading source maps at run time unless the stage asks', () => {
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of [...functions, ...resources(prod.code, 'AWS::Lambda::Function')]) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toBeUndefined();
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(fn.Properties.Handler).toBe('index.handler');
    }
    const asked = synth({ ...prodContext, tracing: 'true', sourceMapsAtRuntime: 'true' });
    const traced = resources(asked.code, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomResource'));
    expect(traced.length).toBeGreaterThan(0);
    for (const [, fn] of traced) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it("gives every route a timeout that outlasts the idempotency wait and stays inside the API's 30 s", () => {
    // A duplicate waits WAIT_FOR_FIRST_MS for the first request's answer, then answers 409 itself: it
    // must have time left to answer before its own function times out, and the API's 30 s before that.
    const routeFunctions = resources(dev.code, 'AWS::Lambda::Function').filter(([, fn]) => /^(GET|POST|PUT|PATCH|DELETE) \//.test(fn.Properties.Description ?? ''));
    expect(routeFunctions).toHaveLength(allRoutes.length);
    const outOfBounds = routeFunctions
      .filter(([, fn]) => !(fn.Properties.Timeout * 1000 >= WAIT_FOR_FIRST_MS + 2_000 && fn.Properties.Timeout < 30))
      .map(([, fn]) => `${fn.Properties.Description}: ${fn.Properties.Timeout} s`);
    expect(outOfBounds).toEqual([]);
    for (const [, integration] of resources(dev.code, 'AWS::ApiGatewayV2::Integration')) expect(integration.Properties.TimeoutInMillis ?? 30_000).toBe(30_000);
  });

  it('gets every variable shared/config.ts reads in AWS, and no local emulator endpoint', () => {
    const localOnly = Object.values(ENV).filter((name) => name.endsWith('_ENDPOINT'));
    // Opt-ins that are unset in AWS until the stage wires SES/SNS (notifications are then stored only).
    // PAPER_SCANNER has a default (the built-in scanner); a stage that scans in the bucket sets `none` on its functions.
    const optIns: string[] = [ENV.notifyEmailFrom, ENV.notifySms, ENV.frontendUrl, ENV.identityClaims, ENV.populationApiUrl, ENV.populationIntegrationCode, ENV.paperScanner];
    // Only the functions that render slips, or hand out a result's QR URL at resolve, put verify links anywhere.
    const renderersOnly: string[] = [ENV.publicBaseUrl];
    const inAws = Object.values(ENV).filter((name) => !localOnly.includes(name) && !optIns.includes(name) && !renderersOnly.includes(name));
    const renderers = functions.filter(([, fn]) => fn.Properties.Environment.Variables[ENV.publicBaseUrl] !== undefined);
    expect(renderers).toHaveLength(VERIFY_LINKERS.length);
    expect(inAws).toEqual(expect.arrayContaining(['TABLE_NAME', 'OUTBOX_TABLE_NAME', 'ATTACHMENTS_BUCKET', 'DOCUMENTS_BUCKET', 'EVENT_BUS_NAME', 'STAGE']));
    for (const [, fn] of functions) {
      const variables = fn.Properties.Environment.Variables;
      expect(
        Object.keys(variables)
          .filter((name) => !renderersOnly.includes(name))
          .sort(),
      ).toEqual([...inAws].sort());
      expect(variables[ENV.stage]).toBe('dev');
      expect(variables[ENV.eventBusName]).toEqual({ 'Fn::ImportValue': expect.stringMatching(/EventsBus/) });
    }
  });

  it('logs to its own log group, kept two weeks in dev and a year in prod', () => {
    for (const [, fn] of functions) expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
    const retention = (template: Template) => new Set(resources(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties.RetentionInDays));
    expect(retention(dev.code)).toEqual(new Set([14]));
    expect(retention(prod.code)).toEqual(new Set([365]));
  });

  it('has a role without AWS managed policies', () => {
    for (const [, role] of resources(dev.code, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('event routing', () => {
  it('feeds the publisher from the outbox stream with bisect, retries, partial failures and a DLQ', () => {
    const [publisherId] = functionFor(dev.code, 'Publishes outbox events to the bus');
    dev.code.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: publisherId },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('TablesOutbox.*StreamArn') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 50,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDlq'), 'Arn'] } } },
    });
  });

  it('lets the publisher put events on the motcua bus and nowhere else', () => {
    const [publisherId] = functionFor(dev.code, 'Publishes outbox events to the bus');
    const policy = resources(dev.code, 'AWS::IAM::Policy').find(([id]) => id.startsWith(publisherId.replace(/[0-9A-F]{8}$/, 'Role')))![1];
    const putEvents = policy.Properties.PolicyDocument.Statement.filter((s: any) => [s.Action].flat().includes('events:PutEvents'));
    expect(putEvents).toEqual([expect.objectContaining({ Resource: { 'Fn::ImportValue': expect.stringMatching(/EventsBus.*Arn/) } })]);
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions.filter((a: string) => /^(dynamodb:(Put|Update|Delete)|s3:|ssm:|secretsmanager:)/.test(a))).toEqual([]);
  });

  it('turns each consumer rule into a rule on the bus with a retried Lambda target and a DLQ', () => {
    const [consumerId] = functionFor(dev.code, 'fixture consumer');
    dev.code.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { 'Fn::ImportValue': Match.stringLikeRegexp('EventsBus') },
      EventPattern: { source: ['motcua'], 'detail-type': ['dossier.submitted'], detail: { data: { tier: ['commune'] } } },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [consumerId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDlq'), 'Arn'] } },
        }),
      ],
    });
    dev.code.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: consumerId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDlq'), 'Arn'] } } },
    });
  });

  it('runs each schedule at its rate', () => {
    const [jobId] = functionFor(dev.code, 'fixture schedule');
    dev.code.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [jobId, 'Arn'] }, DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('gives each agency integration a queue with a DLQ and a rule on detail.data.agencyId', () => {
    for (const { agencyId } of devContext.agencyIntegrations) {
      dev.code.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['motcua'], detail: { data: { agencyId: [agencyId] } } },
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Agency.*Queue'), 'Arn'] }, DeadLetterConfig: Match.anyValue() })],
      });
    }
    const withRedrive = resources(dev.code, 'AWS::SQS::Queue').filter(([, q]) => q.Properties.RedrivePolicy);
    expect(withRedrive).toHaveLength(devContext.agencyIntegrations.length);
    prod.code.resourceCountIs('AWS::Events::Rule', consumerRules.length + schedules.length + 2); // + the fixture consumer and schedule, no agency
    expect(prod.nested.has('Agencies')).toBe(false); // no agency, no (empty) nested stack
  });

  it('encrypts every queue and denies it to callers without TLS', () => {
    const queues = resources(dev.code, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = resources(dev.code, 'AWS::SQS::QueuePolicy');
    const queuesWithTlsPolicy = new Set(
      policies
        .filter(([, p]) => p.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
        .flatMap(([, p]) => p.Properties.Queues.map((q: any) => q.Ref)),
    );
    expect([...queuesWithTlsPolicy].sort()).toEqual(queues.map(([id]) => id).sort());
  });
});

describe('observability', () => {
  const alarms = resources(dev.code, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const named = (pattern: RegExp) => alarms.filter((a) => pattern.test(a.AlarmDescription));

  it('sends every alarm to the SNS topic, which e-mails the on-call address', () => {
    expect(alarms.length).toBeGreaterThan(0);
    // In a nested stack the topic arrives as a parameter named after it.
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^(referenceto.*)?ObservabilityAlarms/) }]);
    dev.code.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.vn' });
    prod.code.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarms on the API 5xx rate, the publisher iterator age, and Lambda errors and throttles account-wide', () => {
    expect(named(/answered 5xx/)).toHaveLength(1);
    expect(named(/wait more than a minute/)).toEqual([expect.objectContaining({ MetricName: 'IteratorAge', Threshold: 60000 })]);
    // One alarm each on Lambda's account-wide metrics, not one per function (issue 19).
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toEqual([expect.objectContaining({ Namespace: 'AWS/Lambda', Threshold: 5, Period: 300 })]);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toEqual([expect.objectContaining({ Namespace: 'AWS/Lambda', Threshold: 1 })]);
    for (const name of ['Errors', 'Throttles']) expect(alarms.find((a) => a.MetricName === name)?.Dimensions).toBeUndefined();
  });

  // The repository's own declarations (no test fixtures), as deployed.
  it.each([
    ['prod', {}],
    ['prod with agency queues', { agencyIntegrations: [{ agencyId: 'so-tu-phap' }, { agencyId: 'ubnd-xa-an-binh' }, { agencyId: 'so-y-te' }] }],
  ] as const)('watches everything with at most 10 alarm metrics, the free tier (%s)', (_, context) => {
    const app = synth({ ...prodContext, ...context }, repositoryDeclarations);
    const all = resources(app.code, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const metrics = all.reduce((sum, a) => sum + (a.MetricName ? 1 : a.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length), 0);
    expect(metrics).toBeLessThanOrEqual(10);
  });

  it('pages on any message in any dead-letter queue, one queue for every consumer and the publisher', () => {
    const queues = resources(dev.code, 'AWS::SQS::Queue').map(([id]) => id);
    const watched = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible').map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]);
    const dlqs = queues.filter((id) => /Dlq/.test(id));
    expect(watched.sort()).toEqual(dlqs.sort());
    for (const alarm of alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')) expect(alarm.Threshold).toBe(1);
    const events = [...dev.nested].find(([name]) => /Events/.test(name))![1];
    const [dlq] = resources(events, 'AWS::SQS::Queue')
      .filter(([id]) => /Dlq/.test(id))
      .map(([id]) => id);
    const invokeConfigs = resources(events, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]);
    expect(invokeConfigs.length).toBe(withFixtures().consumerRules.length + withFixtures().schedules.length);
    expect(new Set(invokeConfigs)).toEqual(new Set([dlq]));
  });

  it('alarms on the first failure of any payment callback (routes under /webhooks), in one alarm', () => {
    const webhooks = routes.filter((route) => route.path.startsWith('/webhooks'));
    const deployed = resources(synth(devContext, repositoryDeclarations).code, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => /payment callback/.test(a.AlarmDescription));
    const [alarm] = deployed;
    expect(deployed).toHaveLength(1);
    expect(alarm).toMatchObject({ Threshold: 1 });
    const errors = alarm!.Metrics.filter((m: { MetricStat?: { Metric: { MetricName: string }; Period: number } }) => m.MetricStat);
    expect(errors).toHaveLength(webhooks.length);
    for (const m of errors) expect(m.MetricStat).toMatchObject({ Metric: { MetricName: 'Errors' }, Period: 60 });
  });

  it("counts what needs a person from every function's logs into one metric, and pages on its first count", () => {
    const functionLogGroups = resources(dev.code, 'AWS::Lambda::Function')
      .filter(([id]) => !id.startsWith('CustomResource'))
      .map(([, fn]) => fn.Properties.LoggingConfig.LogGroup.Ref);
    const filters = resources(dev.code, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    expect(filters.map((f) => f.LogGroupName.Ref).sort()).toEqual(functionLogGroups.sort());
    for (const filter of filters) {
      expect(filter.MetricTransformations).toEqual([{ MetricNamespace: 'motcua/dev', MetricName: 'NeedsAHuman', MetricValue: '1' }]);
      for (const action of NEEDS_A_HUMAN) expect(filter.FilterPattern).toContain(`$.action = "${action}"`);
    }
    expect(alarms.filter((a) => a.MetricName === 'NeedsAHuman')).toEqual([expect.objectContaining({ Namespace: 'motcua/dev', Threshold: 1, Statistic: 'Sum' })]);
  });

  it('watches log actions that the code really logs, with an `action` field', () => {
    const logged = execFileSync('grep', ['-rhoE', "log\\.(warn|error)\\('[a-z_.]+'", 'shared', 'functions'], { encoding: 'utf8' });
    for (const action of NEEDS_A_HUMAN) expect([action, logged.includes(`'${action}'`)]).toEqual([action, true]);
  });

  it('has a dashboard for the stage only where asked (context dashboard=true)', () => {
    dev.code.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    synth({ ...devContext, dashboard: 'true' }).code.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'motcua-dev' });
  });
});

/** The IAM policies of a function's role (its default policy and any policy of its own), as one statement list. */
const statementsOf = (template: Template, functionId: string) => {
  const role = template.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
};
const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat() as string[]);

describe('agency integrations (context agencyIntegrations)', () => {
  const agencies = dev.nested.get('Agencies')!;

  it('lives in the Agencies nested stack, and outputs each queue URL from the stateless stack', () => {
    // A queue per agency, and one dead-letter queue they share.
    expect(resources(agencies, 'AWS::SQS::Queue')).toHaveLength(devContext.agencyIntegrations.length + 1);
    const outputs = Object.keys(dev.stateless.toJSON().Outputs);
    for (const { agencyId } of devContext.agencyIntegrations) expect(outputs).toContain(`Agency${pascal(agencyId)}QueueUrl`);
  });

  it('holds queues for agencies to pull, and no function: webhooks go through the agency-webhook consumer', () => {
    expect(resources(agencies, 'AWS::Lambda::Function')).toEqual([]);
    expect(resources(agencies, 'AWS::Lambda::EventSourceMapping')).toEqual([]);
  });

  it('lets only the agency-webhook consumer read the webhook targets parameter', () => {
    const readers = resources(dev.code, 'AWS::Lambda::Function').filter(([id]) =>
      statementsOf(dev.code, id).some((s) => [s.Action].flat().includes('ssm:GetParameter') && [s.Resource].flat().some((r: any) => JSON.stringify(r).includes('parameter/motcua/dev/agency-webhooks'))),
    );
    const [consumerId] = functionFor(dev.code, consumerRules.find((rule) => rule.id === 'agency-webhook')!.description);
    expect(readers.map(([id]) => id)).toEqual([consumerId]);
    expect(AGENCY_WEBHOOK_TARGETS).toBe('agency-webhooks');
  });
});

describe('notification delivery (context notifyEmailFrom, notifySms)', () => {
  const delivering = synth(deliveringContext);
  const notifier = consumerRules.find((rule) => rule.id === 'notify-citizen')!;
  const providerActions = /^(ses|sns):/;
  // The functions that send: the notify-citizen consumer, and the routes that declare it (contact codes).
  const senderIds = () =>
    [notifier.description, ...routes.filter((route) => route.uses.notifications === 'send').map((route) => `${route.method} ${route.path}`)].map((description) => functionFor(delivering.code, description)[0]);

  it.each([
    ['dev', dev],
    ['prod', prod],
  ] as const)('without them (%s), no function gets a provider variable or grant: notifications are stored only', (_, app) => {
    for (const [id, fn] of resources(app.code, 'AWS::Lambda::Function')) {
      expect(Object.keys(fn.Properties.Environment.Variables)).not.toEqual(expect.arrayContaining([ENV.notifyEmailFrom]));
      expect(Object.keys(fn.Properties.Environment.Variables)).not.toEqual(expect.arrayContaining([ENV.notifySms]));
      expect([id, actionsOf(statementsOf(app.code, id)).filter((a) => providerActions.test(a))]).toEqual([id, []]);
    }
  });

  it('with them, tells the functions that send where to send (and no other function)', () => {
    const senders = senderIds();
    expect(senders).toHaveLength(2);
    for (const [id, fn] of resources(delivering.code, 'AWS::Lambda::Function')) {
      const variables = fn.Properties.Environment.Variables;
      if (senders.includes(id)) {
        expect(variables).toMatchObject({ [ENV.notifyEmailFrom]: 'thongbao@example.org', [ENV.notifySms]: 'on' });
      } else {
        expect([id, variables[ENV.notifyEmailFrom], variables[ENV.notifySms]]).toEqual([id, undefined, undefined]);
      }
    }
  });

  it('with them, lets the notify-citizen consumer send email from that identity and SMS, and no other function either', () => {
    const [notifierId] = functionFor(delivering.code, notifier.description);
    const statements = statementsOf(delivering.code, notifierId);
    const email = statements.find((s) => s.Action === 'ses:SendEmail');
    expect(email.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'thongbao@example.org' } });
    expect(JSON.stringify(email.Resource)).toMatch(/:ses:.*identity\/thongbao@example\.org/);
    expect(JSON.stringify(email.Resource)).toMatch(/identity\/example\.org"/);
    expect(statements.filter((s) => s.Action === 'sns:Publish')).toEqual([expect.objectContaining({ Resource: '*' })]);
    const senders = senderIds();
    for (const [id] of resources(delivering.code, 'AWS::Lambda::Function').filter(([id]) => !senders.includes(id))) {
      expect([id, actionsOf(statementsOf(delivering.code, id)).filter((a) => providerActions.test(a))]).toEqual([id, []]);
    }
  });

  it('keeps the SMS grant in a policy of its own, which the function waits for', () => {
    const [notifierId] = functionFor(delivering.code, notifier.description);
    const sms = resources(delivering.code, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.PolicyDocument.Statement.some((s: any) => s.Action === 'sns:Publish'));
    expect(sms.map(([id]) => id.replace(/SendSms.*/, '')).sort()).toEqual(['EventsNotifyCitizen', 'PostMeContacts']);
    const [smsId, policy] = sms.find(([id]) => id.startsWith('EventsNotifyCitizen'))!;
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(1);
    expect(delivering.code.toJSON().Resources[notifierId].DependsOn).toContain(smsId);
  });

  it('sends email only, with notifyEmailFrom alone (a domain gets its own identity, no From pin)', () => {
    const emailOnly = synth({ ...prodContext, notifyEmailFrom: 'dichvucong.example.vn' });
    const [notifierId] = functionFor(emailOnly.code, notifier.description);
    const variables = resources(emailOnly.code, 'AWS::Lambda::Function').find(([id]) => id === notifierId)![1].Properties.Environment.Variables;
    expect(variables[ENV.notifyEmailFrom]).toBe('dichvucong.example.vn');
    expect(variables[ENV.notifySms]).toBeUndefined();
    const statements = statementsOf(emailOnly.code, notifierId);
    expect(actionsOf(statements).filter((a) => providerActions.test(a))).toEqual(['ses:SendEmail']);
    const email = statements.find((s) => s.Action === 'ses:SendEmail');
    expect(email.Condition).toBeUndefined();
    expect(JSON.stringify(email.Resource)).toMatch(/identity\/dichvucong\.example\.vn"/);
  });
});

describe('the payment return URL (a stage setting, never a request header)', () => {
  it("is this API's own /payments/vnpay/return by default, on every function, built from the API id at deploy", () => {
    for (const [, fn] of resources(dev.code, 'AWS::Lambda::Function')) {
      const url = JSON.stringify(fn.Properties.Environment.Variables[ENV.paymentReturnUrl]);
      expect(url).toMatch(/payments\/vnpay\/return/);
      // A reference to the API (a parameter in the nested stacks), not a literal host.
      expect(url).toMatch(/Ref/);
      expect(fn.Properties.Environment.Variables[ENV.frontendUrl]).toBeUndefined();
    }
  });

  it("is the context's paymentReturnUrl (and frontendUrl) when given", () => {
    const configured = synth({ ...prodContext, paymentReturnUrl: 'https://dichvucong.example.vn/thanh-toan/ket-qua', frontendUrl: 'https://dichvucong.example.vn' });
    for (const [, fn] of resources(configured.code, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables[ENV.paymentReturnUrl]).toBe('https://dichvucong.example.vn/thanh-toan/ket-qua');
      expect(fn.Properties.Environment.Variables[ENV.frontendUrl]).toBe('https://dichvucong.example.vn');
    }
  });
});
