import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENV } from '../../shared/config';
import { lookupName, POPULATION_CODES, type CitizenRecord, type Relative } from '../../shared/identity/population';

/**
 * A local stand-in for the national population database behind the provincial integration gateway
 * (../shared/NATIONAL-INTERFACES.md §4), mounted on the local gateway's port:
 *
 *   POST /_simulator/population/lookup      the §4 request → `{error_code, message}`, message = XML
 *   POST /_simulator/population/citizens    (tests) add or replace a synthetic citizen (CitizenRecord JSON)
 *   GET  /_simulator/population/requests    (tests) what it received, oldest first
 *   POST /_simulator/population/fail        (tests) `{"count": n}`: the next n lookups answer 503
 *
 * It matches on SoDinhDanh and, when HoVaTen is sent, on the name as §4 normalises it. It holds
 * synthetic citizens only (identity numbers that follow the national format: province, century and
 * sex, year of birth, serial), never real people.
 */
export const POPULATION_SIMULATOR_PATH = '/_simulator/population';

/** The env that points the API at the simulator on the gateway at `baseUrl`. */
export function localPopulationEnv(baseUrl: string, basePath = POPULATION_SIMULATOR_PATH): Record<string, string> {
  return { [ENV.populationApiUrl]: `${baseUrl}${basePath}/lookup`, [ENV.populationIntegrationCode]: 'MOTCUA-LOCAL' };
}

export interface PopulationSimulator {
  (req: IncomingMessage, res: ServerResponse): boolean;
  citizens: Map<string, CitizenRecord>;
  requests: Record<string, unknown>[];
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const tag = (name: string, inner: string | undefined) => (inner === undefined ? '' : `<${name}>${inner}</${name}>`);
const textTag = (name: string, value: string | undefined) => (value === undefined ? '' : tag(name, escapeXml(value)));

function nameXml(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  const ten = words.pop() ?? '';
  const ho = words.shift() ?? '';
  return textTag('Ho', ho) + textTag('ChuDem', words.join(' ')) + textTag('Ten', ten);
}

function addressXml(name: string, address: string | undefined): string {
  return address === undefined ? '' : tag(name, textTag('ChiTiet', address) + textTag('QuocGia', 'VN'));
}

const relativeXml = (name: string, relative: Relative | undefined) =>
  relative === undefined ? '' : tag(name, tag('HoVaTen', nameXml(relative.fullName)) + textTag('QuocTich', 'VN') + textTag('SoDinhDanh', relative.nationalId));

/** The record as the integration gateway's XML message. */
export function citizenXml(person: CitizenRecord): string {
  const [year] = person.birthDate.split('-');
  const inner = [
    textTag('SoDinhDanh', person.nationalId),
    textTag('LoaiTaiKhoan', '1'),
    tag('HoVaTen', nameXml(person.fullName)),
    textTag('GioiTinh', person.gender === 'male' ? '1' : person.gender === 'female' ? '2' : undefined),
    tag('NgayThangNamSinh', textTag('Nam', year) + textTag('NgayThangNam', person.birthDate.replaceAll('-', ''))),
    addressXml('ThuongTru', person.permanentAddress),
    addressXml('NoiOHienTai', person.currentAddress),
    textTag('QuocTich', person.nationality ?? 'VN'),
    relativeXml('Cha', person.father),
    relativeXml('Me', person.mother),
    relativeXml('NguoiDaiDien', person.guardian),
  ].join('');
  return `<?xml version="1.0" encoding="utf-8"?><Envelope><Body><CongdanCollection><CongDan>${inner}</CongDan></CongdanCollection></Body></Envelope>`;
}

/** `years` years and `days` days before `at`, as `YYYY-MM-DD` (Vietnam time). */
export function bornBefore(at: Date, years: number, days = 0): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const date = new Date(Date.UTC(local.getUTCFullYear() - years, local.getUTCMonth(), local.getUTCDate() - days));
  return date.toISOString().slice(0, 10);
}

