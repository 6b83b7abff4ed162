import * as z from 'zod';
import { defineContract } from '../http/contract';
import { PaymentState } from '../domain/payment';
import { CheckoutProvider } from '../domain/procedure';
import { RefundPurpose, RefundState } from '../domain/refund';

import { DossierId } from './dossiers';

export const PaymentView = z
  .object({
    paymentId: z.string(),
    dossierId: z.string(),
    provider: z.string(),
    amount: z.number().int().meta({ description: 'integer VND' }),
    state: PaymentState,
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    paidAt: z.iso.datetime().optional(),
    refunded: z.number().int().optional().meta({ description: 'integer VND given back so far' }),
    refundsPending: z.number().int().optional().meta({ description: 'integer VND reserved by refunds the gateway has not answered yet' }),
    redirectUrl: z.url().optional().meta({ description: 'the gateway page to send the browser to, while the payment is open' }),
  })
  .meta({ id: 'Payment' });

/** A late success as recorded, and how an admin resolved it (once resolved, the payment is PAID or REFUNDED). */
export const LateSuccess = z.object({
  at: z.iso.datetime(),
  providerRef: z.string(),
  previousState: PaymentState,
  reason: z.string(),
  resolution: z
    .object({
      by: z.enum(['apply', 'refund']),
      at: z.iso.datetime(),
      actorSub: z.string(),
      reason: z.string().optional(),
      refundId: z.string().optional(),
    })
    .optional(),
});

/** A payment as admins see it. */
export const AdminPaymentView = PaymentView.extend({
  ownerSub: z.string(),
  providerRef: z.string().optional(),
  lateSuccess: LateSuccess.optional(),
}).meta({ id: 'AdminPayment' });

export const startPayment = defineContract({
  operationId: 'startPayment',
  summary: "Start paying the dossier's due fee; answers the gateway's redirect URL",
  description:
    "One open payment per fee at a time (409 PAYMENT_ALREADY_OPEN). The amount is the fee due on the dossier, integer VND. The gateway is the catalogue's choice (the procedure's `paymentProvider`, else the agency's, else VNPay): naming another is 422 PROVIDER_NOT_OFFERED. PayGov needs the agency's beneficiary account (409 BENEFICIARY_MISSING); its INIT refused is 409 PAYMENT_GATEWAY_REFUSED, unanswered 503 with Retry-After; nothing is stored either way.",
  tag: 'payments',
  access: ['citizen'],
  idempotent: true,
  params: DossierId,
  body: z.lazy(() =>
    z
      .object({
        provider: CheckoutProvider.optional().meta({ description: 'the gateway you expect; the catalogue decides' }),
        locale: z.enum(['vn', 'en']).optional(),
      })
      .strict(),
  ),
  example: { provider: 'vnpay', locale: 'vn' },
  status: 201,
  location: '/payments/{id}',
  response: PaymentView,
  errorCodes: ['NOT_FOUND', 'NO_FEE_DUE', 'FEE_ALREADY_PAID', 'NOT_PAYABLE_NOW', 'PAYMENT_ALREADY_OPEN', 'CONFLICT', 'PROVIDER_NOT_OFFERED', 'BENEFICIARY_MISSING', 'PAYMENT_GATEWAY_REFUSED', 'SERVICE_UNAVAILABLE'],
});

export const getPayment = defineContract({
  operationId: 'getPayment',
  summary: 'A payment of mine and its state',
  tag: 'payments',
  access: ['citizen'],
  params: z.object({ id: z.string().min(1).max(64) }),
  response: PaymentView,
  errorCodes: ['NOT_FOUND'],
});

/**
 * What VNPay appends to the IPN and the return URL (VNPay's payment API 2.1.0), signed with
 * vnp_SecureHash over the other vnp_ parameters. Documented, not validated by the HTTP stack: the IPN
 * answers everything with a RspCode, the return page with a page.
 */
