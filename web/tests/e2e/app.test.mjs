// End-to-end test of the built app in headless Chromium (Debian's, driven
// by playwright-core) against `vite preview` on a free localhost port.
// Run `npm run build` first. One scenario, step by step, as a farmer would:
// create a project from sample farm photos, train, predict, download and
// re-import the model, reload, go offline. Every request is recorded and
// none may leave localhost. Screenshots go to web/test-results/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { storedRecords as readStore } from '../helpers/idb.mjs';
import { startPreview, watchCsp, webDir } from '../helpers/server.mjs';

const CLASSES = ['chicken', 'cow', 'pig'];
const PER_CLASS = 20;
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });

let server, browser, context, page;
const requests = [];
const foreign = [];
const pageErrors = [];
let engineOk = false;

function samplePhotos() {
  const src = join(webDir, 'public', 'samples', 'farm-animals-6');
  if (!existsSync(src)) throw new Error('public/samples/farm-animals-6 missing: run `node scripts/prepare-samples.mjs`');
  const dir = mkdtempSync(join(tmpdir(), 'barnlab-e2e-'));
  const root = join(dir, 'farm');
  for (const cls of CLASSES) {
    mkdirSync(join(root, cls), { recursive: true });
    for (const f of readdirSync(join(src, cls)).sort().slice(0, PER_CLASS)) copyFileSync(join(src, cls, f), join(root, cls, f));
  }
  // A corrupt "photo" (the string is written as UTF-8, so not even the JPEG magic survives): skipped and listed.
  writeFileSync(join(root, 'cow', 'broken-photo.jpg'), Buffer.from('\xff\xd8\xff\xe0 this is not really a jpeg'));
  return { dir, root, probe: join(root, 'cow', readdirSync(join(root, 'cow')).filter((f) => f !== 'broken-photo.jpg').sort()[0]) };
}

async function shot(name, width = 768, height = 1024) {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

async function ask(text) {
  await page.getByTestId('ask-input').fill(text);
  await page.getByTestId('ask-ok').click();
}

async function tab(name) {
  await page.getByTestId(`tab-${name}`).click();
}

async function probabilities() {
  const first = page.getByTestId('prediction').first();
  await first.getByTestId('prob').first().waitFor();
  const rows = await first.getByTestId('prob').evaluateAll((els) =>
    els.map((e) => [e.querySelector('.bar-label').textContent, Number(e.querySelector('.bar-value').dataset.value)]),
  );
  return Object.fromEntries(rows);
}

/** The single-threaded wasm module under Node: what the engine itself says, to compare the app with. */
async function nodeModule() {
  const dir = join(webDir, 'src', 'engine', 'wasm');
  const { default: factory } = await import(pathToFileURL(join(dir, 'barnlab.js')).href);
  return factory({ wasmBinary: readFileSync(join(dir, 'barnlab.wasm')) });
}

/** Every record of one of the app's IndexedDB stores, read in the page. */
const storedRecords = (store) => readStore(page, store);

/** channels, epochs and project of every stored model, oldest first. */
async function storedModels() {
  const all = await storedRecords('models');
  return all.sort((a, b) => a.created - b.created).map((m) => ({ projectId: m.projectId, channels: m.info.channels, epochs: m.info.epochs, evaluation: !!m.evaluation }));
}

async function setNumber(testid, value) {
  await page.getByTestId(testid).fill(String(value));
  await page.getByTestId(testid).dispatchEvent('change');
  await page.getByTestId(testid).and(page.locator(`[value="${value}"]`)).waitFor();
}

let photos;

before(async () => {
  photos = samplePhotos();
  server = await startPreview();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'en-US', acceptDownloads: true, serviceWorkers: 'allow' });
  csp = await watchCsp(context);
  // Record every request of pages, workers and the service worker; block any
  // that is not for this server.
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost') return route.continue();
    foreign.push(u.href);
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

// Every scenario fails on a Content-Security-Policy violation.
let csp;
afterEach(() => csp?.check());

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the app opens with an empty state and the engine loads', async () => {
  await page.goto(server.url);
  await page.locator('body.ready').waitFor();
  await page.getByTestId('create-project').waitFor();
  await shot('01-home-en');
  const status = await Promise.race([
    page.getByTestId('engine-status').waitFor({ timeout: 60_000 }).then(() => 'ok'),
    page.locator('.badge.error').waitFor({ timeout: 60_000 }).then(() => 'error'),
  ]);
  engineOk = status === 'ok';
  const text = await page.locator('.app-header .badge').first().textContent();
  console.log(`engine: ${text}; crossOriginIsolated=${await page.evaluate(() => self.crossOriginIsolated)}`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'the page should be cross-origin isolated');
});

