import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { events } from '../../events/catalog';
import type { Dossier } from '../../shared/domain/dossier';
import type { AdministrativeUnit, Agency, Procedure } from '../../shared/domain/procedure';
import { putAgency, putProcedure, putUnit } from '../../shared/store/catalogue';
import { applicantEntryWrite, commitDossierChange } from '../../shared/store/dossiers';
import { outboxEvent, type PendingEvent } from '../../shared/store/outbox';
import { dossierRef } from '../../shared/domain/dossier';

/** Two communes, each with its committee, under one province. */
export const units: AdministrativeUnit[] = [
  { id: 'tinh-test', name: 'Tỉnh Test', tier: 'province' },
  { id: 'xa-mot', name: 'Xã Một', tier: 'commune', parentId: 'tinh-test' },
  { id: 'xa-hai', name: 'Xã Hai', tier: 'commune', parentId: 'tinh-test' },
];
export const agencyA: Agency = { id: 'ubnd-xa-mot', code: 'UBMOT', name: 'UBND xã Một', unitId: 'xa-mot', kind: 'commune-committee' };
export const agencyB: Agency = { id: 'ubnd-xa-hai', code: 'UBHAI', name: 'UBND xã Hai', unitId: 'xa-hai', kind: 'commune-committee' };

/** A level-4 commune procedure without papers, so a citizen can submit it with answers alone. */
export const procedure = {
  code: '1.000001',
  name: 'Đăng ký khai sinh (thử)',
  field: 'Hộ tịch',
  level: 4,
  mode: 'FULLY_ONLINE',
  tier: 'commune',
  agencyKind: 'commune-committee',
  fee: { kind: 'fixed', amount: 0 },
  processingTime: { amount: 3, unit: 'working-days' },
  applicationForm: { type: 'object', required: ['child'], properties: { child: { type: 'object', required: ['fullName'], properties: { fullName: { type: 'string' } } } } },
  delivery: ['online', 'post', 'desk'],
  // These tests' results are plain PDFs: signed results have their own tests (test/agency/signed-results).
  resultDocument: { contentTypes: ['application/pdf'], maxBytes: 20 * 1024 * 1024, signature: 'optional' },
} as unknown as Procedure;

export async function seedCatalogue(): Promise<void> {
  for (const unit of units) await putUnit(unit);
  await putAgency(agencyA);
  await putAgency(agencyB);
  await putProcedure(procedure);
}

/** A submitted dossier written as the citizen's submit writes it (the arrange step; issue 4 owns submit). */
export async function seedSubmitted(options: { agencyId?: string; routed?: boolean; appointmentAt?: string; ownerSub?: string; submittedAt?: string } = {}): Promise<{ dossier: Dossier; submitted: PendingEvent }> {
  const at = options.submittedAt ?? new Date().toISOString();
  const id = randomUUID();
  const dossier: Dossier = {
    id,
    version: 1,
    status: 'SUBMITTED',
    resumeStatus: null,
    supplementRequested: false,
    procedureCode: procedure.code,
    ownerSub: options.ownerSub ?? 'citizen-1',
    applicant: { fullName: 'Nguyễn Thị Bình', nationalId: '001099012345', phone: '0912345678', email: 'binh@example.vn' },
    // As the submit records it when the citizen's identity provider verified both.
    contactsVouched: { sms: 'idp', email: 'idp' },
    unitId: 'xa-mot',
    answers: { child: { fullName: 'Nguyễn Văn An' } },
    papers: [],
    code: `${options.agencyId ? 'UBMOT' : 'HCC'}-260105-${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`,
    ...(options.agencyId !== undefined ? { agencyId: options.agencyId } : {}),
    routed: options.routed ?? false,
    submittedAt: at,
    appointmentAt: options.appointmentAt ?? new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
    fee: { amount: 0, state: 'NONE' },
    createdAt: at,
    updatedAt: at,
  };
  const submitted = outboxEvent(events.dossierSubmitted, { ...dossierRef(dossier, dossier.ownerSub), unitId: dossier.unitId, appointmentAt: dossier.appointmentAt!, submittedAt: at });
  // As a submission writes it, with the entry that lists it under its applicant (GET /me/dossiers).
  await commitDossierChange({
    dossier,
    history: { at, action: 'submit', actor: { sub: dossier.ownerSub, role: 'citizen' }, from: 'DRAFT', to: 'SUBMITTED' },
    events: [submitted],
    alsoWrite: { applicantEntry: applicantEntryWrite(dossier)! },
  });
  return { dossier, submitted };
}

/** A routed dossier in an agency's inbox. */
export const seedInInbox = (agencyId: string, options: Parameters<typeof seedSubmitted>[0] = {}) => seedSubmitted({ ...options, agencyId, routed: true });

/** The EventBridge event that the publisher would put on the bus for this outbox write. */
export function bridgeEvent(pending: PendingEvent): EventBridgeEvent<string, unknown> {
  const item = pending.item.Put!.Item as { detailType: string; detail: string; occurredAt: string; source: string };
  return { version: '0', id: randomUUID(), 'detail-type': item.detailType, source: item.source, account: '000000000000', time: item.occurredAt, region: 'ap-southeast-1', resources: [], detail: JSON.parse(item.detail) };
}
