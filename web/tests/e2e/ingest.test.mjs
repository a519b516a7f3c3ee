// Issue 11 (scale): the photos of a training run reach the engine without
// the page or the worker holding all their JPEGs at once. In headless
// Chromium against `vite preview`, with the farm sample project (360 photos):
// - no message the page posts to the engine worker carries photo bytes: the
//   train request names the photos by id (every message's size is recorded
//   by wrapping Worker.prototype.postMessage before the app loads);
// - the worker reads the images from IndexedDB itself, at most one batch
//   (256) at a time (Blob.prototype.arrayBuffer counted in the worker), every
//   photo once, and the run trains on all of them;
// - Stop while the photos are read (each batch slowed in the worker) ends
//   the run at once, says so, and keeps the models as they were; the next
//   run trains normally. While they are read the Train screen counts them.
//   Screenshots of the count and the notice (tablet and phone, Korean and
//   English): test-results/ingest-preparing-*.png, ingest-stopped-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { storedRecords } from '../helpers/idb.mjs';
import { startPreview, webDir } from '../helpers/server.mjs';
import { setEpochs } from '../helpers/train-form.mjs';

/** The worker's batch (worker.ts INGEST_BATCH). */
const BATCH = 256;
const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });

let server, browser, context, page, engineWorker;