test('create a project from a folder of sample farm photos; a corrupt file is skipped with a message', async () => {
  await page.getByTestId('create-project').click();
  await ask('E2E herd');
  await page.getByTestId('folder-input').setInputFiles(photos.root);
  const n = CLASSES.length * PER_CLASS;
  const report = page.getByTestId('notice-info').filter({ hasText: `${n} photos added. 1 of ${n + 1} skipped.` });
  await report.waitFor({ timeout: 120_000 });
  assert.match(await report.getByTestId('notice-list').textContent(), /broken-photo\.jpg: not a photo/);
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 120_000 });
  for (const cls of CLASSES) {
    await page.getByTestId(`class-${cls}`).locator('.count').filter({ hasText: `${PER_CLASS} photos` }).waitFor();
  }
  assert.equal((await storedRecords('photos')).length, n);
  await shot('02-photos-en');
  await shot('02-photos-en-phone', 390, 844);
  await page.setViewportSize({ width: 768, height: 1024 });
});

test('a 50-megapixel photo imports, stored small', async () => {
  // Made in the page (a gradient JPEG of 8660 x 5774) and added to "pig".
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(8660, 5774);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 8660, 5774);
    grad.addColorStop(0, '#7a5'), grad.addColorStop(1, '#a53');
    g.fillStyle = grad;
    g.fillRect(0, 0, 8660, 5774);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  const file = join(photos.dir, 'huge-50mp.jpg');
  writeFileSync(file, Buffer.from(b64, 'base64'));
  await page.getByTestId('files-pig').setInputFiles(file);
  await page.getByTestId('class-pig').locator('.count').filter({ hasText: `${PER_CLASS + 1} photos` }).waitFor({ timeout: 60_000 });
  const p = (await storedRecords('photos')).find((x) => x.name === 'huge-50mp.jpg');
  const size = p && [p.width, p.height];
  assert.equal(size[0], 256);
  assert.ok(size[1] >= 170 && size[1] <= 172, `stored height ${size[1]}`);
  // Remove it again so the class counts stay even.
  await page.getByTestId('grid-pig').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.locator('[data-testid="class-pig"] figure:has(img[title="huge-50mp.jpg"]) button').click();
  await page.getByTestId('class-pig').locator('.count').filter({ hasText: `${PER_CLASS} photos` }).waitFor();
});

test('train 2 epochs with the Fast preset; the loss plot fills; the UI answers clicks meanwhile', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await tab('train');
  await page.getByTestId('preset-fast').click();
  await page.locator('details.advanced summary').click();
  await page.locator('details.advanced[open]').waitFor();
  await page.getByTestId('epochs').fill('2');
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('epochs').and(page.locator('[value="2"]')).waitFor();
  // The architectures offered are the ones the engine reports, in its order.
  const offered = await page.getByTestId('arch').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, Array.from((await nodeModule()).architectures()));
  assert.ok(offered.includes('convnet-bn'), offered.join(', '));
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  // Another control while training runs: the Photos tab is answered while the
  // run goes on (the engine trains in a worker, not on the page's thread), so
  // the Photos screen shows while Stop is still there. The time is reported.
  const answer = await page.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector('[data-testid="tab-photos"]').click();
    while (!document.querySelector('#photos:not([hidden]) [data-testid="class-cow"]')) await new Promise((r) => requestAnimationFrame(r));
    return { ms: performance.now() - t0, training: !!document.querySelector('[data-testid="stop"]') };
  });
  t.diagnostic(`the Photos tab answered in ${answer.ms.toFixed(0)} ms during training`);
  assert.ok(answer.training, 'the Photos screen showed only after training had ended: the page was blocked');
  await tab('train');
  await page.getByTestId('train-status').waitFor();
  if (await page.getByTestId('stop').isVisible()) {
    // In one step on the page: the status line is redrawn with every
    // progress message (about 10 a second while the photos are read), so a
    // locator's wait for a stable element can lose it under load.
    await page.evaluate(() => document.querySelector('[data-testid="train-status"]')?.scrollIntoView({ block: 'center' }));
    await shot('03-training-en');
  }
  await page.getByTestId('start').waitFor({ timeout: 300_000 });
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 10_000 });
  const points = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  assert.ok(points >= 2, `loss chart has ${points} points`);
  await page.getByTestId('loss-chart').scrollIntoViewIfNeeded();
  await shot('04-trained-en');
  await tab('results');
  await page.getByTestId('confusion').waitFor();
  await shot('05-results-en');
});

