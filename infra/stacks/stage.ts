import type { Node } from 'constructs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

/** An agency system that receives its cases from a queue of its own (and, later, a signed webhook). */
export interface AgencyIntegration {
  agencyId: string;
  webhookUrl?: string;
}

/** An external OIDC provider (e.g. the national eID) used instead of the Cognito user pool. */
export interface ExternalOidc {
  issuer: string;
  audience: string;
}

/** Everything that differs between stages, read once from CDK context (`-c key=value` or cdk.json). */
export interface StageConfig {
  stage: StageName;
  corsOrigins: readonly string[];
  oidc?: ExternalOidc;
  alarmEmail?: string;
  agencyIntegrations: readonly AgencyIntegration[];
  /** prod keeps data when a stack or resource is deleted; dev cleans up after itself. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** Default HTTP API throttling for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
  archiveRetention: Duration;
}

/** Browsers of a developer's local front end may call the dev API; prod origins must be named. */
const DEV_ORIGINS = ['http://localhost:3000', 'http://localhost:5173'];

/** `-c key=a,b` arrives as a string, cdk.json gives an array: accept both. */
function list(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String);
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}

function agencyList(value: unknown): AgencyIntegration[] {
  const raw = typeof value === 'string' ? (JSON.parse(value) as unknown) : value ?? [];
  if (!Array.isArray(raw)) throw new Error('context agencyIntegrations must be a list of {agencyId, webhookUrl?}');
  return raw.map((entry: { agencyId?: unknown; webhookUrl?: unknown }) => {
    if (typeof entry?.agencyId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(entry.agencyId)) {
      throw new Error(`context agencyIntegrations: invalid agencyId ${JSON.stringify(entry?.agencyId)}`);
    }
    if (entry.webhookUrl !== undefined && !/^https:\/\//.test(String(entry.webhookUrl))) {
      throw new Error(`context agencyIntegrations: webhookUrl of ${entry.agencyId} must be https`);
    }
    return { agencyId: entry.agencyId, ...(entry.webhookUrl ? { webhookUrl: String(entry.webhookUrl) } : {}) };
  });
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

  const corsOrigins = list(node.tryGetContext('corsOrigins'));
  if (corsOrigins.includes('*')) throw new Error('context corsOrigins: name the origins, never *');
  const alarmEmail = node.tryGetContext('alarmEmail') as string | undefined;

  return {
    stage,
    corsOrigins: corsOrigins.length > 0 ? corsOrigins : prod ? [] : DEV_ORIGINS,
    ...(issuer && audience ? { oidc: { issuer, audience } } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    agencyIntegrations: agencyList(node.tryGetContext('agencyIntegrations')),
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    throttle: prod ? { rateLimit: 2000, burstLimit: 5000 } : { rateLimit: 50, burstLimit: 100 },
    archiveRetention: Duration.days(prod ? 365 : 14),
  };
}
