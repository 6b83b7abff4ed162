import { Construct } from 'constructs';
import { CfnResource, Duration, NestedStack, Validations } from 'aws-cdk-lib';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type HttpRouteAuthorizerConfig,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { JwtIssuer } from './auth';
import type { DataPlane } from './grants';
import { MotcuaFunction } from './function';
import { AlarmsTo } from './observability';
import { routeKey, type Route } from '../routes';
import type { StageConfig } from './stage';
import { cors } from '../cors';

export interface PublicApiProps {
  config: StageConfig;
  jwt: JwtIssuer;
  /** The routes this API carries: those with their own throttle get the stage's route settings. */
  routes: readonly Route[];
}

/** A readable construct id from a route, e.g. `POST /dossiers/{id}/submit` → `PostDossiersIdSubmit`. */
export function routeId(route: Pick<Route, 'method' | 'path'>): string {
  return [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)]
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `route-dossier` or `so-tu-phap` → `RouteDossier`, `SoTuPhap`, for construct ids. */
export const pascal = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** A route needs the JWT authorizer when its contract names roles; `public` and `webhook` routes do not. */
export const isProtected = (route: Route) => Array.isArray(route.contract.access);

/** Payment gateways call routes under /webhooks: one failure is already worth a page. */
export const isPaymentCallback = (route: Route) => route.path.startsWith('/webhooks/');

/** The API area a route belongs to: its contract's OpenAPI tag (`dossiers`, `agency`, `admin`, ...). */
export const areaOf = (route: Route) => route.contract.tag;

/** Routes grouped by area, in the order the areas first appear in the route table. */
export function routesByArea(routes: readonly Route[]): Map<string, Route[]> {
  const areas = new Map<string, Route[]>();
  for (const route of routes) areas.set(areaOf(route), [...(areas.get(areaOf(route)) ?? []), route]);
  return areas;
}

/**
 * The HTTP API itself: one API, its `$default` stage (throttling, access logs, CORS) and the JWT
 * authorizer. Routes are added by the API areas (`ApiArea`), each in a nested stack of its own.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The JWT authorizer, created once here and attached by every area's protected routes. */
  readonly authorizer: IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const { config } = props;
    this.api = new HttpApi(this, 'Http', {
      apiName: `motcua-${config.stage}`,
      createDefaultStage: false,
      ...(config.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...config.corsOrigins],
              allowMethods: cors.allowMethods.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...cors.allowHeaders],
              exposeHeaders: [...cors.exposeHeaders],
              maxAge: Duration.seconds(cors.maxAgeSeconds),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    // Routes with their own throttle (infra/routes.ts): the stage's route settings, keyed by route key.
    const throttled = props.routes.filter((route) => route.throttle);
    if (throttled.length) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
        throttled.map((route) => [routeKey(route), { ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit }]),
      );
    }

    // An HttpJwtAuthorizer would create its resource in whichever nested stack binds it first;
    // created here, it belongs to the API, and each area only refers to its id.
    const jwt = new HttpAuthorizer(this, 'Jwt', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: props.jwt.issuer,
      jwtAudience: [props.jwt.audience],
    });
    const bound: HttpRouteAuthorizerConfig = { authorizerId: jwt.authorizerId, authorizationType: 'JWT' };
    this.authorizer = { bind: () => bound };
  }

  /** The API's base URL. */
  get url(): string {
    return this.stage.url;
  }
}

export interface ApiAreaProps {
  area: string;
  config: StageConfig;
  data: DataPlane;
  api: PublicApi;
  routes: readonly Route[];
  alarmTopic: ITopic;
}

/**
 * One API area (the routes of one contract tag) in a nested stack of its own: per route, its
 * function, its route and integration on the parent's HTTP API, and its alarms. Each area stays
 * far below CloudFormation's 500 resources however long the route table grows, and a route only
 * ever moves between stacks if its tag changes.
 */
export class ApiArea extends NestedStack {
  readonly functions: ReadonlyArray<{ route: Route; fn: MotcuaFunction }>;

  constructor(scope: Construct, id: string, props: ApiAreaProps) {
    super(scope, id, { description: `motcua ${props.config.stage}: API area "${props.area}"` });
    // `motcua-<stage>-stateless-Api<Area>-<suffix>` rather than a generated double name.
    (this.nestedStackResource as CfnResource).overrideLogicalId(id);
    const { config, data } = props;
    this.functions = props.routes.map((route) => {
      const id = routeId(route);
      const fn = new MotcuaFunction(this, id, {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        uses: route.uses,
        data,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
        tracing: config.tracing,
        sourceMapsAtRuntime: config.sourceMapsAtRuntime,
      });
      const routeConstruct = new HttpRoute(this, `${id}Route`, {
        httpApi: props.api.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        ...(isProtected(route) ? { authorizer: props.api.authorizer } : {}),
      });
      if (!isProtected(route)) {
        Validations.of(routeConstruct).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.contract.access === 'webhook'
              ? 'A payment gateway cannot send our JWT; the handler verifies the gateway signature (HMAC) in constant time.'
              : 'Public information of the portal (catalogue, tracking, health); the contract declares it public.',
        });
      }
      return { route, fn };
    });
    // Functions' errors page through the stage's account-wide alarm; a payment callback's first one has its own.
    const callbacks = this.functions.filter(({ route }) => isPaymentCallback(route)).map(({ route, fn }) => ({ name: routeId(route), fn }));
    if (callbacks.length > 0) new AlarmsTo(this, `${id}Alarms`, props.alarmTopic).paymentCallbacksFailed(callbacks);
  }
}
