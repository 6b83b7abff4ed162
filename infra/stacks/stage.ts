import type { Node } from 'constructs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageUrl } from '../../shared/config';
import { resolveProfile, type IdentityProfile } from '../../shared/identity/profiles';
import { AGENCY_WEBHOOK_TARGETS, secretId } from './secrets';
import { DEV_ORIGINS } from '../cors';

export type StageName = 'dev' | 'prod';

/**
 * An agency system that pulls its cases from a queue of its own. Its webhook, if it has one, is not
 * context: it is an entry of the SecureString parameter `/motcua/<stage>/agency-webhooks` (infra/stacks/secrets.ts).
 */
export interface AgencyIntegration {
  agencyId: string;
}

/** An external OIDC provider (e.g. the national eID) used instead of the Cognito user pool. */
export interface ExternalOidc {
  issuer: string;
  audience: string;
}

/** The provincial integration gateway in front of the national population database (context populationApiUrl). */
export interface PopulationSettings {
  url: string;
  /** MaTichHop (context populationIntegrationCode). */
  integrationCode: string;
}

/** Everything that differs between stages, read once from CDK context (`-c key=value` or cdk.json). */
export interface StageConfig {
  stage: StageName;
  corsOrigins: readonly string[];
  oidc?: ExternalOidc;
  /**
   * Which claims carry the citizen's identity (shared/identity/profiles.ts): context
   * `identityProfile` (cognito by default; vneid needs oidcIssuer and oidcAudience) and
   * `identityClaims` (a JSON object renaming some claims). The functions get the same declaration.
   */
  identity: IdentityProfile;
  population?: PopulationSettings;
  alarmEmail?: string;
  agencyIntegrations: readonly AgencyIntegration[];
  /** The SES identity citizens' emails are sent from (context `notifyEmailFrom`); unset, emails are only stored. */
  notifyEmailFrom?: string;
  /** Whether citizens' SMS go out through SNS (context `notifySms`); false, SMS are only stored. */
  notifySms: boolean;
  /**
   * Where payment gateways send citizens' browsers back (context `paymentReturnUrl`; unset, this
   * API's own /payments/vnpay/return) and the citizens' web app the return page links to (`frontendUrl`).
   */
  payments: { returnUrl?: string; frontendUrl?: string };
  /** The public address QR verify links start with (context `publicBaseUrl`, https); unset, the HTTP API's URL. */
  publicBaseUrl?: string;
  /** prod keeps data when a stack or resource is deleted; dev cleans up after itself. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** Default HTTP API throttling for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
  archiveRetention: Duration;
  /**
   * X-Ray active tracing on every function (context `tracing=true`); off by default. Lambda samples
   * the first request each second and 5 % of the rest, which at a province's traffic (well under one
   * request a second) is nearly every request: $5 per million traces after the free 100,000 a month.
   */
  tracing: boolean;
  /**
   * The stage's CloudWatch dashboard (context `dashboard=true`); off by default: with a graph per
   * function it holds ~100 metrics, $3 a month beyond the free 50, for what the Lambda console shows free.
   */
  dashboard: boolean;
  /** `NODE_OPTIONS=--enable-source-maps` (context `sourceMapsAtRuntime=true`): mapped stack traces in the logs, 7-28 ms more per cold start. */
  sourceMapsAtRuntime: boolean;
}

/** Browsers of a developer's local front end may call the dev API; prod origins must be named. */

/** `-c key=a,b` arrives as a string, cdk.json gives an array: accept both. */
function list(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String);
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const AGENCY_KEYS = ['agencyId'];

function agencyList(value: unknown, stage: StageName): AgencyIntegration[] {
  const raw = typeof value === 'string' ? (JSON.parse(value) as unknown) : (value ?? []);
  if (!Array.isArray(raw)) throw new Error('context agencyIntegrations must be a list of {agencyId}');
  return raw.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(`context agencyIntegrations: each entry is {agencyId}, got ${JSON.stringify(entry)}`);
    }
    const { agencyId } = entry as { agencyId?: unknown };
    if (typeof agencyId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(agencyId)) {
      throw new Error(`context agencyIntegrations: invalid agencyId ${JSON.stringify(agencyId)}`);
    }
    const unknown = Object.keys(entry).filter((key) => !AGENCY_KEYS.includes(key));
    if (unknown.length > 0) {
      throw new Error(
        `context agencyIntegrations: unknown key ${unknown.join(', ')} for agency ${agencyId}; an entry is {agencyId} (its queue). ` +
          `Agency webhooks are configured in the secret ${secretId(stage, AGENCY_WEBHOOK_TARGETS)}, not in context (README, Deploy).`,
      );
    }
    return { agencyId };
  });
}

