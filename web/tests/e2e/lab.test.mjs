// End-to-end test of the learning lab in headless Chromium against
// `vite preview` (run `npm run build` first, after the wasm build). Every
// page of the notebook opens in English and in Korean; its plot is drawn
// and its key figure appears and is checked against what the engine must
// give (the notebook's numbers); hash links restore a page's settings; the
// page stays responsive while the lab engine trains; nothing leaves
// localhost. Screenshots of every page, in both languages, at tablet
// (800x1280) and phone (390x844) widths go to web/test-results/lab/.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startPreview, watchCsp, webDir } from '../helpers/server.mjs';

const shots = join(webDir, 'test-results', 'lab');
mkdirSync(shots, { recursive: true });

const near = (a, b, tol) => Math.abs(a - b) <= tol;
const matrix = (v) => JSON.parse(v);

/**
 * Every page in notebook order, with a check of its key figure (the
 * `data-value` of `lab-key`, set from the engine's result) at default
 * settings. `ready(value)` says when the page has finished computing.
 */
const PAGES = [
  { id: 'perceptron', check: (v) => assert.equal(v, '4', 'the AND preset answers all four inputs') },
  { id: 'mlp', check: (v) => assert.ok(Number(v) >= 0 && Number(v) <= 1, `accuracy ${v}`) },
  { id: 'activations', check: (v) => { const p = v.split(',').map(Number); assert.ok(p.every(Number.isFinite)); assert.ok(near(p.reduce((a, b) => a + b, 0), 1, 1e-5)); } },
  { id: 'losses', check: (v) => { const [mse, ce] = v.split(',').map(Number); assert.ok(near(mse, 0.0975, 1e-4), `MSE ${mse}`); assert.ok(near(ce, 0.5108, 1e-4), `CE ${ce}`); } },
  { id: 'gd', check: (v) => assert.ok(Number(v) < 1e-3, `f after 30 steps at lr 0.1: ${v}`) },
  { id: 'convex', check: (v) => assert.ok(v.length > 0) },
  { id: 'batch', check: (v) => assert.ok(v.includes(':')) },
  { id: 'backprop', check: (v) => assert.ok(Number(v) < 1e-6, `backprop vs numerical: ${v}`) },
  { id: 'layers', check: (v) => assert.ok(v.length > 0) },
  { id: 'optimizers', check: (v) => assert.equal(v, 'adagrad', 'nearest the origin after 30 steps with the book settings'), extra: async (page) => {
    assert.equal(await page.getByTestId('flips-sgd').textContent(), '30', 'SGD at 0.95 flips the sign of y on every step');
    assert.equal(await page.getByTestId('flips-adagrad').textContent(), '0', 'AdaGrad never crosses y = 0');
  } },
  { id: 'init', check: (v) => { const s = JSON.parse(v); assert.ok(s.std1 > 5 * s['std0.01'], `sigmoid spreads ${v}: std 0.01 collapses`); } },
  { id: 'batchnorm', ready: (v) => JSON.parse(v).n === 8, check: (v) => { const r = JSON.parse(v); assert.ok(r.bn >= r.plain, `BN ${r.bn} vs plain ${r.plain}`); } },
  { id: 'overfit', ready: (v) => Object.keys(JSON.parse(v)).length === 3, check: (v) => { const g = JSON.parse(v); assert.ok(g.none > 0.1, `gap without regularization ${g.none}`); assert.ok(Math.min(g.decay, g.dropout) < g.none, `regularization narrows the gap: ${v}`); } },
  { id: 'hyper', ready: (v) => JSON.parse(v).trials === 20, check: (v) => assert.ok(JSON.parse(v).best > 0.5, `best validation accuracy of 20 trials: ${v}`) },
  { id: 'conv', check: (v) => assert.deepEqual(matrix(v), [[15, 16], [6, 15]]) },
  { id: 'pool', check: (v) => assert.deepEqual(matrix(v), [[2, 3], [4, 2]]), extra: async (page) => {
    // The photo part: a farm photo's feature map, pooled.
    await page.locator('[data-testid="pool-photo-max"][data-drawn="true"]').waitFor({ timeout: 60_000 });
  } },
  { id: 'cnn', check: (v) => assert.ok(['chicken', 'cow', 'duck', 'goat', 'pig', 'sheep'].includes(v), `top class ${v}`), extra: async (page) => {
    await page.locator('[data-testid="cnn-saliency"][data-drawn="true"]').waitFor();
    assert.equal(await page.locator('[data-testid="cnn-filters-after"] canvas').count(), 8, 'eight first-layer filters');
  } },
  { id: 'alexnet', check: (v) => assert.ok(Number(v) > 100_000, `parameters ${v}`) },
];

