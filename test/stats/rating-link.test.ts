import { hmacSha256 } from '../../shared/payments/signed-webhook';
import { useLocalWorld } from '../support/local';
import { agencyA, procedure, seedCatalogue } from '../agency/support';

/**
 * The signed one-click rating link of the RETURNED notification: read from the stored notification,
 * opened without a login, valid for 30 days, refused when forged, recorded once. The clock is pinned
 * (UTC+7): returned on Tuesday 2 March 2027 at 10:00, due Thursday the 4th, so early (criteria 1-2: 2).
 */
const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: string;
let officer: string;
let admin: string;
let dossierId: string;
let link: string;

const at = (vnLocal: string) => {
  process.env.MOTCUA_FAKE_NOW = new Date(`${vnLocal}+07:00`).toISOString();
};
let keys = 0;
async function post(token: string, path: string, json: unknown = {}) {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `rl-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
const submit = (path: string, body: string, contentType = 'application/x-www-form-urlencoded') => gateway.request('POST', path, { body, headers: { 'content-type': contentType } });
const codeOf = (html: string) => /data-code="([A-Z_]+)"/.exec(html)?.[1];
const ratings = async () => (await (await gateway.request('GET', `/admin/stats?from=2027-03-01&to=2027-04-30&agencyId=${agencyA.id}`, { token: admin })).json()).index.satisfaction;
const good = { c3: 2, c4: 1, c6: 2, c7: 2, c10: 2, c11: 2, comment: 'Nhanh, gọn' };

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-link', nationalId: '001077012377' });
  officer = await gateway.token('officer', { sub: 'officer-link', agencyId: agencyA.id });
  admin = await gateway.token('admin', { sub: 'admin-link' });
  at('2027-03-01T09:00:00');
  ({ id: dossierId } = await post(citizen, '/dossiers', {
    procedureCode: procedure.code,
    unitId: 'xa-mot',
    applicant: { fullName: 'Phạm Thu Hà', nationalId: '001077012377', email: 'ha@example.vn' },
    answers: { child: { fullName: 'Phạm An' } },
  }));
  await post(citizen, `/dossiers/${dossierId}/submit`);
  await pipeline.settle();
  at('2027-03-02T10:00:00');
  for (const [action, body] of [['receive'], ['process'], ['resolve', { decision: 'Cấp Giấy khai sinh' }], ['return', { method: 'desk' }]] as const) {
    await post(officer, `/agency/dossiers/${dossierId}/${action}`, body ?? {});
  }
  await pipeline.settle();
}, 90_000);

describe('the signed one-click rating link', () => {
  it('comes in the RETURNED notification, and opens the Vietnamese form without a login', async () => {
    const { items } = await (await gateway.request('GET', `/dossiers/${dossierId}/notifications`, { token: citizen })).json();
    const returned = items.find((item: { eventType: string }) => item.eventType === 'dossier.returned');
    const found = /https:\/\/dichvucong\.test\.invalid(\/ratings\/[^\s]+)$/.exec(returned.text);
    expect(found).not.toBeNull();
    link = found![1]!;
    expect(link).toMatch(new RegExp(`^/ratings/${dossierId}\\.\\d{10}\\.[0-9a-f]{64}$`));
    // Another event's notification carries no link.
    expect(items.filter((item: { text: string }) => item.text.includes('/ratings/')).every((item: { eventType: string }) => item.eventType === 'dossier.returned')).toBe(true);

    at('2027-03-03T08:00:00');
    const res = await gateway.request('GET', link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(codeOf(html)).toBe('FORM');
    expect(html).toContain('Đánh giá mức độ hài lòng');
    expect(html.match(/<fieldset>/g)).toHaveLength(6);
    expect(html).not.toMatch(/Phạm Thu Hà|001077012377|ha@example\.vn/);
  });

  it('refuses a forged or malformed link, and one signed with another key, writing nothing', async () => {
    const [, id, expires, signature] = /^\/ratings\/(.+)\.(\d+)\.([0-9a-f]{64})$/.exec(link)!;
    const otherKey = hmacSha256('someone-elses-secret-0123456789', `rating-link.${id}.${expires}`);
    const forged = [
      `/ratings/${id}.${expires}.${signature!.slice(0, -1)}${signature!.endsWith('0') ? '1' : '0'}`, // one digit changed
      `/ratings/${id}.${Number(expires) + 86_400}.${signature}`, // a later expiry, the same signature
      `/ratings/00000000-0000-4000-8000-000000000000.${expires}.${signature}`, // another dossier
      `/ratings/${id}.${expires}.${otherKey}`,
      '/ratings/abc',
    ];
    for (const path of forged) {
      const page = await gateway.request('GET', path);
      expect([path, page.status, codeOf(await page.text())]).toEqual([path, 403, 'INVALID_LINK']);
      const posted = await submit(path, form(good));
      expect([path, posted.status]).toEqual([path, 403]);
    }
    expect((await ratings()).ratings).toBe(0);
  });

  it('expires 30 days after the return', async () => {
    at('2027-04-01T10:01:00');
    const page = await gateway.request('GET', link);
    expect([page.status, codeOf(await page.text())]).toEqual([410, 'LINK_EXPIRED']);
    expect((await submit(link, form(good))).status).toBe(410);
    expect((await ratings()).ratings).toBe(0);
  });

  it('names the missing or wrong answers, then records the rating once: a second use is 409', async () => {
    at('2027-03-03T09:00:00');
    const bad = await submit(link, form({ c3: 5, c4: 1, c6: 2, c7: 2, c10: 2 }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(codeOf(html)).toBe('VALIDATION_FAILED');
    expect([...html.matchAll(/data-path="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['body.c11', 'body.c3']);
    expect((await ratings()).ratings).toBe(0);

    // Two posts at once (a double click, two devices): one rating.
    const both = await Promise.all([submit(link, form(good)), submit(link, JSON.stringify({ ...good, c11: 0 }), 'application/json')]);
    expect(both.map((res) => res.status).sort()).toEqual([201, 409]);
    const texts = await Promise.all(both.map((res) => res.text()));
    expect(texts.map(codeOf).sort()).toEqual(['RATED', 'RATING_EXISTS']);
    expect(texts.find((text) => codeOf(text) === 'RATED')).toContain('Cảm ơn bạn đã đánh giá.');

    const again = await gateway.request('GET', link);
    expect([again.status, codeOf(await again.text())]).toEqual([409, 'RATING_EXISTS']);
    expect((await submit(link, form(good))).status).toBe(409);
    const signedIn = await gateway.request('POST', `/dossiers/${dossierId}/rating`, { token: citizen, json: good, headers: { 'idempotency-key': 'rl-signed-in' } });
    expect([signedIn.status, (await signedIn.json()).code]).toEqual([409, 'RATING_EXISTS']);

    await pipeline.settle();
    const satisfaction = await ratings();
    expect(satisfaction.ratings).toBe(1);
    // Early: criteria 1 and 2 are 2 each; then 2 + 1 + 2 + 2 (c3, c4, c6, c7) = 11, whichever post won (c11 is not in the score).
    expect(satisfaction.averageScore).toBe(11);
  });
});