let firstProbs;

test('predict a photo: probabilities of each class', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await tab('predict');
  await page.getByTestId('predict-input').setInputFiles(photos.probe);
  firstProbs = await probabilities();
  assert.deepEqual(Object.keys(firstProbs).sort(), CLASSES);
  const sum = Object.values(firstProbs).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `probabilities sum to ${sum}`);
  await shot('06-predict-en');
  await shot('06-predict-en-phone', 390, 844);
  await page.setViewportSize({ width: 768, height: 1024 });
});

test('stop a continued training: the weights trained so far are kept as a new model', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await tab('train');
  await page.locator('details.advanced[open]').waitFor(); // stays open: it is app state
  await page.getByTestId('epochs').fill('50');
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('epochs').and(page.locator('[value="50"]')).waitFor();
  await page.getByTestId('continue').click();
  await page.getByTestId('stop').waitFor();
  await page.waitForFunction(() => /step \d+ of/.test(document.querySelector('[data-testid=train-status]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.getByTestId('stop').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training stopped' }).waitFor({ timeout: 30_000 });
  await tab('models');
  assert.equal(await page.getByTestId('model-row').count(), 2);
  // Back to the 2-epoch model for the prediction checks: delete the newest.
  await page.getByTestId('model-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('model-row').nth(1).waitFor({ state: 'detached' });
});

test('a diverging run (huge learning rate) is reported and keeps the last good model', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await tab('train');
  await page.getByTestId('epochs').fill('5');
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('epochs').and(page.locator('[value="5"]')).waitFor();
  await page.getByTestId('lr').fill('1');
  await page.getByTestId('lr').dispatchEvent('change');
  await page.getByTestId('lr').and(page.locator('[value="1"]')).waitFor();
  await page.locator('select').filter({ has: page.locator('option[value="rmsprop"]') }).selectOption('momentum');
  // farm-small (no BatchNorm) with momentum SGD at rate 1 diverges within a
  // few epochs; the presets' farm-res, normalized after every convolution, does not.
  await page.getByTestId('arch').selectOption('farm-small');
  await page.getByTestId('arch').and(page.locator(':has(option[value="farm-small"]:checked)')).waitFor();
  // Custom settings get a random seed (actions/training.ts); Math.random() =
  // 0.5 fixes it (500000001), and the photos go to the engine in an order
  // fixed by the photos (actions/training-order.ts), so this run is the same
  // every time. In the app, 10 of 12 seeds tried diverged within these 5
  // epochs, this one included (with the CLI, runs that did not ended with
  // finite but dead weights: every answer 1/3). Put back after the run.
  await page.evaluate(() => {
    globalThis.e2eRandom = Math.random;
    Math.random = () => 0.5;
  });
  await page.getByTestId('start').click();
  await page.getByTestId('start').waitFor({ timeout: 300_000 });
  await page.evaluate(() => (Math.random = globalThis.e2eRandom));
  await page.getByTestId('notice-error').filter({ hasText: 'went wrong' }).first().waitFor({ timeout: 30_000 });
  await tab('models');
  assert.equal(await page.getByTestId('model-row').count(), 1, 'a diverged run must not save a model');
  // Back to sane settings for the rest.
  await tab('train');
  await page.getByTestId('preset-fast').click();
});

let modelFile;

test('download the model, reload, import it: the same prediction', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await tab('models');
  await shot('07-models-en');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-model').first().click()]);
  assert.match(download.suggestedFilename(), /\.barnlab$/);
  modelFile = join(photos.dir, download.suggestedFilename());
  await download.saveAs(modelFile);
  assert.ok(readFileSync(modelFile).length > 100);
  await page.reload();
  await page.locator('body.ready').waitFor();
  await tab('models');
  await page.getByTestId('model-input').setInputFiles(modelFile);
  await page.getByTestId('notice-success').filter({ hasText: 'imported' }).waitFor();
  assert.equal(await page.getByTestId('model-row').count(), 2);
  await tab('predict');
  await page.getByTestId('predict-input').setInputFiles(photos.probe);
  const again = await probabilities();
  for (const c of CLASSES) assert.ok(Math.abs(again[c] - firstProbs[c]) < 1e-5, `${c}: ${again[c]} vs ${firstProbs[c]}`);
});