const VnpayParams = z.object({
  vnp_TmnCode: z
    .string()
    .max(8)
    .meta({ description: 'Our merchant code (a different one is answered 97 / refused).', examples: ['MOTCUA01'] }),
  vnp_Amount: z
    .string()
    .regex(/^\d{1,17}$/)
    .meta({ description: "The amount in VND × 100 (VNPay's unit), digits only.", examples: ['5000000'] }),
  vnp_TxnRef: z
    .string()
    .max(100)
    .meta({ description: 'Our payment id (letters and digits).', examples: ['P01J9X3Z7Q2K4M5N6B8V0C1R2T'] }),
  vnp_ResponseCode: z
    .string()
    .regex(/^\d{2}$/)
    .meta({ description: '00: success; anything else: failed or cancelled (24: cancelled by the payer).', examples: ['00'] }),
  vnp_TransactionStatus: z
    .string()
    .regex(/^\d{2}$/)
    .meta({ description: '00: the transaction succeeded at VNPay. Paid only when this and vnp_ResponseCode are both 00.', examples: ['00'] }),
  vnp_TransactionNo: z
    .string()
    .max(20)
    .meta({ description: "VNPay's transaction number.", examples: ['14226112'] }),
  vnp_BankCode: z
    .string()
    .max(20)
    .optional()
    .meta({ examples: ['NCB'] }),
  vnp_BankTranNo: z.string().max(255).optional(),
  vnp_CardType: z
    .string()
    .max(20)
    .optional()
    .meta({ examples: ['ATM'] }),
  vnp_PayDate: z
    .string()
    .regex(/^\d{14}$/)
    .optional()
    .meta({ description: 'yyyyMMddHHmmss, Vietnam time.', examples: ['20250901153000'] }),
  vnp_OrderInfo: z.string().max(255).optional(),
  vnp_SecureHashType: z.string().optional().meta({ description: 'HmacSHA512 when sent; not signed itself.' }),
  vnp_SecureHash: z
    .string()
    .regex(/^[0-9a-fA-F]{128}$/)
    .meta({ description: "HMAC-SHA512 (hex) of the other vnp_ parameters sorted by name, with the merchant's hash secret." }),
});
const PageLanguage = z.object({ lang: z.enum(['vi', 'en']).optional().meta({ description: "The page's language; otherwise Accept-Language, else Vietnamese." }) });

const RETURN_PAGE =
  "A page for phones, in Vietnamese (English with `?lang=en` or English first in Accept-Language): the dossier's code, the amount in VND, the outcome, what happens next, and a link to the dossier in the citizens' web app (FRONTEND_URL). 400 with the same kind of page for a link that shows no payment.";

export const vnpayReturn = defineContract({
  operationId: 'vnpayReturn',
  summary: "Where VNPay sends the browser back: an HTML page with the payment's stored state (changes nothing)",
  description: `Only for a link VNPay signed. ${RETURN_PAGE}`,
  tag: 'payments',
  access: 'public',
  documentedQuery: VnpayParams.extend(PageLanguage.shape),
  produces: 'text/html',
});

export const paygovReturn = defineContract({
  operationId: 'paygovReturn',
  summary: "Where PayGov sends the browser back (`?data=<MaThamChieu>`): the same page as VNPay's (changes nothing)",
  description: RETURN_PAGE,
  tag: 'payments',
  access: 'public',
  documentedQuery: z.object({ data: z.string().max(100).meta({ description: "PayGov's MaThamChieu: the payment this return is about." }), ...PageLanguage.shape }),
  produces: 'text/html',
});

export const IpnAnswer = z.object({ RspCode: z.enum(['00', '01', '02', '04', '97', '99']), Message: z.string() });

export const vnpayIpn = defineContract({
  operationId: 'vnpayIpn',
  summary: 'VNPay IPN: signed GET; always HTTP 200 with { RspCode, Message }',
  description: '00 confirmed (paid or failed recorded), 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid checksum, 99 unknown error (VNPay retries).',
  tag: 'payments',
  access: 'webhook',
  documentedQuery: VnpayParams,
  response: IpnAnswer,
});

const PaygovAnswer = z.object({
  MaLoi: z.string().meta({ description: "the callback's MaLoi, echoed" }),
  MoTaLoi: z.string(),
  MaDoiTac: z.string().meta({ description: 'our partner code' }),
  ThoiGianGD: z.string().meta({ description: 'echoed' }),
  MaXacThuc: z.string().meta({ description: "the callback's, echoed" }),
});

