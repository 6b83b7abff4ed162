/**
 * VNPay's protocol (Cổng thanh toán VNPAY, API 2.1.0), pure: the signed payment URL, the IPN's
 * checksum and fields, the IPN answer, and the querydr request and response. node:crypto only.
 * The signed data is the sorted vnp_* parameters form-encoded (as VNPay's own samples and the
 * `vnpay` npm package do), HMAC-SHA512 with the merchant's hash secret, hex.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const VNP_VERSION = '2.1.0';
export const VNPAY_SANDBOX_PAY_URL = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html';
export const VNPAY_SANDBOX_QUERY_URL = 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction';

/** The IPN answers VNPay understands; always sent with HTTP 200. */
export const IPN_ANSWERS = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidChecksum: { RspCode: '97', Message: 'Invalid Checksum' },
  unknown: { RspCode: '99', Message: 'Unknown error' },
} as const;
export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/** yyyyMMddHHmmss in GMT+7, VNPay's date format (Vietnam has no daylight saving). */
export function vnpDate(date: Date): string {
  const gmt7 = new Date(date.getTime() + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${gmt7.getUTCFullYear()}${pad(gmt7.getUTCMonth() + 1)}${pad(gmt7.getUTCDate())}${pad(gmt7.getUTCHours())}${pad(gmt7.getUTCMinutes())}${pad(gmt7.getUTCSeconds())}`;
}

/** The data VNPay signs: every non-empty vnp_* parameter but the hash itself, sorted, form-encoded. */
export function signedData(params: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    if (!key.startsWith('vnp_') || key === 'vnp_SecureHash' || key === 'vnp_SecureHashType') continue;
    const value = params[key];
    if (value !== undefined && value !== '') search.append(key, value);
  }
  return search.toString();
}

export const hmacSha512 = (secret: string, data: string) => createHmac('sha512', secret).update(data, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests (case-insensitive, as VNPay's are sometimes upper case). */
export function sameDigest(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]*$/i.test(givenHex)) return false;
  const expected = Buffer.from(expectedHex.toLowerCase(), 'utf8');
  const given = Buffer.from(givenHex.toLowerCase(), 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of where they differ.
  if (expected.length !== given.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}

/** Signs parameters as VNPay does (used for our payment URL and by the local simulator for its IPN). */
export function signParams(params: Readonly<Record<string, string>>, hashSecret: string): Record<string, string> {
  return { ...params, vnp_SecureHash: hmacSha512(hashSecret, signedData(params)) };
}

export interface PaymentUrlInput {
  payUrl: string;
  tmnCode: string;
  hashSecret: string;
  txnRef: string;
  /** Integer VND; sent ×100 as VNPay wants. */
  amount: number;
  /** ASCII, no marks. */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
  locale?: 'vn' | 'en';
}

/** The signed URL the citizen's browser is redirected to. */
export function buildPaymentUrl(input: PaymentUrlInput): string {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new Error('amount must be a positive integer VND');
  const params: Record<string, string> = {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: input.tmnCode,
    vnp_Amount: String(input.amount * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: input.txnRef,
    vnp_OrderInfo: input.orderInfo,
    vnp_OrderType: 'other',
    vnp_Locale: input.locale ?? 'vn',
    vnp_ReturnUrl: input.returnUrl,
    vnp_IpAddr: input.ipAddr,
    vnp_CreateDate: vnpDate(input.createdAt),
    vnp_ExpireDate: vnpDate(input.expiresAt),
  };
  const data = signedData(params);
  const url = new URL(input.payUrl);
  url.search = `${data}&vnp_SecureHash=${hmacSha512(input.hashSecret, data)}`;
  return url.toString();
}

/** The parameters of a query string, first value of each (VNPay never repeats one). */
export function queryParams(rawQueryString: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) if (!(key in params)) params[key] = value;
  return params;
}

/** Whether VNPay signed these parameters (IPN or return URL), in constant time. */
export function verifySignedParams(params: Readonly<Record<string, string>>, hashSecret: string): boolean {
  const given = params.vnp_SecureHash;
  if (!given) return false;
  return sameDigest(hmacSha512(hashSecret, signedData(params)), given);
}

/** The IPN's fields we act on; `amount` is undefined when vnp_Amount is not a whole number of đồng ×100. */
export interface IpnFields {
  tmnCode: string;
  txnRef: string;
  amount: number | undefined;
  responseCode: string;
  transactionStatus: string;
  transactionNo: string;
  bankCode?: string;
  payDate?: string;
}

export function ipnFields(params: Readonly<Record<string, string>>): IpnFields {
  const raw = params.vnp_Amount ?? '';
  const amount = /^\d{1,17}$/.test(raw) && Number(raw) % 100 === 0 ? Number(raw) / 100 : undefined;
  return {
    tmnCode: params.vnp_TmnCode ?? '',
    txnRef: params.vnp_TxnRef ?? '',
    amount,
    responseCode: params.vnp_ResponseCode ?? '',
    transactionStatus: params.vnp_TransactionStatus ?? '',
    transactionNo: params.vnp_TransactionNo ?? '',
    ...(params.vnp_BankCode ? { bankCode: params.vnp_BankCode } : {}),
    ...(params.vnp_PayDate ? { payDate: params.vnp_PayDate } : {}),
  };
}

/** Paid only when both the response code and the transaction status say 00. */
export const isPaid = (fields: Pick<IpnFields, 'responseCode' | 'transactionStatus'>) => fields.responseCode === '00' && fields.transactionStatus === '00';

// -- querydr: ask VNPay about one transaction (reconciliation) --

export interface QueryDrInput {
  tmnCode: string;
  hashSecret: string;
  requestId: string;
  txnRef: string;
  orderInfo: string;
  /** The vnp_CreateDate of the payment URL. */
  transactionDate: Date;
  now: Date;
  ipAddr: string;
}

/** The JSON body of a querydr request; its hash covers the fields in VNPay's documented order. */
export function queryDrRequest(input: QueryDrInput): Record<string, string> {
  const body = {
    vnp_RequestId: input.requestId,
    vnp_Version: VNP_VERSION,
    vnp_Command: 'querydr',
    vnp_TmnCode: input.tmnCode,
    vnp_TxnRef: input.txnRef,
    vnp_OrderInfo: input.orderInfo,
    vnp_TransactionDate: vnpDate(input.transactionDate),
    vnp_CreateDate: vnpDate(input.now),
    vnp_IpAddr: input.ipAddr,
  };
  const data = [body.vnp_RequestId, body.vnp_Version, body.vnp_Command, body.vnp_TmnCode, body.vnp_TxnRef, body.vnp_TransactionDate, body.vnp_CreateDate, body.vnp_IpAddr, body.vnp_OrderInfo].join('|');
  return { ...body, vnp_SecureHash: hmacSha512(input.hashSecret, data) };
}

const RESPONSE_HASH_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const;

/** The data VNPay signs in a querydr response (absent fields count as empty). */
export function queryDrResponseData(response: Readonly<Record<string, unknown>>): string {
  return RESPONSE_HASH_FIELDS.map((field) => (response[field] === undefined || response[field] === null ? '' : String(response[field]))).join('|');
}

export function signQueryDrResponse(response: Record<string, unknown>, hashSecret: string): Record<string, unknown> {
  return { ...response, vnp_SecureHash: hmacSha512(hashSecret, queryDrResponseData(response)) };
}

/** What a querydr response says about a transaction, once its checksum is verified. */
export type QueryDrResult =
  | { kind: 'invalid-checksum' }
  | { kind: 'not-found' }
  | { kind: 'paid'; amount: number | undefined; transactionNo: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'pending' }
  | { kind: 'error'; responseCode: string };

export function readQueryDrResponse(response: Readonly<Record<string, unknown>>, hashSecret: string): QueryDrResult {
  const given = typeof response.vnp_SecureHash === 'string' ? response.vnp_SecureHash : '';
  if (!sameDigest(hmacSha512(hashSecret, queryDrResponseData(response)), given)) return { kind: 'invalid-checksum' };
  const responseCode = String(response.vnp_ResponseCode ?? '');
  if (responseCode === '91') return { kind: 'not-found' };
  if (responseCode !== '00') return { kind: 'error', responseCode };
  const status = String(response.vnp_TransactionStatus ?? '');
  const fields = ipnFields({ vnp_Amount: String(response.vnp_Amount ?? '') });
  // 01: not completed yet; 00: paid; anything else is a final failure (02 error, 04 reversed, 09 refunded, ...).
  if (status === '00') return { kind: 'paid', amount: fields.amount, transactionNo: String(response.vnp_TransactionNo ?? '') };
  if (status === '01' || status === '') return { kind: 'pending' };
  return { kind: 'failed', reason: `vnp_TransactionStatus ${status}` };
}

// -- refund: give back all (02) or part (03) of a paid transaction --

export interface RefundRequestInput {
  tmnCode: string;
  hashSecret: string;
  /** Unique per refund and kept across retries, so VNPay never takes one refund twice. */
  requestId: string;
  txnRef: string;
  /** Integer VND; sent ×100. */
  amount: number;
  /** 02 full refund (the whole paid amount), 03 partial. */
  transactionType: '02' | '03';
  /** VNPay's number of the paid transaction (vnp_TransactionNo of its IPN), "0" when unknown. */
  transactionNo: string;
  /** The vnp_CreateDate of the payment URL. */
  transactionDate: Date;
  /** Who asked for the refund (ASCII). */
  createBy: string;
  orderInfo: string;
  now: Date;
  ipAddr: string;
}

/** The JSON body of a refund request; its hash covers the fields in VNPay's documented order, pipe-joined. */
export function refundRequest(input: RefundRequestInput): Record<string, string> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new Error('amount must be a positive integer VND');
  const body = {
    vnp_RequestId: input.requestId,
    vnp_Version: VNP_VERSION,
    vnp_Command: 'refund',
    vnp_TmnCode: input.tmnCode,
    vnp_TransactionType: input.transactionType,
    vnp_TxnRef: input.txnRef,
    vnp_Amount: String(input.amount * 100),
    vnp_TransactionNo: input.transactionNo || '0',
    vnp_TransactionDate: vnpDate(input.transactionDate),
    vnp_CreateBy: input.createBy,
    vnp_CreateDate: vnpDate(input.now),
    vnp_IpAddr: input.ipAddr,
    vnp_OrderInfo: input.orderInfo,
  };
  return { ...body, vnp_SecureHash: hmacSha512(input.hashSecret, refundRequestData(body)) };
}

/** The data VNPay signs in a refund request; an absent vnp_TransactionNo counts as "0" (its value when unknown, as the vnpay package signs it). */
export function refundRequestData(request: Readonly<Record<string, unknown>>): string {
  const fields: Readonly<Record<string, unknown>> = { vnp_TransactionNo: '0', ...request };
  return REFUND_REQUEST_HASH_FIELDS.map((field) => (fields[field] === undefined || fields[field] === null ? '' : String(fields[field]))).join('|');
}

const REFUND_REQUEST_HASH_FIELDS = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TransactionType',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_TransactionNo',
  'vnp_TransactionDate',
  'vnp_CreateBy',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const;

const REFUND_RESPONSE_HASH_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
] as const;

/** The data VNPay signs in a refund response (absent fields count as empty). */
export function refundResponseData(response: Readonly<Record<string, unknown>>): string {
  return REFUND_RESPONSE_HASH_FIELDS.map((field) => (response[field] === undefined || response[field] === null ? '' : String(response[field]))).join('|');
}

export function signRefundResponse(response: Record<string, unknown>, hashSecret: string): Record<string, unknown> {
  return { ...response, vnp_SecureHash: hmacSha512(hashSecret, refundResponseData(response)) };
}

/**
 * VNPay's refund answer codes (vnp_ResponseCode). Refused for good: the request itself is wrong or
 * VNPay will not refund this transaction. 94 (a refund of it is already being processed) and 99 say
 * nothing sure: asked again later.
 */
export const REFUND_REFUSALS: Readonly<Record<string, string>> = {
  '02': 'Mã định danh kết nối không hợp lệ (invalid TmnCode)',
  '03': 'Dữ liệu gửi sang không đúng định dạng (invalid data format)',
  '91': 'Không tìm thấy giao dịch yêu cầu hoàn trả (transaction not found)',
  '95': 'Giao dịch này không thành công bên VNPAY, VNPAY từ chối xử lý yêu cầu (VNPay refuses)',
  '97': 'Checksum không hợp lệ (invalid checksum)',
};

export type RefundAnswer = { kind: 'refunded'; transactionNo: string } | { kind: 'refused'; responseCode: string; message: string } | { kind: 'unsure'; detail: string };

export function readRefundResponse(response: Readonly<Record<string, unknown>>, hashSecret: string): RefundAnswer {
  const given = typeof response.vnp_SecureHash === 'string' ? response.vnp_SecureHash : '';
  // An answer we cannot authenticate proves nothing either way: asked again later.
  if (!sameDigest(hmacSha512(hashSecret, refundResponseData(response)), given)) return { kind: 'unsure', detail: 'refund answer with an invalid checksum' };
  const responseCode = String(response.vnp_ResponseCode ?? '');
  if (responseCode === '00') return { kind: 'refunded', transactionNo: String(response.vnp_TransactionNo ?? '') };
  const refusal = REFUND_REFUSALS[responseCode];
  if (refusal) return { kind: 'refused', responseCode, message: refusal };
  return { kind: 'unsure', detail: `refund vnp_ResponseCode ${responseCode || 'missing'}` };
}
