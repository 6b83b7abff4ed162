/** GET /payments/{id}/receipt: the e-receipt of a payment that paid its fee, for its owner, as a presigned PDF. */
import { ConflictError } from '../domain/errors';
import { feeFor } from '../domain/procedure';
import { now } from '../clock';
import { getAgency, getProcedure, getUnit } from '../store/catalogue';
import { getDossier } from '../store/dossiers';
import { storeBook } from '../store/slips';
import { slipFonts } from '../slips/fonts';
import { renderSlip } from '../slips/layout';
import { maskApplicantId } from '../slips/verify';
import { paymentOf } from './payments';
import { providerNamed } from './provider';
import { receiptLayout } from './receipt-layout';

/** Money taken for the fee: a receipt exists (refunds are printed on it). */
const RECEIPTED = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'];

export async function paymentReceipt(paymentId: string, ownerSub: string) {
  const payment = await paymentOf(paymentId, ownerSub);
  if (!RECEIPTED.includes(payment.state) || !payment.paidAt) throw new ConflictError(`A payment in state ${payment.state} has no receipt.`, 'RECEIPT_NOT_AVAILABLE');
  const dossier = await getDossier(payment.dossierId);
  if (!dossier) throw new ConflictError('The dossier of this payment no longer exists.', 'RECEIPT_NOT_AVAILABLE');
  const [procedure, agency] = await Promise.all([getProcedure(dossier.procedureCode), dossier.agencyId ? getAgency(dossier.agencyId) : undefined]);
  const unit = agency ? await getUnit(agency.unitId) : undefined;
  const procedureName = procedure?.name ?? dossier.procedureCode;
  // The fee rule's label when the catalogue's fee is what was paid; otherwise the fee the agency requested.
  const rule = procedure?.fee.kind === 'rules' ? procedure.fee.rules.find((r) => r.amount === payment.amount && feeFor(procedure, dossier.answers) === r.amount) : undefined;
  const issuedAt = now();
  const layout = receiptLayout({
    paymentId: payment.id,
    provider: payment.provider,
    providerRef: payment.providerRef ?? '',
    amount: payment.amount,
    refunded: payment.refunded ?? 0,
    paidAt: new Date(payment.paidAt),
    issuedAt,
    payer: {
      fullName: dossier.applicant.fullName,
      maskedId: maskApplicantId(dossier.applicant.nationalId),
      ...(dossier.applicant.address ? { address: dossier.applicant.address } : {}),
      ...(dossier.applicant.organisation ? { organisation: { name: dossier.applicant.organisation.name, taxCode: dossier.applicant.organisation.taxCode } } : {}),
    },
    dossierCode: dossier.code ?? dossier.id,
    procedure: { code: dossier.procedureCode, name: procedureName },
    agency: { name: agency?.name ?? 'Bộ phận Một cửa', ...(agency?.beneficiary ? { beneficiary: agency.beneficiary } : {}) },
    place: unit?.name ?? agency?.name ?? '',
    lines: [{ content: rule?.label ?? `Phí, lệ phí giải quyết thủ tục ${procedureName}`, amount: payment.amount }],
  });
  const pdf = await renderSlip(layout, slipFonts());
  // One object per payment revision: a later refund prints a new receipt.
  const download = await storeBook(`receipts/${payment.id}/${payment.revision ?? 0}.pdf`, pdf, 'application/pdf', `bien-lai-${dossier.code ?? payment.id}.pdf`);
  // The receipt the gateway issues itself (PayGov's GET_BILL), beside ours; kept once fetched, and ours stands if it cannot be had now.
  const provider = providerNamed(payment.provider);
  const bill = provider.bill ? await provider.bill(payment, { fetch }) : undefined;
  const providerReceipt = bill ? await storeBook(`receipts/${payment.id}/${payment.provider}.pdf`, bill, 'application/pdf', `bien-lai-${payment.provider}-${payment.id}.pdf`) : undefined;
  return { paymentId: payment.id, state: payment.state, download, ...(providerReceipt ? { providerReceipt } : {}) };
}
