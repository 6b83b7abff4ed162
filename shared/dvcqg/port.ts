import type { HoSoDongBoDVC, QuaTrinhXuLyDongBoDVC } from './mapping';

/**
 * The DVCQG sync port (province → national portal, §1.2): create and update a dossier, push its
 * progress. An adapter answers what DVCQG said, in words our sync understands; it throws
 * DvcqgUnavailableError when DVCQG could not be asked or did not answer (worth retrying).
 */
export interface DvcqgPort {
  create(hoSo: HoSoDongBoDVC): Promise<DvcqgAnswer>;
  update(hoSo: HoSoDongBoDVC): Promise<DvcqgAnswer>;
  progress(items: readonly QuaTrinhXuLyDongBoDVC[]): Promise<DvcqgAnswer>;
  /**
   * The national procedure database through the adapter (§1.6 d): the procedures of the province (or
   * of one unit, `maDonVi`), and one procedure in full. Records come as DVCQG sends them, unparsed.
   */
  listProcedures(unitCode?: string): Promise<unknown[]>;
  getProcedure(nationalCode: string): Promise<unknown | undefined>;
}

/** `ok`: "thành công"; `exists`: create met "đã tồn tại"; `rejected`: DVCQG said no (its words in `message`). */
export type DvcqgAnswer = { outcome: 'ok' | 'exists' | 'rejected'; errorCode?: string; message: string };

/** DVCQG was unreachable, timed out or answered 5xx/429 after every attempt. */
export class DvcqgUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'server-error',
    detail: string,
  ) {
    super(detail);
    this.name = 'DvcqgUnavailableError';
  }
}
