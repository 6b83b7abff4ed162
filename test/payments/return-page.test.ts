import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createPaygovSimulator, localPaygovEnv, PAYGOV_SIMULATOR_PATH, type PaygovSimulator } from '../../infra/local/paygov-simulator';
import { localVnpayEnv } from '../../infra/local/payment-simulator';
import { putAgency, putUnit, invalidateCatalogue } from '../../shared/store/catalogue';
import { launchBrowser } from '../support/browser';
import { useLocalWorld } from '../support/local';
import { arrangeDossier, HASH_SECRET, setPaymentEnv, TMN_CODE, startVnpaySimulator, type VnpaySimulatorServer } from './support';

/**
 * The page a citizen lands on back from the gateway, in a real browser (Debian chromium) the width
 * of a phone: what it shows, in which language, that nothing scrolls sideways, where "back" goes.
 */
const FRONTEND = 'https://dichvucong.example.gov.vn/app';
const WIDTH = 390;

let vnpay: VnpaySimulatorServer;
let vnpayUrl: string;
let paygov: PaygovSimulator;
// PayGov's simulator is mounted on the gateway's port, as `npm start` mounts it.
const { gateway } = useLocalWorld({ gateway: { extras: [(req, res) => paygov?.handle(req, res) ?? false] } });
let browser: Browser;
let citizen: string;

beforeAll(async () => {
  paygov = createPaygovSimulator({ gatewayUrl: gateway.url, partnerCode: 'MOTCUAPG', secret: 'paygov-test-secret-0123456789abcdef' });
  vnpay = await startVnpaySimulator(gateway.url);
  vnpayUrl = vnpay.url;
  setPaymentEnv({
    ...localVnpayEnv(vnpayUrl, { tmnCode: TMN_CODE, hashSecret: HASH_SECRET }),
    ...localPaygovEnv(gateway.url, { partnerCode: 'MOTCUAPG', secret: 'paygov-test-secret-0123456789abcdef' }),
    PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return`,
    FRONTEND_URL: FRONTEND,
  });
  await putUnit({ id: 'phuong-ba-dinh', name: 'Phường Ba Đình', tier: 'commune' });
  await putAgency({
    id: 'ubnd-kim-ma',
    code: 'UBKM',
    name: 'UBND phường Kim Mã',
    unitId: 'phuong-ba-dinh',
    kind: 'commune-committee',
    beneficiary: { account: '0011009876543', bankCode: 'BIDV', name: 'UBND PHUONG KIM MA' },
    paymentProvider: 'paygov',
  });
  invalidateCatalogue();
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await vnpay?.close();
});

/** A dossier with an open payment of 125 000 VND; `outcome` paid or failed on the gateway's simulator, which answers the browser's return URL. */
async function paidThrough(provider: 'vnpay' | 'paygov', outcome: 'success' | 'failure' = 'success', overrides: Parameters<typeof arrangeDossier>[0] = {}) {
  const dossier = await arrangeDossier({ fee: { amount: 125_000, state: 'DUE' }, ...(provider === 'paygov' ? { agencyId: 'ubnd-kim-ma' } : {}), ...overrides });
  const res = await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status).toBe(201);
  const payment = await res.json();
  const paid =
    provider === 'vnpay'
      ? await fetch(`${vnpayUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q: new URL(payment.redirectUrl).search.slice(1), outcome }), redirect: 'manual' })
      : await fetch(`${gateway.url}${PAYGOV_SIMULATOR_PATH}/pay`, { method: 'POST', body: new URLSearchParams({ ref: payment.paymentId, outcome }), redirect: 'manual' });
  expect(paid.status).toBe(302);
  return { dossier, paymentId: payment.paymentId as string, returnUrl: paid.headers.get('location')! };
}

/** Opens a page as a phone would: 390 px wide, the given languages. */
async function open(url: string, languages = 'vi-VN,vi;q=0.9') {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, extraHTTPHeaders: { 'accept-language': languages } });
  const page = await context.newPage();
  const response = await page.goto(url);
  return { page, status: response!.status(), close: () => context.close() };
}

interface Seen {
  text: string;
  lang: string;
  scrollWidth: number;
  back: string | null;
  viewport: string | null;
  images: number;
  scripts: number;
}
/** Read in the page (a string: the project's TypeScript has no DOM types). */
const seen = (page: Page) =>
  page.evaluate<Seen>(`(() => ({
  text: document.body.innerText.replace(/\\s+/g, ' '),
  lang: document.documentElement.lang,
  scrollWidth: document.scrollingElement.scrollWidth,
  back: document.querySelector('a[data-field="back"]')?.href ?? null,
  viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? null,
  images: document.images.length,
  scripts: document.scripts.length,
}))()`);

