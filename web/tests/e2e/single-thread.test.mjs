// The single-threaded engine: dist/ served by a plain static server without
// COOP/COEP and with service workers blocked, so the page is not
// cross-origin isolated. The app must say so, and still train and predict.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { requireDist, watchCsp, webDir } from '../helpers/server.mjs';

const dist = join(webDir, 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.jpg': 'image/jpeg' };
let server, browser, url;

before(async () => {
  requireDist();
  server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('without isolation headers the single-threaded engine runs, trains and predicts', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-US', serviceWorkers: 'block' });
  const csp = await watchCsp(context);
  const page = await context.newPage();
  const foreign = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(url) && !/^(data|blob):/.test(r.url())) foreign.push(r.url());
  });
  await page.goto(url);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  // The badge says it is ready in plain words; the about box says how it runs.
  await page.getByTestId('engine-status').waitFor({ timeout: 60_000 });
  await page.getByTestId('engine-status').click();
  await page.getByTestId('info-dialog').filter({ hasText: 'one processor core' }).waitFor();
  await page.getByTestId('info-dialog').getByRole('button').click();
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill('Single');
  await page.getByTestId('ask-ok').click();
  const src = join(webDir, 'public', 'samples', 'farm-animals-6');
  for (const cls of ['duck', 'sheep']) {
    await page.getByTestId('add-class').click();
    await page.getByTestId('ask-input').fill(cls);
    await page.getByTestId('ask-ok').click();
    const files = readdirSync(join(src, cls)).sort().slice(0, 12).map((f) => join(src, cls, f));
    await page.getByTestId(`files-${cls}`).setInputFiles(files);
    await page.getByTestId(`class-${cls}`).locator('.count').filter({ hasText: '12 photos' }).waitFor({ timeout: 60_000 });
  }
  await page.getByTestId('tab-train').click();
  await page.locator('details.advanced summary').click();
  await page.getByTestId('epochs').fill('1');
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('epochs').and(page.locator('[value="1"]')).waitFor();
  await page.getByTestId('start').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 300_000 });
  await page.getByTestId('tab-predict').click();
  await page.getByTestId('predict-input').setInputFiles(join(src, 'duck', readdirSync(join(src, 'duck')).sort()[20]));
  await page.getByTestId('prob').first().waitFor();
  assert.equal(await page.getByTestId('prob').count(), 2);
  await page.screenshot({ path: join(webDir, 'test-results', '20-single-thread-predict-1024.png') });
  assert.deepEqual(foreign, []);
  await csp.check();
  await context.close();
});
