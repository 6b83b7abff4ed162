import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { buildPaymentUrlSearchParams, hash } from 'vnpay/utils';
import { HashAlgorithm } from 'vnpay/enums';
import { createVnpaySimulator } from '../../infra/local/payment-simulator';
import type { Dossier } from '../../shared/domain/dossier';
import { commitDossierChange, getDossier } from '../../shared/store/dossiers';
import { dynamo } from '../../shared/store/clients';
import { currentNames, emulatorClients } from '../support/local';

export const TMN_CODE = 'MOTCUA01';
export const HASH_SECRET = 'TESTHASHSECRET0123456789ABCDEFGH';
export const WEBHOOK_SECRET = 'whsec_acme_0123456789abcdef';
/** A Standard Webhooks secret: `whsec_` + the base64 key, as such gateways issue them. */
export const STANDARD_WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The payment settings of a test file, set before any handler reads them (handlers load at first request). */
export function setPaymentEnv(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    VNPAY_TMN_CODE: TMN_CODE,
    VNPAY_HASH_SECRET: HASH_SECRET,
    WEBHOOK_SECRETS: JSON.stringify({ acme: WEBHOOK_SECRET, stdpay: STANDARD_WEBHOOK_SECRET }),
    ...extra,
  });
}

export interface VnpaySimulatorServer {
  url: string;
  close(): Promise<void>;
}

/** The local VNPay simulator on a port of its own, its IPNs sent to the gateway at `gatewayUrl`: point the payment settings at `url` (localVnpayEnv). */
export async function startVnpaySimulator(gatewayUrl: string): Promise<VnpaySimulatorServer> {
  const handle = createVnpaySimulator({ gatewayUrl, tmnCode: TMN_CODE, hashSecret: HASH_SECRET });
  const server = createServer((req, res) => {
    if (!handle(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A dossier arranged directly in the store, as the officer's actions (issue 5) would leave it. */
export async function arrangeDossier(overrides: Partial<Dossier> = {}): Promise<Dossier> {
  const at = new Date().toISOString();
  const dossier: Dossier = {
    id: randomUUID(),
    version: 1,
    procedureCode: '1.001193',
    ownerSub: 'citizen-a',
    applicant: { fullName: 'Nguyễn Văn A', nationalId: '001099012345' },
    unitId: 'phuong-ba-dinh',
    answers: {},
    papers: [],
    status: 'PAYMENT_REQUIRED',
    resumeStatus: 'PROCESSING',
    supplementRequested: false,
    code: `UBBD-250601-${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`,
    agencyId: 'ubnd-ba-dinh',
    routed: true,
    fee: { amount: 50_000, state: 'DUE' },
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
  await commitDossierChange({ dossier, history: { at, action: 'request-payment', actor: { sub: 'officer-1', role: 'officer', agencyId: 'ubnd-ba-dinh' }, from: 'PROCESSING', to: dossier.status }, events: [] });
  return dossier;
}

export const reloadDossier = async (id: string) => (await getDossier(id))!;

/** IPN query string signed as VNPay signs it, with the `vnpay` package's own utilities. */
export function signedIpn(fields: Record<string, string | number>, secret = HASH_SECRET): string {
  const params = buildPaymentUrlSearchParams(fields);
  params.append('vnp_SecureHash', hash(secret, Buffer.from(params.toString(), 'utf-8'), HashAlgorithm.SHA512));
  return params.toString();
}

/** The fields VNPay sends for a payment of `amount` VND of order `txnRef`. */
export function ipnFieldsFor(txnRef: string, amount: number, outcome: 'paid' | 'cancelled' = 'paid'): Record<string, string> {
  return {
    vnp_Amount: String(amount * 100),
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14422574',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Thanh toan le phi ho so',
    vnp_PayDate: '20250601153333',
    vnp_ResponseCode: outcome === 'paid' ? '00' : '24',
    vnp_TmnCode: TMN_CODE,
    vnp_TransactionNo: '14422574',
    vnp_TransactionStatus: outcome === 'paid' ? '00' : '02',
    vnp_TxnRef: txnRef,
  };
}

/** Outbox items of one detail type about one payment (a Scan: tests only). */
export async function outboxEventsAbout(detailType: string, paymentId: string): Promise<unknown[]> {
  const client = emulatorClients().dynamoDb;
  const items: unknown[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: currentNames().outboxTableName,
        FilterExpression: 'detailType = :type AND contains(detail, :id)',
        ExpressionAttributeValues: { ':type': { S: detailType }, ':id': { S: paymentId } },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  client.destroy();
  return items;
}

/** The history entries of a payment or a dossier partition. */
export async function historyOf(pk: string): Promise<Array<Record<string, unknown>>> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: currentNames().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
      ExpressionAttributeValues: { ':pk': pk, ':history': 'HISTORY#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => item.entry as Record<string, unknown>);
}

/** An open payment of a gateway that has no checkout integration (only signed webhooks), arranged in the store. */
export async function arrangeWebhookPayment(provider: string, amount = 50_000): Promise<{ dossier: Dossier; paymentId: string }> {
  const { createPayment } = await import('../../shared/store/payments');
  const dossier = await arrangeDossier({ fee: { amount, state: 'DUE' } });
  const now = new Date();
  const paymentId = randomUUID().replace(/-/g, '');
  await createPayment(
    {
      id: paymentId,
      dossierId: dossier.id,
      ownerSub: dossier.ownerSub,
      provider,
      amount,
      state: 'PENDING',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
    },
    { dossierVersion: dossier.version, lockedUntil: Math.floor(now.getTime() / 1000) + 20 * 60 },
  );
  return { dossier, paymentId };
}
