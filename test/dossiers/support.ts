import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';
import type { AdministrativeUnit, Agency, Procedure } from '../../shared/domain/procedure';
import { putAgency, putProcedure, putUnit } from '../../shared/store/catalogue';
import { currentNames, emulatorClients, type TestGateway, type TestResponse } from '../support/local';

/**
 * A small catalogue of our own: one province with three communes (two with a commune committee,
 * one without any agency), a commune-tier level-3 procedure with a required and an optional paper
 * and a JSON Schema form, and a level-2 procedure that cannot be submitted online.
 */
export const units: AdministrativeUnit[] = [
  { id: 'tinh-thu', name: 'Tỉnh Thử', tier: 'province' },
  { id: 'xa-an-binh', name: 'Xã An Bình', tier: 'commune', parentId: 'tinh-thu' },
  { id: 'xa-binh-minh', name: 'Xã Bình Minh', tier: 'commune', parentId: 'tinh-thu' },
  { id: 'xa-hoang-vu', name: 'Xã Hoang Vu', tier: 'commune', parentId: 'tinh-thu' },
];

export const agencies: Agency[] = [
  { id: 'ubnd-xa-an-binh', code: 'UBNDAB', name: 'UBND xã An Bình', unitId: 'xa-an-binh', kind: 'commune-committee' },
  { id: 'ubnd-xa-binh-minh', code: 'UBNDBM', name: 'UBND xã Bình Minh', unitId: 'xa-binh-minh', kind: 'commune-committee' },
  { id: 'so-tu-phap', code: 'STP', name: 'Sở Tư pháp', unitId: 'tinh-thu', kind: 'justice-department' },
];

export const MAX_BYTES = 4096;

export const birthRegistration: z.input<typeof Procedure> = {
  code: 'T.000001',
  name: 'Đăng ký khai sinh (thử)',
  field: 'Hộ tịch',
  level: 3,
  mode: 'PARTLY_ONLINE',
  tier: 'commune',
  agencyKind: 'commune-committee',
  papers: [
    { id: 'giay-chung-sinh', name: 'Giấy chứng sinh', required: true, contentTypes: ['application/pdf', 'image/jpeg'], maxBytes: MAX_BYTES },
    { id: 'giay-uy-quyen', name: 'Văn bản ủy quyền', required: false, contentTypes: ['application/pdf'], maxBytes: MAX_BYTES },
  ],
  fee: { kind: 'rules', rules: [{ field: 'copies', equals: 2, amount: 16000 }], otherwise: 8000 },
  processingTime: { amount: 1, unit: 'working-days' },
  applicationForm: {
    type: 'object',
    required: ['child'],
    properties: {
      child: {
        type: 'object',
        required: ['fullName', 'birthDate'],
        properties: { fullName: { type: 'string', minLength: 1 }, birthDate: { type: 'string', format: 'date' } },
      },
      copies: { type: 'integer', minimum: 1, maximum: 10 },
    },
  },
  delivery: ['online', 'desk'],
};

export const informationOnly: z.input<typeof Procedure> = { ...birthRegistration, code: 'T.000002', name: 'Chỉ thông tin', level: 2 };

export async function seedCatalogue(): Promise<void> {
  for (const unit of units) await putUnit(unit);
  for (const agency of agencies) await putAgency(agency);
  await putProcedure(birthRegistration as Procedure);
  await putProcedure(informationOnly as Procedure);
}

export const goodAnswers = { child: { fullName: 'Nguyễn Văn Bé', birthDate: '2026-02-01' }, copies: 1 };
export const applicant = { fullName: 'Nguyễn Văn A', nationalId: '001099012345', phone: '0912345678' };

export const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('base64');
/** A small but real-looking PDF of `size` bytes (starts with the PDF signature). */
export const pdf = (size = 600, fill = 'a') => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, fill)]);
export const png = (size = 600) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 1)]);

let keys = 0;
export const idempotencyKey = () => `key-${process.pid}-${Date.now()}-${++keys}`;

/** A client of the dossier API for one citizen. */
export function citizenClient(gateway: TestGateway, token: string) {
  const post = (path: string, json?: unknown, key = idempotencyKey()) => gateway.request('POST', path, { token, ...(json === undefined ? {} : { json }), headers: { 'idempotency-key': key } });
  return {
    createDraft: (overrides: Record<string, unknown> = {}) => post('/dossiers', { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', applicant, answers: goodAnswers, ...overrides }),
    get: (id: string) => gateway.request('GET', `/dossiers/${id}`, { token }),
    patch: (id: string, json: unknown) => gateway.request('PATCH', `/dossiers/${id}`, { token, json }),
    removeDraft: (id: string, query = '') => gateway.request('DELETE', `/dossiers/${id}${query}`, { token }),
    list: (query = '') => gateway.request('GET', `/dossiers${query}`, { token }),
    declare: (id: string, declaration: Record<string, unknown>) => post(`/dossiers/${id}/attachments`, declaration),
    submit: (id: string, key = idempotencyKey(), json?: unknown) => post(`/dossiers/${id}/submit`, json, key),
    withdraw: (id: string, json?: unknown) => post(`/dossiers/${id}/withdraw`, json),
    supplement: (id: string, json?: unknown) => post(`/dossiers/${id}/supplement`, json),
    /** Declares a paper for `body` and uploads it through the presigned URL, as a browser would. */
    async attach(id: string, paperId: string, body: Buffer, options: { contentType?: string; declare?: Partial<Record<string, unknown>>; upload?: Buffer; uploadHeaders?: Record<string, string> } = {}) {
      const contentType = options.contentType ?? 'application/pdf';
      const declared = await post(`/dossiers/${id}/attachments`, { paperId, fileName: 'giấy tờ.pdf', contentType, size: body.length, sha256: sha256(body), ...options.declare });
      expect(declared.status).toBe(201);
      const { upload } = await declared.json();
      const uploaded = await fetch(upload.url, { method: upload.method, headers: { ...upload.headers, ...options.uploadHeaders }, body: options.upload ?? body });
      expect(uploaded.status).toBe(200);
      return upload as { url: string; method: string; headers: Record<string, string> };
    },
  };
}

/** A draft whose required paper is uploaded: ready to submit. */
export async function readyDraft(client: ReturnType<typeof citizenClient>, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await client.createDraft(overrides);
  expect(res.status).toBe(201);
  const { id } = await res.json();
  await client.attach(id, 'giay-chung-sinh', pdf());
  return id;
}

/** Items in this file's outbox table: the test's view of "no event was written" (a Scan, in tests only). */
export async function outboxCount(): Promise<number> {
  const { dynamoDb } = emulatorClients();
  try {
    const { Count } = await dynamoDb.send(new ScanCommand({ TableName: currentNames().outboxTableName, Select: 'COUNT' }));
    return Count ?? 0;
  } finally {
    dynamoDb.destroy();
  }
}

/** The parts of a dossier that any change would touch. */
export async function snapshot(client: ReturnType<typeof citizenClient>, id: string) {
  const res: TestResponse = await client.get(id);
  const dossier = await res.json();
  return { dossier, outbox: await outboxCount() };
}

export const pinClock = (iso: string) => {
  process.env.MOTCUA_FAKE_NOW = iso;
};
export const unpinClock = () => {
  delete process.env.MOTCUA_FAKE_NOW;
};
