import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useLocalWorld } from '../support/local';

/** GET /docs: the reference page, served with its script by the API itself, rendering /openapi.json in a real browser. */
const { gateway } = useLocalWorld();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('GET /docs', () => {
  it("answers a page that loads only the API's own script, under a CSP without inline scripts", async () => {
    const res = await gateway.request('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<redoc spec-url="/openapi.json"');
    expect([...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1])).toEqual([' src="/docs/redoc.standalone.js"']);
    expect(html).not.toMatch(/https?:\/\//);

    const script = await gateway.request('GET', '/docs/redoc.standalone.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    const source = await script.text();
    expect(source.length).toBeGreaterThan(500_000);
    expect(source).toContain('Redoc');
  });

  it("renders every tag and an officer action of the document in chromium, fetching nothing elsewhere (the CSP blocks Redoc's CDN logo)", async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(gateway.url) && !request.url().startsWith('blob:') && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    const response = await page.goto(`${gateway.url}/docs`);
    expect(response?.status()).toBe(200);
    await page.getByText('Refuse the dossier (không tiếp nhận)', { exact: false }).first().waitFor({ state: 'attached', timeout: 20_000 });
    const text = (await page.locator('body').textContent()) ?? '';
    for (const tag of ['catalogue', 'dossiers', 'agency', 'payments']) expect(text).toContain(tag);
    expect(text).toContain('motcua — online public services');
    // Redoc's attribution links its logo on Redocly's CDN: the page's CSP blocks it, and nothing else is refused or fetched elsewhere.
    const REDOC_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
    expect(refused.filter((message) => !message.includes(REDOC_LOGO))).toEqual([]);
    expect(elsewhere.filter((url) => url !== REDOC_LOGO)).toEqual([]);
    await page.close();
  }, 60_000);
});