export const paymentWebhook = defineContract({
  operationId: 'paymentWebhook',
  summary: 'Signed JSON payment webhook',
  description:
    '`paygov`: PayGov\'s confirm callback (IPN), below. Any other provider: either Standard Webhooks (headers `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, key = the base64 of the provider\'s `whsec_` secret) or the signature-header scheme (`webhook-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`). 5-minute tolerance, each delivery once. Body `{ id, type: payment.succeeded|payment.failed, data: { paymentId, amount, providerRef, reason? } }`. `late-success`: the money was taken but pays no fee; kept for an admin. PayGov (`/webhooks/payments/paygov`): JSON `{ LoaiBanTin, MaLoi, MaDoiTac, MaThamChieu, SoTien, MaTienTe, MaGiaoDich, MaNganHang, ThoiGianGD, ThongTinGiaoDich, MaXacThuc }`, MaXacThuc = lower-case hex SHA-256 of those fields in that order `|`-joined with the shared secret last, checked in constant time before the body is read (401 INVALID_CHECKSUM whatever it holds); MaThamChieu is our payment id (404 NOT_FOUND, or another MaDoiTac); SoTien integer VND equal to the payment\'s (422 AMOUNT_MISMATCH); MaLoi "00" PAID, any other FAILED; a repeat changes nothing and gets the same 200 answer `{ MaLoi, MoTaLoi, MaDoiTac, ThoiGianGD, MaXacThuc }` (echoed). Its refusals are problem+json that also carry those fields (MaLoi 97 checksum, 01 not found, 04 amount, 03 malformed) and write nothing.',
  tag: 'payments',
  access: 'webhook',
  params: z.object({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
  response: z.lazy(() => z.union([z.object({ received: z.literal(true), outcome: z.enum(['recorded', 'already-settled', 'late-success']) }), PaygovAnswer])),
  errorCodes: ['INVALID_SIGNATURE', 'SIGNATURE_EXPIRED', 'WEBHOOK_REPLAYED', 'NOT_FOUND', 'AMOUNT_MISMATCH', 'VALIDATION_FAILED', 'INVALID_CHECKSUM', 'MALFORMED_JSON'],
});

export const listLateSuccesses = defineContract({
  operationId: 'listLatePaymentSuccesses',
  summary: 'Late successes: money a gateway took that paid no fee (after FAILED/EXPIRED, or the fee was no longer due as that payment), oldest first',
  description: 'Each stays here while unresolved. The list holds the oldest `limit` (they are rare; each also raised `payment.late_success`).',
  tag: 'payments',
  access: ['admin'],
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
  response: z.lazy(() => z.object({ items: z.array(AdminPaymentView.extend({ lateSuccess: LateSuccess })) })),
});

const PaymentId = z.object({ id: z.string().min(1).max(64) });

export const RefundView = z
  .object({
    refundId: z.string(),
    paymentId: z.string(),
    dossierId: z.string(),
    amount: z.number().int().meta({ description: 'integer VND' }),
    reason: z.string(),
    purpose: RefundPurpose,
    state: RefundState.meta({
      description: 'PENDING: reserved, the gateway not surely answered yet (asked again by the payment-reconciliation schedule); SUCCEEDED; FAILED: refused by the gateway (see failure), nothing reserved any more',
    }),
    requestedBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    attempts: z.number().int().meta({ description: 'calls made to the gateway' }),
    nextAttemptAt: z.iso.datetime().optional(),
    lastError: z.string().optional(),
    providerRef: z.string().optional().meta({ description: "the gateway's number of the refund transaction" }),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'Refund' });

export const requestRefund = defineContract({
  operationId: 'refundPayment',
  summary: 'Give back part or all of a paid payment through its gateway (VNPay refund API)',
  description:
    "Integer VND, at most what is still refundable (paid − refunded − refunds in progress: 422 REFUND_EXCEEDS_PAID); concurrent refunds never exceed it. 201 with the refund SUCCEEDED or FAILED (refused by the gateway: `failure`), 202 when the gateway has not surely answered (timeout, 5xx): the refund stays PENDING, reserved, and the payment-reconciliation schedule asks again. The payment becomes PARTIALLY_REFUNDED or REFUNDED, emits `payment.refunded`, and the dossier's fee follows when this payment paid it. The same Idempotency-Key answers the same refund.",
  tag: 'payments',
  access: ['admin'],
  idempotent: true,
  params: PaymentId,
  body: z.lazy(() =>
    z
      .object({
        amount: z.number().int().min(1).max(1_000_000_000_000).meta({ description: 'integer VND' }),
        reason: z.string().trim().min(1).max(200),
      })
      .strict(),
  ),
  example: { amount: 50_000, reason: 'Hồ sơ bị từ chối tiếp nhận: hoàn lệ phí.' },
  status: 201,
  location: '/admin/payments/{id}/refunds',
  otherStatuses: { 202: 'The gateway has not surely answered (timeout, 5xx): the refund stays PENDING, reserved; the payment-reconciliation schedule asks again.' },
  response: RefundView,
  errorCodes: ['NOT_FOUND', 'PAYMENT_NOT_REFUNDABLE', 'REFUND_EXCEEDS_PAID', 'REFUNDS_NOT_SUPPORTED', 'CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED'],
});

export const listRefunds = defineContract({
  operationId: 'listPaymentRefunds',
  summary: "A payment's refunds, oldest first",
  tag: 'payments',
  access: ['admin'],
  params: PaymentId,
  response: z.lazy(() => z.object({ items: z.array(RefundView) })),
  errorCodes: ['NOT_FOUND'],
});

export const getAdminPayment = defineContract({
  operationId: 'getAdminPayment',
  summary: 'A payment with its history (every transition, with who and why) and its refunds',
  tag: 'payments',
  access: ['admin'],
  params: PaymentId,
  response: AdminPaymentView.extend({
    history: z.array(z.object({ at: z.iso.datetime(), from: PaymentState.nullable(), to: PaymentState, note: z.string().optional() })),
    refunds: z.array(RefundView),
  }),
  errorCodes: ['NOT_FOUND'],
});

export const resolveLateSuccess = defineContract({
  operationId: 'resolveLateSuccess',
  summary: "Resolve a late success: apply it to the dossier's fee, or refund it in full",
  description:
    "`apply`: only while the dossier's fee is DUE for exactly this amount and the dossier can take it (else 409 FEE_REFUSES_PAYMENT: refund it); the payment becomes PAID, the fee PAID (a PAYMENT_REQUIRED dossier resumes), `payment.confirmed`. `refund`: a refund of the whole amount through the gateway, as POST /admin/payments/{id}/refunds (201 once through: REFUNDED; 202 while PENDING, resolved when the gateway answers). Either way `lateSuccess.resolution` and the payment's history record who, when and why.",
  tag: 'payments',
  access: ['admin'],
  idempotent: true,
  params: PaymentId,
  body: z.lazy(() => z.object({ by: z.enum(['apply', 'refund']), reason: z.string().trim().min(1).max(200) }).strict()),
  example: { by: 'apply', reason: 'Giao dịch thành công muộn khớp khoản lệ phí còn nợ của hồ sơ.' },
  otherStatuses: { 202: '`refund`: the gateway has not surely answered; the refund stays PENDING and is resolved when it answers.' },
  response: z.lazy(() => z.object({ payment: AdminPaymentView, refund: RefundView.optional() })),
  errorCodes: ['NOT_FOUND', 'NOT_A_LATE_SUCCESS', 'REFUND_IN_PROGRESS', 'FEE_REFUSES_PAYMENT', 'REFUNDS_NOT_SUPPORTED', 'CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED'],
});

export const paymentReceipt = defineContract({
  operationId: 'getPaymentReceipt',
  summary: 'The e-receipt (biên lai thu phí, lệ phí) of a payment of mine, as a 5-minute presigned PDF',
  description:
    "In Vietnamese: payer (an organisation with its tax code, mã số thuế), amount in figures and words, fee lines, dossier code, procedure, agency and its beneficiary account, time, the gateway's transaction number and our reference; refunds so far are printed on it. Only for a payment that paid its fee (PAID, PARTIALLY_REFUNDED, REFUNDED): otherwise 409 RECEIPT_NOT_AVAILABLE.",
  tag: 'payments',
  access: ['citizen'],
  params: PaymentId,
  response: z.lazy(() =>
    z.object({
      paymentId: z.string(),
      state: PaymentState,
      download: z.object({ url: z.string(), expiresAt: z.string() }),
      providerReceipt: z.object({ url: z.string(), expiresAt: z.string() }).optional().meta({ description: 'the receipt the gateway issues itself (PayGov GET_BILL), when it has one' }),
    }),
  ),
  errorCodes: ['NOT_FOUND', 'RECEIPT_NOT_AVAILABLE'],
});

export const listPendingRefunds = defineContract({
  operationId: 'listPendingRefunds',
  summary: 'Refunds whose gateway has not surely answered yet (PENDING), the oldest due first',
  description:
    'Each is still reserved and asked about again by the payment-reconciliation schedule at `nextAttemptAt`; `attempts` and `lastError` say how it goes (from the fifth call on, each try also pages: PaymentRefundStuck).',
  tag: 'payments',
  access: ['admin'],
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
  response: z.lazy(() => z.object({ items: z.array(RefundView) })),
});
