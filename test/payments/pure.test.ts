import fc from 'fast-check';
import { buildPaymentUrlSearchParams, hash } from 'vnpay/utils';
import { HashAlgorithm } from 'vnpay/enums';
import { decidePaymentCallback, PAYMENT_TRANSITIONS, PaymentState, type Payment } from '../../shared/domain/payment';
import { signatureHeader, verifySignatureHeader } from '../../shared/payments/signed-webhook';
import { signedData, verifySignedParams, vnpDate } from '../../shared/payments/vnpay';

describe('decidePaymentCallback', () => {
  it('never settles a payment as paid with another amount, whatever its state', () => {
    fc.assert(fc.property(fc.constantFrom(...PaymentState.options), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (state, amount, reported) => {
      fc.pre(amount !== reported);
      expect(decidePaymentCallback({ state, amount } as Payment, { amount: reported, outcome: 'paid' })).toEqual({ kind: 'amount-mismatch' });
    }));
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
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^vnp_[A-Za-z]{1,12}$/), fc.string({ minLength: 1, maxLength: 30 })), (params) => {
      const theirs = buildPaymentUrlSearchParams(params).toString();
      expect(signedData(params)).toBe(theirs);
      const signed = { ...params, vnp_SecureHash: hash('secret', Buffer.from(theirs, 'utf-8'), HashAlgorithm.SHA512) };
      expect(verifySignedParams(signed, 'secret')).toBe(true);
      expect(verifySignedParams(signed, 'other')).toBe(false);
    }));
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
