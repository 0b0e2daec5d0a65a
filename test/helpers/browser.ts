/**
 * Debian's Chromium driven by playwright-core, for tests of the hub's web pages. Never downloads a browser: where
 * /usr/bin/chromium is missing, browser tests are skipped (and say so).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { projectPath } from '../../src/project-root.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM_PATH);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the networking switches Chromium keeps trying to reach Google, which this machine's network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where screenshots go; kept as CI artifacts. */
export async function artifactPath(name: string): Promise<string> {
  const dir = projectPath('test-results');
  await mkdir(dir, { recursive: true });
  return `${dir}/${name}`;
}