// LAB_PAGES=conv,pool limits the run to some pages (while writing one).
const only = process.env.LAB_PAGES ? new Set(process.env.LAB_PAGES.split(',')) : null;
const RUN = only ? PAGES.filter((p) => only.has(p.id)) : PAGES;

let server, browser, context, page;
const foreign = [];
const errors = [];

before(async () => {
  server = await startPreview();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-US' });
  csp = await watchCsp(context);
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
    foreign.push(u.href);
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

// Every scenario fails on a Content-Security-Policy violation.
let csp;
afterEach(() => csp?.check());

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(hash) {
  await page.goto(`${server.url}${hash}`);
}

/**
 * Waits for the page's key figure (and `ready`, tested here in Node: the
 * page's CSP allows no eval), returns its value.
 */
async function keyValue(id, ready = () => true, timeout = 240_000) {
  await page.getByTestId(`lab-page-${id}`).waitFor({ timeout: 30_000 });
  const end = Date.now() + timeout;
  for (;;) {
    const r = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="lab-key"][data-value]');
      const err = document.querySelector('.lab-status.error');
      if (err && err.textContent) return { error: err.textContent };
      return el ? { value: el.dataset.value } : null;
    });
    assert.ok(!r?.error, `${id}: the page shows an error: ${r?.error}`);
    if (r && ready(r.value)) return r.value;
    if (Date.now() > end) throw new Error(`${id}: no ready key figure within ${timeout} ms (last: ${r?.value})`);
    await page.waitForTimeout(250);
  }
}

/** The page's main plot: a canvas with ink on it, or a figure with content. */
async function plotDrawn(id) {
  const ok = await page.getByTestId('lab-plot').first().evaluate((el) => {
    if (el instanceof HTMLCanvasElement) {
      if (el.dataset.drawn !== 'true' || !el.width || !el.height) return false;
      const px = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) return true;
      return false;
    }
    return el.children.length > 0 && (el.textContent.trim().length > 0 || el.querySelector('canvas[data-drawn="true"]') !== null);
  });
  assert.ok(ok, `${id}: its plot is not drawn`);
}

async function setLang(lang) {
  await open('#/lab');
  await page.getByTestId('lang-select').selectOption(lang);
  await page.getByTestId('lab-index').waitFor();
}

async function screenshots(id, lang, n) {
  const name = `${String(n).padStart(2, '0')}-${id}-${lang}`;
  await page.screenshot({ path: join(shots, `${name}-tablet.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 800, height: 1280 });
}

for (const lang of ['en', 'ko']) {
  test(`every lab page in ${lang}: plot, key figure, words, screenshots`, async () => {
    await setLang(lang);
    const titles = [];
    // Every page is tried, so one broken page does not hide the others.
    const failures = [];
    for (const p of RUN) {
      const i = PAGES.indexOf(p);
      const t0 = Date.now();
      try {
        await open(`#/lab/${p.id}`);
        const value = await keyValue(p.id, p.ready);
        p.check(value);
        await plotDrawn(p.id);
        if (p.extra) await p.extra(page);
        titles.push(await page.locator(`[data-testid="lab-page-${p.id}"] h1`).textContent());
        if (lang === 'ko') assert.match(await page.locator(`[data-testid="lab-page-${p.id}"]`).textContent(), /[가-힣]/, `${p.id}: no Korean on the page`);
        console.log(`# ${lang} ${p.id}: ${value.slice(0, 80)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failures.push(`${p.id}: ${e.message}`);
        console.log(`# ${lang} ${p.id}: FAILED ${e.message}`);
      }
      await screenshots(p.id, lang, i + 1);
    }
    assert.deepEqual(failures, []);
    assert.equal(new Set(titles).size, RUN.length, 'every page has its own title');
    assert.deepEqual(errors, []);
  });
}

