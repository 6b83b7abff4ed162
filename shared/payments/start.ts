/**
 * Starting a payment of a dossier's fee. One open payment per fee: the lock passes to a new payment
 * only once its holder is settled, and a holder whose time is up is first asked about at its gateway
 * (it may have been paid while its IPN was lost), so a fee is never paid twice.
 */
import { randomUUID } from 'node:crypto';
import type { Dossier } from '../domain/dossier';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { asciiText, assertPaymentTransition, isOpen, paymentProviderFor, whyNotPayable, type Payment } from '../domain/payment';
import type { Agency, Procedure } from '../domain/procedure';
import type { Logger } from '../logger';
import { getAgency, getProcedure } from '../store/catalogue';
import { getDossier } from '../store/dossiers';
import { createPayment, getOpenPaymentLock, getPayment, OpenPaymentExistsError } from '../store/payments';
import type { PaygovReceiptInfo } from './paygov';
import { providerNamed, type CheckoutProviderName, type Fetch } from './provider';
import { settleFromGateway } from './reconcile';
import { paymentTimings } from './secrets';
import { say } from '../domain/field-messages';

/** After vnp_ExpireDate the lock holds a little longer, for a callback already on its way. */
export const LOCK_GRACE_SECONDS = 5 * 60;

export interface StartPayment {
  dossierId: string;
  ownerSub: string;
  /** The gateway the citizen expects; the catalogue decides (procedure, else agency, else VNPay): another is 422. */
  provider?: CheckoutProviderName;
  ipAddr: string;
  returnUrl: string;
  locale?: 'vn' | 'en';
  log: Logger;
  now?: Date;
  fetch?: Fetch;
}

/** Starts paying a dossier's due fee: one open payment per fee; answers the gateway's redirect URL. */
export async function startPayment(input: StartPayment): Promise<Payment> {
  const now = input.now ?? new Date();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const dossier = await getDossier(input.dossierId);
    if (!dossier || dossier.ownerSub !== input.ownerSub) throw new NotFoundError('No such dossier.');
    const refusal = whyNotPayable(dossier);
    if (refusal) throw new ConflictError(refusal.detail, refusal.code);
    const [procedure, agency] = await Promise.all([getProcedure(dossier.procedureCode), dossier.agencyId ? getAgency(dossier.agencyId) : undefined]);
    const provider = paymentProviderFor(procedure, agency);
    if (input.provider && input.provider !== provider) {
      throw new UnprocessableError(`This dossier's fee is paid through ${provider}.`, 'PROVIDER_NOT_OFFERED', [{ path: 'body.provider', message: say('mustBe', { value: provider }) }]);
    }

    const expiresAt = new Date(now.getTime() + paymentTimings().expireMinutes * 60_000);
    assertPaymentTransition('CREATED', 'PENDING');
    // The redirect URL is built before the write, so the payment is stored straight as PENDING (its history says CREATED → PENDING).
    const draft: Payment = {
      id: randomUUID().replace(/-/g, ''),
      dossierId: dossier.id,
      ownerSub: dossier.ownerSub,
      provider,
      amount: dossier.fee.amount,
      state: 'PENDING',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    const receipt = receiptInfo(dossier, procedure, agency);
    const redirectUrl = await providerNamed(provider).checkoutUrl({
      payment: draft,
      orderInfo: asciiText(`Thanh toan le phi ho so ${dossier.code ?? dossier.id}`),
      returnUrl: input.returnUrl,
      ipAddr: input.ipAddr,
      ...(input.locale ? { locale: input.locale } : {}),
      ...(receipt ? { receipt } : {}),
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
    const payment: Payment = { ...draft, redirectUrl };
    const lockedUntil = Math.floor(expiresAt.getTime() / 1000) + LOCK_GRACE_SECONDS;
    try {
      await createPayment(payment, { dossierVersion: dossier.version, lockedUntil });
      return payment;
    } catch (error) {
      if (!(error instanceof OpenPaymentExistsError)) throw error;
    }
    const lock = await getOpenPaymentLock(dossier.id);
    if (!lock) continue; // released meanwhile: try again
    let holder = await getPayment(lock.paymentId);
    if (holder && isOpen(holder)) {
      if (lock.lockedUntil * 1000 > now.getTime()) throw new OpenPaymentExistsError(lock.paymentId);
      // Its time is up, but only its gateway knows whether the money was taken: ask before anyone else may pay.
      const outcome = await settleFromGateway(holder, { log: input.log.child({ paymentId: holder.id, provider: holder.provider }), now, ...(input.fetch ? { fetch: input.fetch } : {}) });
      holder = await getPayment(lock.paymentId);
      if (holder && isOpen(holder)) {
        input.log.warn('payment.lock_held', { paymentId: holder.id, gateway: outcome });
        throw new ConflictError("The previous payment of this fee is still awaiting its gateway's answer; try again later.", 'PAYMENT_ALREADY_OPEN');
      }
    }
    // The holder is settled (or gone): take its lock over, unless someone else did first. The dossier is read again.
    try {
      await createPayment(payment, { dossierVersion: dossier.version, lockedUntil, staleLockOf: lock.paymentId });
      return payment;
    } catch (error) {
      // Another payment took the lock, or the holder's settlement changed the dossier: decide again.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new OpenPaymentExistsError();
}

/** What PayGov prints on the receipt it issues: the dossier, the procedure, the agency and its beneficiary account, the payer. */
function receiptInfo(dossier: Dossier, procedure: Procedure | undefined, agency: Agency | undefined): PaygovReceiptInfo | undefined {
  if (!agency?.beneficiary) return undefined;
  const { applicant } = dossier;
  return {
    dossierCode: dossier.code ?? dossier.id,
    procedure: { code: dossier.procedureCode, name: procedure?.name ?? dossier.procedureCode },
    agency: { code: agency.code, name: agency.name, beneficiary: agency.beneficiary },
    payer: { fullName: applicant.organisation?.name ?? applicant.fullName, idNumber: applicant.organisation?.taxCode ?? applicant.nationalId, ...(applicant.address ? { address: applicant.address } : {}) },
  };
}