/** The citizen of `npm start`'s sample token and of `npm run token -- --role citizen` without --id. */
export const DEMO_CITIZEN = { nationalId: '001099012345', fullName: 'Nguyễn Văn An', birthDate: '1999-03-14' } as const;

/** The demo province's synthetic families (children's ages relative to today, so the demo stays true). */
export function demoCitizens(at = new Date()): CitizenRecord[] {
  const an = { nationalId: DEMO_CITIZEN.nationalId, fullName: DEMO_CITIZEN.fullName };
  const binh = { nationalId: '001199004567', fullName: 'Trần Thị Bình' };
  const address = 'Số 12 ngõ 34 phố Trần Phú, xã An Bình, tỉnh Thử';
  return [
    { ...an, birthDate: DEMO_CITIZEN.birthDate, gender: 'male', permanentAddress: address, currentAddress: address },
    { ...binh, birthDate: '1999-08-02', gender: 'female', permanentAddress: address, currentAddress: address },
    { nationalId: '001213004321', fullName: 'Nguyễn Minh Khang', birthDate: bornBefore(at, 13, 30), gender: 'male', permanentAddress: address, father: an, mother: binh },
    { nationalId: '001311007890', fullName: 'Nguyễn Thảo Vy', birthDate: bornBefore(at, 15, 10), gender: 'female', permanentAddress: address, father: an, mother: binh },
    { nationalId: '079188000111', fullName: 'Lê Thị Bé', birthDate: '1988-11-20', gender: 'female', permanentAddress: 'Số 5 đường Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh' },
    { nationalId: '038195004321', fullName: 'Phạm Thị Thu Hà', birthDate: '1995-06-09', gender: 'female', permanentAddress: 'Thôn Đông, xã Quảng Xương, tỉnh Thanh Hóa' },
  ];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function createPopulationSimulator(options: { citizens?: CitizenRecord[]; basePath?: string } = {}): PopulationSimulator {
  const base = options.basePath ?? POPULATION_SIMULATOR_PATH;
  const citizens = new Map((options.citizens ?? demoCitizens()).map((person) => [person.nationalId, person]));
  const requests: Record<string, unknown>[] = [];
  let failures = 0;

  async function serve(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === 'POST' && path === '/lookup') {
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return json(res, 200, { error_code: '2', message: 'Dữ liệu yêu cầu không hợp lệ' });
      }
      requests.push(request);
      if (failures > 0) {
        failures -= 1;
        return json(res, 503, { error_code: '99', message: 'Hệ thống đang bận, vui lòng thử lại sau' });
      }
      if (typeof request.MaTichHop !== 'string' || request.MaTichHop === '') return json(res, 200, { error_code: '3', message: 'Thiếu mã tích hợp' });
      const person = typeof request.SoDinhDanh === 'string' ? citizens.get(request.SoDinhDanh) : undefined;
      const nameMatches = !request.HoVaTen || (person && lookupName(person.fullName) === request.HoVaTen);
      if (!person || !nameMatches) return json(res, 200, { error_code: POPULATION_CODES.notFound, message: 'Không tìm thấy thông tin công dân' });
      return json(res, 200, { error_code: POPULATION_CODES.found, message: citizenXml(person) });
    }
    if (req.method === 'POST' && path === '/citizens') {
      const person = JSON.parse(await readBody(req)) as CitizenRecord;
      citizens.set(person.nationalId, person);
      return json(res, 201, person);
    }
    if (req.method === 'GET' && path === '/requests') return json(res, 200, requests);
    if (req.method === 'POST' && path === '/fail') {
      failures = Number((JSON.parse(await readBody(req)) as { count?: number }).count ?? 1);
      return json(res, 200, { failures });
    }
    return json(res, 404, { message: 'Not found' });
  }

  const handle = ((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    serve(req, res, url.pathname.slice(base.length)).catch(() => {
      if (!res.headersSent) json(res, 400, { message: 'bad simulator request' });
      else res.end();
    });
    return true;
  }) as PopulationSimulator;
  handle.citizens = citizens;
  handle.requests = requests;
  return handle;
}
