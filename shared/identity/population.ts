import { XMLParser } from 'fast-xml-parser';
import { ServiceUnavailableError } from '../domain/errors';
import { isoDate } from './claims';

/**
 * The national population database (CSDL quốc gia về dân cư), behind a port. The adapter speaks the
 * provincial integration gateway's conventions (../shared/NATIONAL-INTERFACES.md §4): a POST of JSON
 * `{HoVaTen, SoDinhDanh, Nam, MaTichHop, MaDVC, MaCanBo, MaYeuCau}`, an answer `{error_code, message}`
 * whose `message` is an XML document `Envelope/Body/CongdanCollection/CongDan`. Locally
 * infra/local/population-simulator.ts answers the same way.
 */

export interface Relative {
  nationalId?: string;
  fullName: string;
}

/** A citizen as the population database knows them. Personal data: never logged. */
export interface CitizenRecord {
  nationalId: string;
  fullName: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  gender?: 'male' | 'female';
  nationality?: string;
  /** Thường trú and nơi ở hiện tại, as printed addresses. */
  permanentAddress?: string;
  currentAddress?: string;
  father?: Relative;
  mother?: Relative;
  /** Người đại diện (legal guardian). */
  guardian?: Relative;
}

export interface PopulationQuery {
  nationalId: string;
  /** When known, the database checks it against the record. */
  fullName?: string;
  birthYear?: number;
  /** The procedure (MaDVC) and the officer (MaCanBo) the lookup is for, when there are. */
  procedureCode?: string;
  officerCode?: string;
}

/** The port: a record, or undefined when the database has no such citizen; throws ServiceUnavailableError when it cannot say. */
export interface PopulationDirectory {
  find(query: PopulationQuery): Promise<CitizenRecord | undefined>;
}

/** §4: the name upper-cased with its Vietnamese accents, spaces and symbols removed. */
export const lookupName = (fullName: string) =>
  fullName
    .normalize('NFC')
    .toLocaleUpperCase('vi')
    .replace(/[^\p{L}]/gu, '');

/** error_code values of the gateway: "0" found; "1" no such citizen. Anything else is a failure. [inferred] */
export const POPULATION_CODES = { found: '0', notFound: '1' } as const;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (!value || typeof value !== 'object') return undefined;
  const { Ho, ChuDem, Ten } = value as Record<string, unknown>;
  const parts = [Ho, ChuDem, Ten].map(textOf).filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function addressOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return textOf(value);
  return textOf((value as Record<string, unknown>).ChiTiet);
}

function relativeOf(value: unknown): Relative | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const fullName = nameOf(record.HoVaTen);
  if (!fullName) return undefined;
  const nationalId = textOf(record.SoDinhDanh);
  return { fullName, ...(nationalId && /^\d{12}$/.test(nationalId) ? { nationalId } : {}) };
}

/** The `CongDan` of an answer's XML message, or undefined when it has none or is malformed. */
export function parseCitizenXml(xml: string): CitizenRecord | undefined {
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch {
    return undefined;
  }
  const collection = (document as { Envelope?: { Body?: { CongdanCollection?: { CongDan?: unknown } } } })?.Envelope?.Body?.CongdanCollection?.CongDan;
  const person = (Array.isArray(collection) ? collection[0] : collection) as Record<string, unknown> | undefined;
  if (!person || typeof person !== 'object') return undefined;
  const nationalId = textOf(person.SoDinhDanh);
  const fullName = nameOf(person.HoVaTen);
  const born = person.NgayThangNamSinh as Record<string, unknown> | undefined;
  const birthDate = isoDate(textOf(born?.NgayThangNam));
  if (!nationalId || !/^\d{12}$/.test(nationalId) || !fullName || !birthDate) return undefined;
  const gender = textOf(person.GioiTinh);
  const optional = {
    gender: gender === '1' ? 'male' : gender === '2' ? 'female' : undefined,
    nationality: textOf(person.QuocTich),
    permanentAddress: addressOf(person.ThuongTru),
    currentAddress: addressOf(person.NoiOHienTai),
    father: relativeOf(person.Cha),
    mother: relativeOf(person.Me),
    guardian: relativeOf(person.NguoiDaiDien),
  };
  return { nationalId, fullName, birthDate, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) } as CitizenRecord;
}

export interface HttpPopulationOptions {
  url: string;
  /** MaTichHop: the province's integration code. */
  integrationCode: string;
  /** MaYeuCau prefix. */
  requestPrefix?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The adapter to the provincial integration gateway in front of the population database. */
export function httpPopulationDirectory(options: HttpPopulationOptions): PopulationDirectory {
  const doFetch = options.fetch ?? fetch;
  const unavailable = (cause?: unknown): never => {
    throw new ServiceUnavailableError('The national population database is unavailable; retry later.', 5, cause);
  };
  return {
    async find(query) {
      const body = {
        HoVaTen: query.fullName ? lookupName(query.fullName) : '',
        SoDinhDanh: query.nationalId,
        Nam: query.birthYear ? String(query.birthYear) : '',
        MaTichHop: options.integrationCode,
        MaDVC: query.procedureCode ?? '',
        MaCanBo: query.officerCode ?? '',
        MaYeuCau: `${options.requestPrefix ?? 'MOTCUA'}${Math.floor(Date.now() / 1000)}`,
      };
      let answer: { error_code?: unknown; message?: unknown };
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (!response.ok) return unavailable(new Error(`population gateway answered ${response.status}`));
        answer = (await response.json()) as typeof answer;
      } catch (error) {
        return unavailable(error);
      }
      const code = textOf(answer?.error_code);
      if (code === POPULATION_CODES.notFound) return undefined;
      if (code !== POPULATION_CODES.found || typeof answer.message !== 'string') return unavailable(new Error(`population gateway error_code ${code ?? 'missing'}`));
      const record = parseCitizenXml(answer.message);
      if (!record) return unavailable(new Error('population gateway answered an unreadable record'));
      return record.nationalId === query.nationalId ? record : undefined;
    },
  };
}
