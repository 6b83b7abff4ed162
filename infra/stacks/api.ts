import { Construct } from 'constructs';
import { Duration, Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { JwtIssuer } from './auth';
import type { DataPlane } from './grants';
import { MotcuaFunction } from './function';
import type { Route } from '../routes';
import type { StageConfig } from './stage';

export interface PublicApiProps {
  config: StageConfig;
  data: DataPlane;
  jwt: JwtIssuer;
  routes: readonly Route[];
}

/** A readable construct id from a route, e.g. `POST /dossiers/{id}/submit` → `PostDossiersIdSubmit`. */
export function routeId(route: Pick<Route, 'method' | 'path'>): string {
  return [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)]
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** A route needs the JWT authorizer when its contract names roles; `public` and `webhook` routes do not. */
export const isProtected = (route: Route) => Array.isArray(route.contract.access);

/** The HTTP API: one Lambda function and one route per entry of infra/routes.ts. */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyArray<{ route: Route; fn: MotcuaFunction }>;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const { config } = props;
    this.api = new HttpApi(this, 'Http', {
      apiName: `motcua-${config.stage}`,
      createDefaultStage: false,
      ...(config.corsOrigins.length > 0 ? {
        corsPreflight: {
          allowOrigins: [...config.corsOrigins],
          allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
          allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
          exposeHeaders: ['location', 'retry-after'],
          maxAge: Duration.hours(1),
        },
      } : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    const authorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer('Jwt', props.jwt.issuer, {
      jwtAudience: [props.jwt.audience],
      identitySource: ['$request.header.Authorization'],
    });

    this.functions = props.routes.map((route) => {
      const id = routeId(route);
      const fn = new MotcuaFunction(this, id, {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        uses: route.uses,
        data: props.data,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });
      const [routeConstruct] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        ...(isProtected(route) ? { authorizer } : {}),
      });
      if (!isProtected(route) && routeConstruct) {
        Validations.of(routeConstruct).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: route.contract.access === 'webhook'
            ? 'A payment gateway cannot send our JWT; the handler verifies the gateway signature (HMAC) in constant time.'
            : 'Public information of the portal (catalogue, tracking, health); the contract declares it public.',
        });
      }
      return { route, fn };
    });
  }

  /** The API's base URL. */
  get url(): string {
    return this.stage.url;
  }
}
