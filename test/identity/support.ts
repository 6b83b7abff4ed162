import type { CitizenRecord } from '../../shared/identity/population';
import { bornBefore } from '../../infra/local/population-simulator';
import type { TestGateway } from '../support/local';
import { idempotencyKey, pdf, sha256 } from '../dossiers/support';

/** A synthetic citizen in this file's population simulator. */
export function addCitizen(gateway: TestGateway, person: CitizenRecord): void {
  gateway.population.citizens.set(person.nationalId, person);
}

/** A child whose age on `at` is `years` (born `years` years ago, `days` days more). */
export const childBorn = (at: Date, years: number, days = 0) => bornBefore(at, years, days);

/** A client of the /me routes for one citizen. */
export function meClient(gateway: TestGateway, token: string) {
  const post = (path: string, json?: unknown) => gateway.request('POST', path, { token, ...(json === undefined ? {} : { json }), headers: { 'idempotency-key': idempotencyKey() } });
  return {
    profile: () => gateway.request('GET', '/me/profile', { token }),
    lookups: () => gateway.request('GET', '/me/lookups', { token }),
    mandates: () => gateway.request('GET', '/me/mandates', { token }),
    give: (json: unknown) => post('/me/mandates', json),
    confirm: (id: string) => post(`/me/mandates/${id}/confirm`),
    revoke: (id: string) => post(`/me/mandates/${id}/revoke`),
    /** Gives a mandate, uploads its paper and confirms it: an ACTIVE mandate. */
    async mandate(agentNationalId: string, terms: { procedures: string[]; validFrom: string; validUntil: string }) {
      const paper = pdf(700, 'u');
      const given = await post('/me/mandates', { agentNationalId, ...terms, paper: { fileName: 'giấy ủy quyền.pdf', contentType: 'application/pdf', size: paper.length, sha256: sha256(paper) } });
      expect(given.status).toBe(201);
      const { mandate, upload } = await given.json();
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: paper });
      expect(put.status).toBe(200);
      const confirmed = await post(`/me/mandates/${mandate.id}/confirm`);
      expect(confirmed.status).toBe(200);
      return (await confirmed.json()) as { id: string; status: string };
    },
  };
}
