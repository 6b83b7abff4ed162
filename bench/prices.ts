/**
 * AWS list prices for ap-southeast-1 (Singapore), USD, on-demand, without free tiers (a province's
 * account may have used them up; the free tier is a bonus, not a plan).
 *
 * Transcribed by hand from the public pricing pages below (the bench does not download prices).
 * `asOf` is when they were last compared with those pages: re-check them before using the figures
 * for a budget, and update `asOf` with them.
 */
export const prices = {
  region: 'ap-southeast-1',
  asOf: '2025-06 (DynamoDB on-demand after the 2024-11-01 reduction)',
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    /** Arm (Graviton2), first 6 billion GB-s a month. */
    perGbSecondArm: 0.0000133334,
    perMillionRequests: 0.2,
  },
  httpApi: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** HTTP APIs, first 300 million requests a month, per million. */
    perMillionRequests: 1.2,
  },
  dynamoDb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    perMillionWriteUnits: 0.7125,
    perMillionReadUnits: 0.1425,
    storagePerGbMonth: 0.285,
    pitrPerGbMonth: 0.228,
  },
  eventBridge: {
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    /** Custom events published (each 64 KB chunk), per million; rule matching and Lambda targets are free. */
    perMillionCustomEvents: 1.0,
  },
  s3: {
    source: 'https://aws.amazon.com/s3/pricing/',
    /** S3 Standard: PUT, COPY, POST, LIST per 1,000. */
    perThousandWrites: 0.005,
    /** GET, HEAD (SELECT excluded) per 1,000. */
    perThousandReads: 0.0004,
    storagePerGbMonth: 0.025,
  },
  cloudWatch: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    logsIngestionPerGb: 0.7,
    logsStoragePerGbMonth: 0.033,
    /** Standard-resolution metric alarm, per alarm-month. */
    alarmPerMonth: 0.1,
    /** Alarm metrics an account never pays for (the always-free tier, not the 12-month one). */
    freeAlarmMetrics: 10,
    /** Per dashboard-month. */
    dashboardPerMonth: 3.0,
  },
  xray: {
    source: 'https://aws.amazon.com/xray/pricing/',
    /** Traces recorded, per million (when context `tracing` is on; the first 100,000 a month are free). */
    perMillionTracesRecorded: 5.0,
  },
  secretsManager: {
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    perSecretMonth: 0.4,
    perTenThousandCalls: 0.05,
  },
  kms: {
    source: 'https://aws.amazon.com/kms/pricing/',
    /** Customer managed key, per month (AWS managed keys are free). */
    perKeyMonth: 1.0,
  },
} as const;
