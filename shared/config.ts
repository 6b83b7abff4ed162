import * as z from 'zod';

/**
 * Every environment variable the functions read, declared once. CDK sets them from the same names
 * (infra/stacks/function.ts) and the local stack from its emulators (infra/local/stack.ts).
 * Read and validated once at cold start (checkConfigAtInit): missing config fails the init, not a request.
 */
/** A function's timeout unless its declaration says otherwise (infra/stacks/function.ts); waits inside a request stay under it. */
export const FUNCTION_TIMEOUT_SECONDS = 10;

export const ENV = {
  tableName: 'TABLE_NAME',
  outboxTableName: 'OUTBOX_TABLE_NAME',
  attachmentsBucket: 'ATTACHMENTS_BUCKET',
  documentsBucket: 'DOCUMENTS_BUCKET',
  eventBusName: 'EVENT_BUS_NAME',
  stage: 'STAGE',
  /** Local only: endpoints of DynamoDB Local and the S3 emulator. Unset in AWS. */
  dynamoDbEndpoint: 'DYNAMODB_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  /** Optional: the SES identity notifications are sent from; unset, emails are only stored. */
  notifyEmailFrom: 'NOTIFY_EMAIL_FROM',
  /** Optional: `on` sends SMS through SNS; unset, SMS are only stored. */
  notifySms: 'NOTIFY_SMS',
  /** Local only: the in-process EventBridge (infra/local/bus.ts). */
  eventBridgeEndpoint: 'EVENTBRIDGE_ENDPOINT',
  /**
   * Where payment gateways send the citizen's browser back (signed into every payment link): a stage
   * setting (CDK context `paymentReturnUrl`, else this API's own /payments/vnpay/return), never
   * derived from a request's Host or X-Forwarded-Proto.
   */
  paymentReturnUrl: 'PAYMENT_RETURN_URL',
  /** The citizens' web app, linked from the payment return page (CDK context `frontendUrl`). */
  frontendUrl: 'FRONTEND_URL',
  /** Which identity profile's claims the functions read (shared/identity/profiles.ts): cognito or vneid. */
  identityProfile: 'IDENTITY_PROFILE',
  /** Optional: JSON renaming some of the profile's claims. */
  identityClaims: 'IDENTITY_CLAIMS',
  /** Optional: the provincial integration gateway in front of the national population database (infra/local/population-simulator.ts locally). */
  populationApiUrl: 'POPULATION_API_URL',
  /** Optional: MaTichHop, the province's integration code for it. */
  populationIntegrationCode: 'POPULATION_INTEGRATION_CODE',
  /** The public address the QR codes' verify links start with (the portal or this API), e.g. `https://dichvucong.example.gov.vn`. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Malware scanning of papers before they leave quarantine (shared/domain/malware.ts): `signatures` (built-in, EICAR) or `none`. */
  paperScanner: 'PAPER_SCANNER',
} as const;

/** An https URL without credentials (http only to this machine): what may be signed into a payment link or linked from a page. */
const WebUrl = z.url({ protocol: /^https$/, hostname: z.regexes.domain }).refine((value) => !/^[^:]+:\/\/[^/]*@/.test(value), 'no credentials in the URL');
export const StageUrl = z.union([WebUrl, z.url({ protocol: /^http$/, hostname: /^(localhost|127\.0\.0\.1)$/ })]);

const schema = z.object({
  tableName: z.string().min(1),
  outboxTableName: z.string().min(1),
  attachmentsBucket: z.string().min(1),
  documentsBucket: z.string().min(1),
  eventBusName: z.string().min(1).default('motcua'),
  stage: z.string().min(1).default('local'),
  dynamoDbEndpoint: z.url().optional(),
  s3Endpoint: z.url().optional(),
  eventBridgeEndpoint: z.url().optional(),
  notifyEmailFrom: z.string().min(3).optional(),
  notifySms: z.enum(['on', 'off']).optional(),
  paymentReturnUrl: StageUrl.optional(),
  frontendUrl: StageUrl.optional(),
  identityProfile: z.enum(['cognito', 'vneid']).optional(),
  identityClaims: z.string().max(2000).optional(),
  populationApiUrl: z.url().optional(),
  populationIntegrationCode: z.string().min(1).max(64).optional(),
  publicBaseUrl: z.url().optional(),
  paperScanner: z.enum(['signatures', 'none']).default('signatures'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name] || undefined]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => ENV[issue.path[0] as keyof typeof ENV]).join(', ');
    throw new Error(`Invalid configuration: ${missing}`);
  }
  return parsed.data;
}

let cached: Config | undefined;
/** The process's configuration, read and validated once. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/**
 * Called by every function's adapter as its module loads, i.e. in Lambda's init phase: a missing or
 * malformed setting fails the init with the setting's name, on the deploy's first call, instead of
 * failing some later request halfway through its work.
 */
export function checkConfigAtInit(): void {
  config();
}