test('download as ONNX: ONNX Runtime gives the probabilities of the engine', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const cli = join(webDir, '..', 'build', 'barnlab');
  if (!existsSync(cli)) return t.skip('build/barnlab missing: the native build gives the pixels to compare');
  await tab('models');
  await shot('07b-models-onnx-en', 800, 1280);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-onnx').first().click()]);
  assert.match(download.suggestedFilename(), /\.onnx$/);
  const onnxFile = join(photos.dir, download.suggestedFilename());
  await download.saveAs(onnxFile);
  // The first row's model file (downloaded above) through the CLI: its pixels and probabilities.
  const pixelsFile = join(photos.dir, 'probe.pixels');
  const cliOut = JSON.parse(execFileSync(cli, ['predict', modelFile, photos.probe, '--json', '--dump-pixels', pixelsFile], { encoding: 'utf8' }));
  assert.deepEqual(cliOut.classes, CLASSES);
  const ort = (await import('onnxruntime-node')).default;
  const session = await ort.InferenceSession.create(onnxFile);
  const bytes = readFileSync(pixelsFile);
  const size = Math.round(Math.sqrt(bytes.length / 3));
  const out = await session.run({ pixels: new ort.Tensor('float32', Float32Array.from(bytes, (b) => b / 255), [1, 3, size, size]) });
  const onnxProbs = Array.from(out.probabilities.data);
  const want = cliOut.photos[0].probabilities;
  assert.equal(onnxProbs.length, CLASSES.length);
  for (let i = 0; i < CLASSES.length; i++) assert.ok(Math.abs(onnxProbs[i] - want[i]) < 1e-4, `${CLASSES[i]}: ONNX ${onnxProbs[i]} vs engine ${want[i]}`);
  // The app's own prediction of the photo (its decoder shrinks photos first, so the pixels
  // differ slightly) names the same class when it is clear about it.
  const ranked = Object.entries(firstProbs).sort((a, b) => b[1] - a[1]);
  if (ranked[0][1] - ranked[1][1] > 0.1) assert.equal(CLASSES[onnxProbs.indexOf(Math.max(...onnxProbs))], ranked[0][0]);
});

test('a corrupt model file gives a message and changes nothing', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const bad = join(photos.dir, 'broken.barnlab');
  writeFileSync(bad, Buffer.from('definitely not a model'.repeat(10)));
  await tab('models');
  const before = await page.getByTestId('model-row').count();
  await page.getByTestId('model-input').setInputFiles(bad);
  await page.getByTestId('notice-error').filter({ hasText: 'broken.barnlab' }).waitFor();
  assert.equal(await page.getByTestId('model-row').count(), before);
  // A truncated real model too.
  const truncated = join(photos.dir, 'truncated.barnlab');
  const bytes = readFileSync(modelFile);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await page.getByTestId('model-input').setInputFiles(truncated);
  await page.getByTestId('notice-error').filter({ hasText: 'truncated.barnlab' }).waitFor();
  assert.equal(await page.getByTestId('model-row').count(), before);
  await tab('predict');
  await page.getByTestId('predict-input').setInputFiles(photos.probe);
  const still = await probabilities();
  for (const c of CLASSES) assert.ok(Math.abs(still[c] - firstProbs[c]) < 1e-5);
});

test('after a reload the project is intact', async () => {
  await page.reload();
  await page.locator('body.ready').waitFor();
  assert.equal(await page.getByTestId('project-select').locator('option:checked').textContent(), 'E2E herd');
  await tab('photos');
  for (const cls of CLASSES) {
    await page.getByTestId(`class-${cls}`).locator('.count').filter({ hasText: `${PER_CLASS} photos` }).waitFor();
  }
});

