// Opening the app in headless Chromium for an e2e file: a touch context at a
// viewport and locale, with the CSP watch and the page's errors collected;
// and a new project made from a folder of class folders.
import { chromium } from 'playwright-core';
import { watchCsp } from './server.mjs';

export async function openApp(url, { viewport, locale = 'en-US' }) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const context = await browser.newContext({ viewport, locale, hasTouch: true, serviceWorkers: 'block' });
  const csp = await watchCsp(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.locator('body.ready').waitFor();
  await page.getByTestId('engine-status').waitFor({ timeout: 120_000 });
  return { browser, context, csp, page, errors };
}

/** A project named `name` holding the photos of `folder` (one sub-folder per class), imported to the end. */
export async function projectFromFolder(page, name, folder) {
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill(name);
  await page.getByTestId('ask-ok').click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 180_000 });
}
