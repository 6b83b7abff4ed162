import fc from 'fast-check';
import { buildPaymentUrlSearchParams, hash } from 'vnpay/utils';
import { HashAlgorithm } from 'vnpay/enums';
import { decidePaymentCallback, PAYMENT_TRANSITIONS, PaymentState, type Payment } from '../../shared/domain/payment';
import { vndInWords } from '../../shared/domain/vnd-words';
import { afterRefund, feeAfterRefund, refundableAmount, refundsOnWithdrawal, whyNotRefundable, withRefundReserved } from '../../shared/domain/refund';
import { signatureHeader, verifySignatureHeader } from '../../shared/payments/signed-webhook';
import { signedData, verifySignedParams, vnpDate } from '../../shared/payments/vnpay';

describe('decidePaymentCallback', () => {
  it('never settles a payment as paid with another amount, whatever its state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PaymentState.options), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (state, amount, reported) => {
        fc.pre(amount !== reported);
        expect(decidePaymentCallback({ state, amount } as Payment, { amount: reported, outcome: 'paid' })).toEqual({ kind: 'amount-mismatch' });
      }),
    );
  });

  it('settles only open payments, keeps a success after FAILED/EXPIRED as a late success, and each is an allowed transition', () => {
    for (const state of PaymentState.options) {
      for (const outcome of ['paid', 'failed'] as const) {
        const decision = decidePaymentCallback({ state, amount: 10 }, { amount: 10, outcome });
        if (decision.kind === 'settle') expect(['CREATED', 'PENDING']).toContain(state);
        if (decision.kind === 'settle') expect(PAYMENT_TRANSITIONS[state]).toContain(decision.to);
        else if (decision.kind === 'late-success') {
          expect([state, outcome]).toEqual([expect.stringMatching(/^(FAILED|EXPIRED)$/), 'paid']);
          expect(PAYMENT_TRANSITIONS[state]).toContain('LATE_SUCCESS');
        } else expect(decision).toEqual({ kind: 'already-settled', state });
      }
    }
  });
});

describe('VNPay signing', () => {
  it('signs exactly the data the vnpay package signs, for any parameter values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^vnp_[A-Za-z]{1,12}$/), fc.string({ minLength: 1, maxLength: 30 })), (params) => {
        const theirs = buildPaymentUrlSearchParams(params).toString();
        expect(signedData(params)).toBe(theirs);
        const signed = { ...params, vnp_SecureHash: hash('secret', Buffer.from(theirs, 'utf-8'), HashAlgorithm.SHA512) };
        expect(verifySignedParams(signed, 'secret')).toBe(true);
        expect(verifySignedParams(signed, 'other')).toBe(false);
      }),
    );
  });

  it('writes dates in GMT+7', () => {
    expect(vnpDate(new Date('2025-12-31T17:30:05Z'))).toBe('20260101003005');
  });
});

describe('signed webhooks', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  const t = now.getTime() / 1000;
  it('accepts its own header within 5 minutes and refuses it after, or with another body or secret', () => {
    const header = signatureHeader('{"a":1}', 's3cret', t);
    expect(verifySignatureHeader(header, '{"a":1}', 's3cret', new Date(now.getTime() + 299_000)).ok).toBe(true);
    expect(verifySignatureHeader(header, '{"a":1}', 's3cret', new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignatureHeader(header, '{"a":2}', 's3cret', now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignatureHeader(header, '{"a":1}', 'other', now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignatureHeader('v1=abc', '{}', 's3cret', now)).toEqual({ ok: false, reason: 'malformed' });
  });
  it('accepts any of several v1 signatures (secret rotation)', () => {
    const header = `${signatureHeader('{}', 'new', t)},v1=${'0'.repeat(64)}`;
    expect(verifySignatureHeader(header, '{}', 'new', now).ok).toBe(true);
  });
});

describe('refund rules', () => {
  it('never lets reserved plus refunded exceed the paid amount, whatever the sequence of refunds and outcomes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 1e7 }), fc.boolean()), { maxLength: 20 }), (paid, steps) => {
        let payment = { id: 'p', amount: paid, state: 'PAID' } as Payment;
        for (const [amount, succeeded] of steps) {
          if (whyNotRefundable(payment, amount)) continue;
          payment = withRefundReserved(payment, amount, 'now');
          expect((payment.refunded ?? 0) + (payment.refundsPending ?? 0)).toBeLessThanOrEqual(paid);
          payment = afterRefund(payment, amount, succeeded, 'now');
        }
        expect(payment.refundsPending ?? 0).toBe(0);
        expect(refundableAmount(payment)).toBe(paid - (payment.refunded ?? 0));
        expect(payment.state).toBe(!payment.refunded ? 'PAID' : payment.refunded === paid ? 'REFUNDED' : 'PARTIALLY_REFUNDED');
        expect(PAYMENT_TRANSITIONS.PAID.concat('PAID')).toContain(payment.state);
      }),
    );
  });

  it('moves the fee only when the refunded payment is the one that paid it', () => {
    expect(feeAfterRefund({ amount: 100, state: 'PAID', paymentId: 'p' }, { id: 'p', refunded: 40 })).toEqual({ amount: 100, state: 'PARTIALLY_REFUNDED', paymentId: 'p', refunded: 40 });
    expect(feeAfterRefund({ amount: 100, state: 'REFUND_DUE', paymentId: 'p' }, { id: 'p', refunded: 100 })).toMatchObject({ state: 'REFUNDED' });
    expect(feeAfterRefund({ amount: 100, state: 'PAID', paymentId: 'q' }, { id: 'p', refunded: 100 })).toEqual({ amount: 100, state: 'PAID', paymentId: 'q' });
  });

  it('refunds a withdrawal by itself only before processing, when the procedure says so and the fee was paid', () => {
    const paid = { amount: 1, state: 'PAID', paymentId: 'p' } as const;
    expect(refundsOnWithdrawal({ refundOnEarlyWithdrawal: true }, { status: 'RECEIVED', fee: paid })).toBe(true);
    expect(refundsOnWithdrawal({ refundOnEarlyWithdrawal: true }, { status: 'PROCESSING', fee: paid })).toBe(false);
    expect(refundsOnWithdrawal({}, { status: 'SUBMITTED', fee: paid })).toBe(false);
    expect(refundsOnWithdrawal({ refundOnEarlyWithdrawal: true }, { status: 'SUBMITTED', fee: { amount: 1, state: 'DUE' } })).toBe(false);
  });
});

describe('vndInWords', () => {
  it('reads amounts as Vietnamese receipts write them', () => {
    const cases: Array<[number, string]> = [
      [0, 'Không đồng'],
      [5, 'Năm đồng'],
      [15, 'Mười lăm đồng'],
      [21, 'Hai mươi mốt đồng'],
      [105, 'Một trăm linh năm đồng'],
      [50_000, 'Năm mươi nghìn đồng'],
      [125_000, 'Một trăm hai mươi lăm nghìn đồng'],
      [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
      [1_500_000, 'Một triệu năm trăm nghìn đồng'],
      [2_000_000_000, 'Hai tỷ đồng'],
      [1_000_000_000_000, 'Một nghìn tỷ đồng'],
      [310_011, 'Ba trăm mười nghìn không trăm mười một đồng'],
    ];
    for (const [amount, words] of cases) expect(vndInWords(amount)).toBe(words);
  });
});