test('hash links restore a page’s settings', async () => {
  await setLang('en');
  await open('#/lab/conv?pad=1');
  assert.deepEqual(matrix(await keyValue('conv')), [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]);
  assert.equal(await page.locator('[data-testid="conv-pad"] .active').textContent(), '1');
  await open('#/lab/gd?lr=1e-10');
  assert.ok(near(Number(await keyValue('gd')), 25, 1e-3), 'lr 1e-10 does not move from f = 25');
  assert.equal(await page.getByTestId('lab-lr').inputValue(), '1e-10');
  await open('#/lab/optimizers?sgd_lr=0.1');
  await keyValue('optimizers');
  assert.equal(await page.getByTestId('lr-sgd').inputValue(), '0.1');
  assert.equal(await page.getByTestId('flips-sgd').textContent(), '0', 'SGD at 0.1 no longer flips');
  // A link can start the Fashion-MNIST parts: six optimizers, four initializations.
  await open('#/lab/optimizers?net=1&net_steps=20');
  await page.locator('[data-testid="lab-plot-net"][data-curves="6"]').waitFor({ timeout: 120_000 });
  await open('#/lab/init?activation=relu&train=1&train_steps=20');
  await page.locator('[data-testid="lab-plot-train"][data-curves="4"]').waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('[data-testid="init-activation"] .active').textContent(), 'ReLU');
  await open('#/lab/pool?input=9,1;1,1&size=2&stride=1');
  assert.deepEqual(matrix(await keyValue('pool')), [[9]]);
  // A control writes the settings back to the hash, so a link shares them.
  await page.getByTestId('pool-size').locator('[data-value="1"]').click();
  await page.waitForFunction(() => location.hash.includes('size=1'));
  assert.deepEqual(matrix(await keyValue('pool', (v) => v === '[[9,1],[1,1]]', 30_000)), [[9, 1], [1, 1]]);
  const link = await page.evaluate(() => location.hash);
  await open('#/lab');
  await open(link);
  assert.deepEqual(matrix(await keyValue('pool')), [[9, 1], [1, 1]]);
});

test('the user’s own photo is looked at, never trained on', async () => {
  await setLang('en');
  const dir = join(webDir, 'public', 'lab', 'farm', 'goat');
  const file = join(dir, readdirSync(dir).sort().at(-1));
  await open('#/lab/cnn?epochs=2');
  await keyValue('cnn');
  await page.getByTestId('lab-own-photo').setInputFiles(file);
  // The farm sample holds 96 photos (0..95): the own photo is the next one.
  await page.locator('[data-testid="lab-photos"] .lab-photo.active[data-index="96"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => location.hash.includes('photo=96'));
  const key = await page.locator('[data-testid="lab-key"][data-photo="96"]').textContent({ timeout: 30_000 });
  assert.ok(!/training photo|학습에 쓴/.test(key), `own photo reported as trained on: ${key}`);
  await page.locator('[data-testid="cnn-saliency"][data-drawn="true"]').waitFor();
});

test('the page stays responsive while the lab engine trains', async (t) => {
  await setLang('en');
  await open('#/lab/overfit?epochs=200');
  await page.getByTestId('lab-page-overfit').waitFor();
  await page.getByTestId('lab-page-overfit').locator('.lab-status.lab-progress').filter({ hasText: /runs trained|loading/i }).waitFor({ timeout: 180_000 });
  // While the worker computes, the main thread answers: a timer fires while
  // the run is still in progress, and the next page opens while it runs.
  // How long each took is reported, not asserted.
  const answer = await page.evaluate(() => new Promise((r) => {
    const t = performance.now();
    // Running: the status does not yet read "3 of 3 runs trained".
    const running = () => !/^(\d+) of \1 runs/.test(document.querySelector('[data-testid="lab-page-overfit"] .lab-status.lab-progress')?.textContent ?? '');
    setTimeout(() => r({ lag: performance.now() - t, running: running() }), 0);
  }));
  t.diagnostic(`main thread answered a timer in ${answer.lag.toFixed(0)} ms while the lab trained`);
  assert.ok(answer.running, 'the timer fired only after the run: the computation blocked the page');
  const t0 = Date.now();
  await page.getByTestId('lab-next').click();
  await page.getByTestId('lab-page-hyper').waitFor({ timeout: 60_000 });
  t.diagnostic(`the next lab page opened in ${Date.now() - t0} ms`);
  assert.deepEqual(foreign, [], `requests left localhost: ${foreign.join(', ')}`);
});