/** An email address or a domain: what SES verifies as an identity. */
const SES_IDENTITY = /^([^@\s]+@)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;

function sesIdentity(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!SES_IDENTITY.test(text)) throw new Error(`context notifyEmailFrom must be an email address or a domain verified in SES, got ${JSON.stringify(value)}`);
  return text;
}

/** `-c notifySms=true` arrives as text, cdk.json gives a boolean: accept both, nothing else. */
function flag(name: string, value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`context ${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** An https URL (http only for localhost) that a stage signs into payment links or links to. */
function stageUrl(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = StageUrl.safeParse(String(value).trim());
  if (!parsed.success) throw new Error(`context ${name} must be an https URL without credentials (http only for localhost), got ${JSON.stringify(value)}`);
  return parsed.data;
}

/** Reads and validates the stage's context; a bad value fails the synth, not the deploy. */
export function stageConfig(node: Node): StageConfig {
  const stage = (node.tryGetContext('stage') ?? 'dev') as string;
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context stage must be dev or prod, got ${stage}`);
  const prod = stage === 'prod';

  const issuer = node.tryGetContext('oidcIssuer') as string | undefined;
  const audience = node.tryGetContext('oidcAudience') as string | undefined;
  if (Boolean(issuer) !== Boolean(audience)) throw new Error('context oidcIssuer and oidcAudience go together');
  if (issuer && !issuer.startsWith('https://')) throw new Error('context oidcIssuer must be an https URL');

  const identityContext = node.tryGetContext('identityClaims') as string | Record<string, unknown> | undefined;
  const identity = resolveProfile(node.tryGetContext('identityProfile') as string | undefined, identityContext);
  if (identity.name === 'vneid' && !issuer) throw new Error('context identityProfile=vneid needs oidcIssuer and oidcAudience (the VNeID / DVCQG SSO issuer)');
  const populationUrl = node.tryGetContext('populationApiUrl') as string | undefined;
  if (populationUrl && !populationUrl.startsWith('https://')) throw new Error('context populationApiUrl must be an https URL');

  const corsOrigins = list(node.tryGetContext('corsOrigins'));
  if (corsOrigins.includes('*')) throw new Error('context corsOrigins: name the origins, never *');
  const alarmEmail = node.tryGetContext('alarmEmail') as string | undefined;
  const notifyEmailFrom = sesIdentity(node.tryGetContext('notifyEmailFrom'));
  const paymentReturnUrl = stageUrl('paymentReturnUrl', node.tryGetContext('paymentReturnUrl'));
  const frontendUrl = stageUrl('frontendUrl', node.tryGetContext('frontendUrl'));
  const publicBaseUrl = node.tryGetContext('publicBaseUrl') as string | undefined;
  if (publicBaseUrl !== undefined && !/^https:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/.test(publicBaseUrl)) throw new Error('context publicBaseUrl must be an https URL without a trailing slash');

  return {
    stage,
    corsOrigins: corsOrigins.length > 0 ? corsOrigins : prod ? [] : DEV_ORIGINS,
    ...(issuer && audience ? { oidc: { issuer, audience } } : {}),
    identity,
    ...(populationUrl ? { population: { url: populationUrl, integrationCode: String(node.tryGetContext('populationIntegrationCode') ?? 'MOTCUA') } } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    agencyIntegrations: agencyList(node.tryGetContext('agencyIntegrations'), stage),
    ...(notifyEmailFrom ? { notifyEmailFrom } : {}),
    notifySms: flag('notifySms', node.tryGetContext('notifySms')),
    payments: {
      ...(paymentReturnUrl ? { returnUrl: paymentReturnUrl } : {}),
      ...(frontendUrl ? { frontendUrl } : {}),
    },
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    throttle: prod ? { rateLimit: 2000, burstLimit: 5000 } : { rateLimit: 50, burstLimit: 100 },
    archiveRetention: Duration.days(prod ? 365 : 14),
    tracing: flag('tracing', node.tryGetContext('tracing')),
    dashboard: flag('dashboard', node.tryGetContext('dashboard')),
    sourceMapsAtRuntime: flag('sourceMapsAtRuntime', node.tryGetContext('sourceMapsAtRuntime')),
  };
}
