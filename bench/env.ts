import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Test-only VNPay merchant settings: the IPN is signed with them in the bench, never sent anywhere. */
export const BENCH_VNPAY = { tmnCode: 'BENCH001', hashSecret: 'bench-hash-secret-0123456789abcdef' };

/** Every env var a handler reads at module load, with dummy values: for the bundle init measurements (no endpoint: AWS mode). */
export const dummyLambdaEnv: Record<string, string> = {
  TABLE_NAME: 'motcua-bench-main',
  OUTBOX_TABLE_NAME: 'motcua-bench-outbox',
  ATTACHMENTS_BUCKET: 'motcua-bench-attachments',
  DOCUMENTS_BUCKET: 'motcua-bench-documents',
  EVENT_BUS_NAME: 'motcua-bench',
  STAGE: 'bench',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  VNPAY_TMN_CODE: BENCH_VNPAY.tmnCode,
  VNPAY_HASH_SECRET: BENCH_VNPAY.hashSecret,
  LOG_LEVEL: 'silent',
};
