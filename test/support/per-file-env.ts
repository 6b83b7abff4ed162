import { randomUUID } from 'node:crypto';
import { localNames } from '../../infra/local/provision';
import { setLocalEnv } from '../../infra/local/stack';

// Each test file gets tables and buckets of its own (created by provisionStore()), named here,
// before any handler module reads its configuration.
const names = localNames(`t${randomUUID().slice(0, 8)}`);
setLocalEnv(names, { dynamoDb: process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:1', s3: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:1' }, 'test');
process.env.LOG_LEVEL ??= 'silent';
// The tests' gateway checks every answer against the OpenAPI document (test/support/local.ts); CHECK_RESPONSES=0 turns it off.
process.env.CHECK_RESPONSES ??= '1';
// Where the slips' QR verify links point (test/slips sets its own).
process.env.PUBLIC_BASE_URL ??= 'https://dichvucong.test.invalid';
// Payment gateway settings as the local stack has them (test/payments sets its own).
process.env.VNPAY_TMN_CODE ??= 'MOTCUATEST';
process.env.VNPAY_HASH_SECRET ??= 'test-hash-secret-not-used-anywhere-else';
process.env.VNPAY_PAY_URL ??= 'http://127.0.0.1:9/_simulator/vnpay/pay';
process.env.VNPAY_QUERY_URL ??= 'http://127.0.0.1:9/_simulator/vnpay/querydr';
process.env.PAYMENT_RETURN_URL ??= 'http://127.0.0.1:9/payments/vnpay/return';
process.env.WEBHOOK_SECRETS ??= JSON.stringify({ generic: 'test-webhook-secret-0123456789' });
// The one-click rating links' signing secret, as the local stack makes one.
process.env.RATING_LINK_SECRET ??= 'test-rating-link-secret-0123456789';
