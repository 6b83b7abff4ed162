import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { vnpayReturnView, type ReturnView } from '../../shared/payments/callbacks';

const MESSAGES: Record<string, string> = {
  PAID: 'Thanh toán thành công. Payment received.',
  PENDING: 'Đang chờ xác nhận từ cổng thanh toán. Waiting for the gateway\'s confirmation.',
  CREATED: 'Đang chờ xác nhận từ cổng thanh toán. Waiting for the gateway\'s confirmation.',
  FAILED: 'Thanh toán không thành công. The payment failed.',
  EXPIRED: 'Giao dịch đã hết hạn. The payment expired.',
  REFUNDED: 'Giao dịch đã được hoàn tiền. The payment was refunded.',
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(view: ReturnView): string {
  const message = !view.verified ? 'Liên kết không hợp lệ. This link is not valid.'
    : !view.state ? 'Không tìm thấy giao dịch. Payment not found.'
    : MESSAGES[view.state]!;
  const details = view.state ? `<p data-state="${escape(view.state)}">${escape(view.paymentId!)} · ${view.amount!.toLocaleString('vi-VN')} VND · ${escape(view.state)}</p>` : '';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Kết quả thanh toán</title></head><body><h1>${escape(message)}</h1>${details}</body></html>`;
}

/**
 * GET /payments/vnpay/return: VNPay sends the browser here. Shows our stored state (the IPN is what
 * changes it), and only for a link VNPay signed. Changes nothing.
 */
export const handler = httpHandler(contracts.vnpayReturn, async ({ event }) => {
  const view = await vnpayReturnView(event.rawQueryString ?? '');
  return {
    status: view.verified ? 200 : 400,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" },
    body: page(view),
  };
});
