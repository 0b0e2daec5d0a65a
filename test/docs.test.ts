/**
 * The developer pages in headless Chromium with every request outside the test hub refused: the landing page, the
 * API reference at /docs/, and the embedded GraphQL IDE at /graphiql, which must load and run a query with nothing
 * but the hub. Plus what production serves instead (src/server/static.ts), without a browser.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { serveStatic } from '../src/server/static.js';
import { artifactPath, browserAvailable, CHROMIUM_PATH, launchBrowser } from './helpers/browser.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

if (!browserAvailable) console.warn(`docs test skipped: no browser at ${CHROMIUM_PATH} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('developer pages in headless Chromium, offline', () => {
  let t: TestHub;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestHub(), launchBrowser()]);
    base = new URL(t.url).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** A browser context that lets through only the hub's own origin and records everything else it was asked for. */
  async function offlineContext(): Promise<{ context: BrowserContext; outside: string[]; cspViolations: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    const cspViolations: string[] = [];
    const isLocal = (url: string) => url.startsWith(`${base}/`) || url.startsWith('data:') || url.startsWith('blob:');
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      outside.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => {
      if (!isLocal(request.url())) outside.push(request.url());
    });
    context.on('page', (page) => {
      page.on('websocket', (socket) => {
        if (!socket.url().startsWith(base.replace(/^http/, 'ws'))) outside.push(socket.url());
      });
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
    });
    return { context, outside, cspViolations };
  }

  it('the landing page links to the reference, the IDE and the board', async () => {
    const { context, outside, cspViolations } = await offlineContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sepucuk', level: 1 }).waitFor();
    const links = await Promise.all((await page.locator('a').all()).map((link) => link.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['/docs/', '/graphiql', '/board/MPP-KOTA-JAMBI']));
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL(`${base}/docs/`);
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('/docs shows every type with its descriptions, from the SDL', async () => {
    const { context, outside, cspViolations } = await offlineContext();
    const page = await context.newPage();
    const response = await page.goto(`${base}/docs`);
    expect(response?.url()).toBe(`${base}/docs/`);
    await page.getByRole('heading', { name: 'Sepucuk API reference' }).waitFor();
    const ticket = page.locator('section#Ticket');
    await expect.poll(() => ticket.locator('dt[id="Ticket.number"]').textContent()).toContain('number: Int!');
    expect(await page.locator('section#Query dt[id="Query.queueStatus"] + dd').textContent()).not.toBe('');
    // The stylesheet applied (the type index is a 16rem column, not a full-width block), so this is the designed page.
    expect((await page.locator('nav.types').boundingBox())?.width).toBeLessThan(300);
    await page.screenshot({ path: await artifactPath('docs-reference.png') });
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  // Monaco is a large bundle: on a loaded CI machine loading it alone can take most of the default 30 s.
  it('the IDE loads with no network, runs a query against /graphql and shows the result', { timeout: 90_000 }, async () => {
    const { context, outside, cspViolations } = await offlineContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/graphiql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 45_000 });
    // The default query is in the editor once Monaco has loaded; then run it.
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent(), { timeout: 45_000 }).toContain('agencies');
    const graphqlResponse = page.waitForResponse((res) => res.url() === `${base}/graphql` && res.request().method() === 'POST' && (res.request().postData() ?? '').includes('query Agencies'));
    await page.locator('.graphiql-execute-button').click();
    expect((await graphqlResponse).status()).toBe(200);
    const result = page.locator('.graphiql-response');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('DISDUKCAPIL');

    const screenshot = await artifactPath('graphiql-agencies.png');
    await page.screenshot({ path: screenshot });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    expect((await readFile(screenshot)).subarray(0, 8)).toEqual(PNG_SIGNATURE);

    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('the IDE runs a subscription over graphql-ws on the same path', { timeout: 90_000 }, async () => {
    const { context, outside, cspViolations } = await offlineContext();
    const page = await context.newPage();
    await page.goto(`${base}/graphiql`);
    const editor = page.locator('.graphiql-query-editor');
    await expect.poll(() => editor.textContent(), { timeout: 45_000 }).toContain('agencies');
    await editor.locator('.monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('subscription Queue { queueUpdated(officeCode: "MPP-KOTA-JAMBI") { office { name } waiting } }');
    // Run only once the editor holds the subscription: on a loaded machine Monaco applies the text late, and the
    // button would run the default query over HTTP instead (no socket).
    await expect.poll(() => editor.textContent(), { timeout: 20_000 }).toContain('queueUpdated');
    await expect.poll(() => editor.textContent(), { timeout: 20_000 }).not.toContain('agencies');
    const socket = page.waitForEvent('websocket', { timeout: 45_000 });
    await page.locator('.graphiql-execute-button').click();
    expect((await socket).url()).toBe(`${base.replace(/^http/, 'ws')}/graphql`);
    // Monaco renders spaces as no-break spaces.
    const response = async () => (await page.locator('.graphiql-response').textContent())?.replace(/\s/g, ' ');
    await expect.poll(response, { timeout: 20_000 }).toContain('Mal Pelayanan Publik Kota Jambi');
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('serves the pages with policies that allow only the hub itself', async () => {
    for (const path of ['/', '/docs/', '/graphiql']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'self'");
      expect(policy).not.toMatch(/https?:|\*/);
      expect(await res.text()).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });
});

describe('developer pages in production (no introspection)', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://hub.invalid').pathname;
      void serveStatic(req, res, pathname, { developerPages: false }).then((served) => {
        if (!served) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('leads / to the reference, serves /docs/, and has no IDE', async () => {
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/docs/');
    expect((await fetch(`${base}/docs/`)).status).toBe(200);
    expect((await fetch(`${base}/graphiql`)).status).toBe(404);
    expect((await fetch(`${base}/graphiql/assets/ide.js`)).status).toBe(404);
  });
});