before(async () => {
  server = await startPreview();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  context = await browser.newContext({ viewport: TABLET, locale: 'en-US' });
  // Every message to a worker: its type, its JSON length, and the bytes of the buffers in it.
  await context.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    const bufferBytes = (v, seen = new Set()) => {
      if (v instanceof ArrayBuffer) return v.byteLength;
      if (ArrayBuffer.isView(v)) return v.byteLength;
      if (v instanceof Blob) return v.size;
      if (!v || typeof v !== 'object' || seen.has(v)) return 0;
      seen.add(v);
      return Object.values(v).reduce((n, x) => n + bufferBytes(x, seen), 0);
    };
    window.__toWorkers = [];
    Worker.prototype.postMessage = function (msg, transfer) {
      window.__toWorkers.push({
        type: msg?.type,
        photos: Array.isArray(msg?.photos) ? msg.photos.length : 0,
        json: JSON.stringify(msg, (_k, v) => (v instanceof ArrayBuffer ? null : v))?.length ?? 0,
        bytes: bufferBytes(msg),
      });
      return post.call(this, msg, transfer);
    };
  });
  page = await context.newPage();
  page.on('pageerror', (e) => console.log(`pageerror: ${e}`));
  await page.goto(server.url);
  await page.getByTestId('engine-status').waitFor({ timeout: 120_000 });
  engineWorker = page.workers().find((w) => /\/worker-[^/]*\.js/.test(w.url()));
  assert.ok(engineWorker, `the engine worker among ${page.workers().map((w) => w.url()).join(', ')}`);
  // In the worker: how many photo images are read at once (and in all), with an optional delay per read.
  await engineWorker.evaluate(() => {
    const read = Blob.prototype.arrayBuffer;
    const r = (globalThis.__reads = { inFlight: 0, most: 0, total: 0, delayMs: 0 });
    Blob.prototype.arrayBuffer = async function () {
      r.inFlight++;
      r.total++;
      r.most = Math.max(r.most, r.inFlight);
      try {
        const bytes = await read.call(this);
        if (r.delayMs) await new Promise((res) => setTimeout(res, r.delayMs));
        return bytes;
      } finally {
        r.inFlight--;
      }
    };
  });
  await page.getByTestId('sample-farm-animals-6').click();
  await page.getByTestId('importing').waitFor({ timeout: 60_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 300_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const reads = (reset) => engineWorker.evaluate((reset) => {
  const r = globalThis.__reads;
  const out = { ...r };
  if (reset) Object.assign(r, { most: 0, total: 0 });
  return out;
}, reset);

async function shot(name, size) {
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
  await page.getByTestId('train-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, `ingest-${name}.png`) });
  await page.setViewportSize(TABLET);
}

async function startOneEpoch() {
  await page.getByTestId('tab-train').click();
  await page.getByTestId('preset-fast').click();
  if (!(await page.locator('details.advanced').evaluate((d) => d.open))) await page.locator('details.advanced summary').click();
  await setEpochs(page, 1);
  await page.evaluate(() => window.__toWorkers.splice(0));
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor({ timeout: 60_000 });
}

test('Stop while the photos are read ends the run at once, says so (Korean and English), and changes no model', async () => {
  const modelsBefore = (await storedRecords(page, 'models')).length;
  await engineWorker.evaluate(() => (globalThis.__reads.delayMs = 3000));
  for (const [lang, said] of [['ko', '시작하기 전에 멈췄습니다'], ['en', 'stopped before it began']]) {
    await page.getByTestId('lang-select').selectOption(lang);
    await reads(true);
    await startOneEpoch();
    // The count of photos read so far is shown while they are read.
    const photos = (await storedRecords(page, 'photos')).length;
    await page.getByTestId('train-status').filter({ hasText: lang === 'ko' ? `${photos}장 중 0장` : `0 of ${photos}` }).waitFor({ timeout: 10_000 });
    await shot(`preparing-${lang}-tablet`, TABLET);
    await shot(`preparing-${lang}-phone`, PHONE);
    await page.getByTestId('stop').click();
    await page.getByTestId('start').waitFor({ timeout: 60_000 });
    await page.getByTestId('notice-info').filter({ hasText: said }).waitFor({ timeout: 10_000 });
    await shot(`stopped-${lang}-tablet`, TABLET);
    await shot(`stopped-${lang}-phone`, PHONE);
    // Dismissed: a notice follows the language, so this one would read in
    // the next language too and be found twice there.
    const notice = page.getByTestId('notice-info').filter({ hasText: said });
    await notice.locator('button.icon-btn').click();
    await notice.waitFor({ state: 'detached' });
    const r = await reads(true);
    // The first batch was being read when the stop came; no second one was.
    assert.ok(r.total <= BATCH, `${r.total} photos read after a stop in the first batch`);
    const runs = (await storedRecords(page, 'runs')).sort((a, b) => a.started - b.started);
    assert.equal(runs.at(-1)?.end, 'stopped');
  }
  assert.equal((await storedRecords(page, 'models')).length, modelsBefore);
  await engineWorker.evaluate(() => (globalThis.__reads.delayMs = 0));
});

test('a run reads its photos in the worker a batch at a time; no message to the worker carries photo bytes', async () => {
  const photos = (await storedRecords(page, 'photos')).length;
  assert.ok(photos > BATCH, `the sample has more photos (${photos}) than one batch`);
  await reads(true);
  await startOneEpoch();
  await page.getByTestId('start').waitFor({ timeout: 600_000 });
  const sent = await page.evaluate(() => window.__toWorkers.splice(0));
  const train = sent.filter((m) => m.type === 'train');
  assert.equal(train.length, 1);
  assert.equal(train[0].photos, photos, 'the train request names every photo');
  // A new model: nothing but ids, labels and the config (tens of bytes a photo, not kilobytes).
  assert.equal(train[0].bytes, 0, 'the train request carries no buffers');
  assert.ok(train[0].json < 100 * photos, `train request of ${train[0].json} characters`);
  for (const m of sent.filter((m) => ['train', 'stop', 'ping', 'presets', 'measure', 'init'].includes(m.type))) {
    assert.equal(m.bytes, 0, `a ${m.type} message to the engine worker carried ${m.bytes} bytes`);
  }
  const r = await reads(true);
  assert.equal(r.total, photos, 'each photo read once, in the worker');
  assert.ok(r.most <= BATCH, `${r.most} images read at once`);
  const newest = (await storedRecords(page, 'models')).sort((a, b) => a.created - b.created).at(-1);
  assert.equal(newest?.photoIds.length, photos);
  assert.equal(newest?.info.epochs, 1);
});