test('Korean UI and screenshots at tablet and phone widths', async () => {
  await page.getByTestId('lang-select').selectOption('ko');
  await page.getByTestId('tab-photos').filter({ hasText: '사진' }).waitFor();
  await shot('08-photos-ko');
  await tab('train');
  await shot('09-train-ko');
  await shot('09-train-ko-phone', 390, 844);
  await tab('predict');
  await shot('10-predict-ko');
  await page.reload();
  await page.locator('body.ready').waitFor();
  await page.getByTestId('tab-photos').filter({ hasText: '사진' }).waitFor();
  await page.getByTestId('project-select').selectOption('');
  await shot('11-home-ko');
  // Sample class names in Korean too.
  await page.getByTestId('sample-farm-animals-6').filter({ hasText: '닭, 소, 오리, 염소, 돼지, 양' }).waitFor();
  await page.getByTestId('sample-fashion-mnist').filter({ hasText: '앵클부츠' }).waitFor();
  await shot('11-home-ko-phone', 390, 844);
  await page.getByTestId('lang-select').selectOption('en');
  await page.getByTestId('tab-photos').filter({ hasText: 'Photos' }).waitFor({ state: 'attached' });
  await page.getByTestId('project-select').selectOption({ label: 'E2E herd' });
  await page.getByTestId('tab-photos').waitFor();
  await page.setViewportSize({ width: 768, height: 1024 });
});

test('offline: the app loads from the service worker and predicts', async (t) => {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
  await context.setOffline(true);
  try {
    await page.reload();
    await page.locator('body.ready').waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'isolation headers must come from the service worker offline');
    if (!engineOk) return t.skip('engine module not available: only the offline load was checked');
    await page.getByTestId('engine-status').waitFor({ timeout: 60_000 });
    await tab('predict');
    await page.getByTestId('predict-input').setInputFiles(photos.probe);
    const offline = await probabilities();
    for (const c of CLASSES) assert.ok(Math.abs(offline[c] - firstProbs[c]) < 1e-5);
    await shot('12-offline-predict');
  } finally {
    await context.setOffline(false);
  }
});

test('a 1-channel model made outside the app continues training; a new model is colour; no split, no evaluation', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  // A grey 28 px model, as the CLI makes for Fashion-MNIST, with this project's classes.
  const m = await nodeModule();
  const e = new m.Engine();
  e.setImageFormat(28, 1);
  assert.equal(e.createModel('mlp', '', CLASSES, 28, 0).channels, 1);
  const grey = join(photos.dir, 'grey.barnlab');
  writeFileSync(grey, e.exportModel());
  e.delete();

  await page.getByTestId('project-select').selectOption('');
  await page.getByTestId('create-project').click();
  await ask('Grey herd');
  await page.getByTestId('folder-input').setInputFiles(photos.root);
  await page.getByTestId('notice-info').filter({ hasText: `${CLASSES.length * PER_CLASS} photos added` }).waitFor({ timeout: 120_000 });
  await tab('models');
  await page.getByTestId('model-input').setInputFiles(grey);
  await page.getByTestId('notice-success').filter({ hasText: 'grey.barnlab' }).waitFor();
  await tab('train');
  if (!(await page.locator('details.advanced[open]').count())) await page.locator('details.advanced summary').click();
  await setNumber('epochs', 1);
  await page.getByTestId('continue').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 120_000 });
  let models = await storedModels();
  const project = models.at(-1).projectId;
  assert.deepEqual(models.filter((x) => x.projectId === project).map((x) => [x.channels, x.epochs]), [[1, 0], [1, 1]]);

  // A new model after it: colour photos make a 3-channel model. With no
  // photos kept for checking there is no evaluation to show.
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ state: 'detached', timeout: 20_000 });
  await setNumber('val-share', 0);
  await page.getByTestId('start').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 300_000 });
  models = (await storedModels()).filter((x) => x.projectId === project);
  assert.deepEqual(models.at(-1), { projectId: project, channels: 3, epochs: 1, evaluation: false });
});

test('the sample projects open from the home screen', async () => {
  await page.getByTestId('project-select').selectOption('');
  await page.getByTestId('sample-farm-animals-6').click();
  await page.getByTestId('class-sheep').locator('.count').filter({ hasText: '60 photos' }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('.class-card').count(), 6);
  await page.getByTestId('project-select').selectOption('');
  await page.getByTestId('sample-fashion-mnist').click();
  await page.getByTestId('class-Ankle boot').locator('.count').filter({ hasText: '100 photos' }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('.class-card').count(), 10);
  await shot('13-fashion-sample');
  await page.getByTestId('tab-train').click();
  await page.locator('[data-testid=preset-fast][aria-checked=false]').waitFor();
});

test('no request left localhost, and no uncaught page error', () => {
  assert.ok(requests.length > 0);
  assert.deepEqual(foreign, [], `requests to other origins: ${foreign.join(', ')}`);
  const others = requests.filter((u) => !/^(http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(u));
  assert.deepEqual(others, []);
  assert.deepEqual(pageErrors, []);
});