describe('the payment return page, in chromium at 390 px', () => {
  it('after VNPay: in Vietnamese, the dossier code, the amount in VND, the outcome, what happens next, the link back; no sideways scroll', async () => {
    const { dossier, paymentId, returnUrl } = await paidThrough('vnpay');
    const { page, status, close } = await open(returnUrl);
    const view = await seen(page);
    await close();
    expect(status).toBe(200);
    expect(view.lang).toBe('vi');
    expect(view.viewport).toBe('width=device-width, initial-scale=1');
    for (const expected of ['Thanh toán thành công', `Mã hồ sơ ${dossier.code}`, 'Số tiền 125.000 ₫', 'Cơ quan tiếp tục giải quyết hồ sơ', 'Biên lai điện tử', 'Quay lại hồ sơ của bạn'])
      expect(view.text).toContain(expected);
    expect(view.back).toBe(`${FRONTEND}/dossiers/${dossier.id}`);
    expect(view.scrollWidth).toBeLessThanOrEqual(WIDTH);
    // Neither the internal ids nor the applicant's data.
    for (const hidden of [paymentId, dossier.id, dossier.applicant.fullName, dossier.applicant.nationalId, 'PAID']) expect(view.text).not.toContain(hidden);
  }, 60_000);

  it('is in English with ?lang=en or English first in Accept-Language, and links to the other language', async () => {
    const { dossier, returnUrl } = await paidThrough('vnpay');
    for (const [url, languages] of [
      [`${returnUrl}&lang=en`, 'vi'],
      [returnUrl, 'en-GB,en;q=0.9,vi;q=0.5'],
    ] as const) {
      const { page, close } = await open(url, languages);
      const view = await seen(page);
      expect(view.lang).toBe('en');
      for (const expected of ['Payment received', `Dossier code ${dossier.code}`, 'Amount ₫125,000', 'Back to your dossier', 'Tiếng Việt']) expect(view.text).toContain(expected);
      expect(view.scrollWidth).toBeLessThanOrEqual(WIDTH);
      // The language link keeps the signed query: the Vietnamese page shows the same payment.
      await page.click('a[hreflang="vi"]');
      expect((await seen(page)).text).toContain('Thanh toán thành công');
      await close();
    }
  }, 60_000);

  it('after PayGov: the same page; a failure says the fee can be paid again', async () => {
    const paid = await paidThrough('paygov');
    expect(paid.returnUrl).toBe(`${gateway.url}/payments/paygov/return?data=${paid.paymentId}`);
    const ok = await open(paid.returnUrl);
    const view = await seen(ok.page);
    await ok.close();
    expect(ok.status).toBe(200);
    for (const expected of ['Thanh toán thành công', `Mã hồ sơ ${paid.dossier.code}`, 'Số tiền 125.000 ₫']) expect(view.text).toContain(expected);
    expect(view.back).toBe(`${FRONTEND}/dossiers/${paid.dossier.id}`);
    expect(view.scrollWidth).toBeLessThanOrEqual(WIDTH);

    const failed = await paidThrough('paygov', 'failure');
    const ko = await open(failed.returnUrl);
    const after = await seen(ko.page);
    await ko.close();
    for (const expected of ['Thanh toán không thành công', 'Bạn có thể thanh toán lại từ trang hồ sơ']) expect(after.text).toContain(expected);
    expect(after.scrollWidth).toBeLessThanOrEqual(WIDTH);
  }, 60_000);

  it('escapes what it shows, and shows no payment for a link that names none', async () => {
    const hostile = `UBBD-<img src=x onerror="document.title='owned'">-${'9'.repeat(60)}`;
    const { returnUrl } = await paidThrough('vnpay', 'success', { code: hostile });
    const { page, close } = await open(returnUrl);
    const view = await seen(page);
    expect(view.text).toContain(hostile);
    expect([view.images, view.scripts]).toEqual([0, 0]);
    expect(await page.title()).toBe('Kết quả thanh toán');
    // A long unbroken code wraps instead of widening the page.
    expect(view.scrollWidth).toBeLessThanOrEqual(WIDTH);
    await close();

    for (const url of [
      `${gateway.url}/payments/vnpay/return?vnp_TxnRef=${'a'.repeat(32)}&vnp_SecureHash=00`,
      `${gateway.url}/payments/paygov/return?data=${'b'.repeat(32)}`,
      `${gateway.url}/payments/paygov/return?data=%3Cscript%3E`,
    ]) {
      const invalid = await open(url);
      const shown = await seen(invalid.page);
      await invalid.close();
      expect(invalid.status).toBe(400);
      expect(shown.text).toContain('Liên kết không hợp lệ');
      expect(shown.text).not.toMatch(/Mã hồ sơ|Số tiền/);
      expect(shown.scrollWidth).toBeLessThanOrEqual(WIDTH);
    }
  }, 60_000);
});
