import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, browserAvailable, CHROMIUM_PATH, launchBrowser } from './helpers/browser.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { act, counterIds, takeTicket } from './helpers/queue.js';

const OFFICE = 'MPP-KOTA-JAMBI';

if (!browserAvailable) console.warn(`board test skipped: no browser at ${CHROMIUM_PATH} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('the display board in headless Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestHub(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the new "now serving" within 2 s of callNextTicket, live over graphql-ws', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const base = t.url.replace(/\/graphql$/, '');
    await page.goto(`${base}/board/${OFFICE}`);
    await page.getByRole('heading', { name: 'Mal Pelayanan Publik Kota Jambi' }).waitFor();
    await page.locator('#connection[data-state="connected"]').waitFor();

    const counters = await counterIds(t, OFFICE);
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    await act(t, 'openCounter', 'counterId', counters['L1'] as string, officer);
    const ticket = await takeTicket(t, { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' });
    await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer);
    const calledAt = Date.now();

    const nowServing = page.locator('li[data-counter="L1"] .ticket');
    await expect.poll(() => nowServing.textContent(), { timeout: 2_000, interval: 50 }).toBe(ticket.code);
    expect(Date.now() - calledAt).toBeLessThan(2_000);
    await expect.poll(() => page.locator('#announcement').textContent(), { timeout: 2_000 }).toContain(ticket.code);
    await page.screenshot({ path: await artifactPath('board-mpp-kota-jambi.png'), fullPage: true });
    await page.close();
  });

  it('serves the page with a strict content security policy and no third-party assets', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const res = await fetch(`${base}/board/${OFFICE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${base}/board/assets/../../package.json`)).status).toBe(404);
  });
});
