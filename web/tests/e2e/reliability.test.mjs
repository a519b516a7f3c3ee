// Issue 11 (reliability), training and the engine, in headless Chromium
// against `vite preview`:
// - a run whose page is killed after its first checkpoint, reopened and resumed
//   ends with the same model file as the run never interrupted;
// - the engine worker dying (a real out-of-memory: a batch and image size
//   too big for the wasm heap limit; the worker closed under the app) is
//   noticed, said in plain words with its code, the engine restarted,
//   photos and models kept, the run marked failed, and the run resumed;
// - a second tab cannot train a project the first one trains, says why,
//   and picks up the model saved there; a newer schema opened elsewhere
//   closes the database here with a message to reload.
// Screenshots (tablet and phone, English and Korean) of the resume offer
// and the failure message: test-results/rel-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startPreview, webDir } from '../helpers/server.mjs';

const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });
const samples = join(webDir, 'public', 'samples', 'farm-animals-6');

let server, browser;

before(async () => {
  server = await startPreview();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** A fresh browser profile; Math.random fixed, so two runs with custom settings get the same seed. */
async function newContext(locale = 'en-US') {
  const context = await browser.newContext({ viewport: TABLET, locale, hasTouch: true });
  await context.addInitScript(() => {
    Math.random = () => 0.25;
  });
  return context;
}

async function open(context) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`pageerror: ${e}`));
  await page.goto(server.url);
  await page.getByTestId('engine-status').waitFor({ timeout: 120_000 });
  return page;
}

async function shot(page, name, size) {
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `rel-${name}.png`) });
  await page.setViewportSize(TABLET);
}

/** Records of one object store (or one record), read in the page; ArrayBuffers come back as base64. */
function stored(page, store, key) {
  return page.evaluate(([store, key]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('barnlab');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const d = req.result;
      const os = d.transaction(store).objectStore(store);
      const q = key === null ? os.getAll() : os.get(key);
      q.onerror = () => reject(q.error);
      q.onsuccess = () => {
        d.close();
        const b64 = (buf) => {
          const u = new Uint8Array(buf);
          let s = '';
          for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
          return btoa(s);
        };
        const plain = (r) => r && typeof r === 'object' ? { ...r, bytes: r.bytes instanceof ArrayBuffer ? b64(r.bytes) : undefined, image: undefined, thumb: undefined } : r;
        resolve(Array.isArray(q.result) ? q.result.map(plain) : plain(q.result));
      };
    };
  }), [store, key ?? null]);
}

async function projectId(page, name) {
  return (await stored(page, 'projects')).find((p) => p.name === name).id;
}

async function createProject(page, name, classes, perClass) {
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill(name);
  await page.getByTestId('ask-ok').click();
  for (const cls of classes) {
    await page.getByTestId('add-class').click();
    await page.getByTestId('ask-input').fill(cls);
    await page.getByTestId('ask-ok').click();
    const files = readdirSync(join(samples, cls)).sort().slice(0, perClass).map((f) => join(samples, cls, f));
    await page.getByTestId(`files-${cls}`).setInputFiles(files);
    await page.getByTestId(`class-${cls}`).locator('.count').filter({ hasText: `${perClass} photos` }).waitFor({ timeout: 120_000 });
  }
}

/** A number field set and kept (the form is redrawn when a preset's time is measured: try again then). */
async function setNumber(page, locator, value) {
  for (let i = 0; i < 10; i++) {
    await locator.fill(String(value));
    await locator.dispatchEvent('change');
    try {
      await locator.and(page.locator(`[value="${value}"]`)).waitFor({ timeout: 3000 });
      return;
    } catch {
      /* redrawn meanwhile */
    }
  }
  throw new Error(`could not set ${value}`);
}

async function setChoice(locator, value) {
  for (let i = 0; i < 10; i++) {
    await locator.selectOption(value);
    await new Promise((r) => setTimeout(r, 300));
    if ((await locator.inputValue()) === value) return;
  }
  throw new Error(`could not choose ${value}`);
}

async function openAdvanced(page) {
  const adv = page.locator('details.advanced');
  if (!(await adv.evaluate((d) => d.open))) await adv.locator('summary').click();
}

/** Custom settings through the advanced form. */
async function settings(page, { arch, size, epochs, batch, valShare }) {
  await page.getByTestId('tab-train').click();
  await openAdvanced(page);
  // Each preset's time measured first: every measurement redraws the form.
  for (const name of ['fast', 'balanced', 'accurate'])
    await page.getByTestId(`preset-time-${name}`).filter({ hasText: /About|Time unknown/ }).waitFor({ timeout: 180_000 });
  await setChoice(page.getByTestId('arch'), arch);
  await setChoice(page.getByLabel('Image size (pixels)'), String(size));
  await setNumber(page, page.getByTestId('epochs'), epochs);
  await setNumber(page, page.getByLabel('Batch size'), batch);
  await setNumber(page, page.getByTestId('val-share'), valShare);
  const best = page.getByLabel('Keep the best epoch (by checking loss), not the last');
  if (await best.isChecked()) await best.uncheck();
}

/** Polls IndexedDB until the run's checkpoint has reached `epoch`; returns it. */
async function waitForCheckpoint(page, pid, epoch) {
  for (let i = 0; i < 1200; i++) {
    const cp = await stored(page, 'meta', `checkpoint:${pid}`);
    if (cp && cp.epoch >= epoch) return cp;
    await page.waitForTimeout(50);
  }
  throw new Error(`no checkpoint of epoch ${epoch}`);
}

const newestModel = async (page, pid) => (await stored(page, 'models')).filter((m) => m.projectId === pid).sort((a, b) => a.created - b.created).at(-1);

const EPOCHS = 30;

test('a run killed after its first checkpoint resumes there and ends with the same model as a run never interrupted', async () => {
  const context = await newContext();
  let page = await open(context);
  await createProject(page, 'Resume', ['duck', 'sheep'], 12);
  const pid = await projectId(page, 'Resume');
  // Cosine schedule (the preset's): the rate depends on the planned total, which a resume must keep.
  // 64 px and 30 epochs: long enough to kill it mid-run even when the first checkpoint is seen late
  // (with 10 epochs of about 0.4 s, a busy machine once saw it only when the run was at its end).
  await settings(page, { arch: 'farm-small', size: 64, epochs: EPOCHS, batch: 8, valShare: 0.2 });

  await page.getByTestId('start').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 300_000 });
  const straight = await newestModel(page, pid);
  assert.equal(straight.info.epochs, EPOCHS);
  // A finished run leaves no checkpoint behind, so nothing is offered.
  assert.equal(await stored(page, 'meta', `checkpoint:${pid}`), undefined);

  await page.getByTestId('start').click();
  // The first epoch's checkpoint: later ones are paced to the export's cost (engine/throttle.ts),
  // and with epochs shorter than an export the next may come only near the end.
  const cp = await waitForCheckpoint(page, pid, 1);
  // The tab is killed (no beforeunload, no clean-up).
  await page.close({ runBeforeUnload: false });
  assert.equal(cp.config.epochs, EPOCHS);
  assert.equal(cp.history.length, cp.epoch, 'the run\'s figures up to the checkpoint are kept with it');

  page = await open(context);
  const offer = page.getByTestId('resume-offer');
  await offer.waitFor();
  const at = (await stored(page, 'meta', `checkpoint:${pid}`)).epoch;
  assert.ok(at >= 1 && at < EPOCHS, `stopped at epoch ${at}`);
  assert.match(await offer.innerText(), new RegExp(`epoch ${at} of ${EPOCHS}`));
  await shot(page, 'resume-offer-en-tablet', TABLET);
  await shot(page, 'resume-offer-en-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('ko');
  await offer.filter({ hasText: '이어서' }).waitFor();
  await shot(page, 'resume-offer-ko-tablet', TABLET);
  await shot(page, 'resume-offer-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');

  await page.getByTestId('resume').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training finished' }).waitFor({ timeout: 300_000 });
  const resumed = await newestModel(page, pid);
  assert.notEqual(resumed.id, straight.id);
  assert.equal(resumed.info.epochs, EPOCHS);
  assert.equal(resumed.history.length, EPOCHS, 'the chart keeps the epochs before the interruption');
  // The same weights, optimizer-free model file byte for byte (calibration included).
  assert.equal(resumed.bytes.length, straight.bytes.length);
  assert.ok(resumed.bytes === straight.bytes, 'the resumed model file differs from the uninterrupted one');
  assert.deepEqual(resumed.history.map((e) => e.trainLoss), straight.history.map((e) => e.trainLoss));
  assert.equal(await page.getByTestId('resume-offer').count(), 0);
  assert.equal(await stored(page, 'meta', `checkpoint:${pid}`), undefined);

  // Two tabs: while this tab trains, a second one cannot, and says why; no resume is offered there.
  await openAdvanced(page);
  await setNumber(page, page.getByTestId('epochs'), 100);
  await page.getByTestId('start').click();
  await waitForCheckpoint(page, pid, 1);
  const other = await open(context);
  await other.getByTestId('tab-train').click();
  await other.getByTestId('other-tab').waitFor();
  assert.equal(await other.getByTestId('start').isDisabled(), true);
  assert.equal(await other.getByTestId('resume-offer').count(), 0, 'a training running in another tab is not "interrupted"');
  await page.getByTestId('stop').click();
  await page.getByTestId('notice-success').filter({ hasText: 'Training stopped' }).waitFor({ timeout: 120_000 });
  // The lock is free again: the second tab may train, and it has the model the first one saved.
  await other.getByTestId('other-tab').waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await other.getByTestId('start').isDisabled(), false);
  const models = (await stored(other, 'models')).filter((m) => m.projectId === pid).length;
  assert.equal(models, 3);
  await other.getByTestId('tab-models').click();
  await other.waitForFunction((n) => document.querySelectorAll('[data-testid="model-row"]').length === n, models, { timeout: 10_000 });

  // A newer schema opened elsewhere: this tab closes its database and asks to reload.
  const version = await other.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('barnlab');
    r.onsuccess = () => {
      const v = r.result.version;
      r.result.close();
      resolve(v);
    };
  }));
  const upgraded = await page.evaluate((v) => new Promise((resolve) => {
    const r = indexedDB.open('barnlab', v + 1);
    r.onblocked = () => resolve('blocked');
    r.onsuccess = () => {
      r.result.close();
      resolve('upgraded');
    };
  }), version);
  assert.equal(upgraded, 'upgraded', 'the open tabs let the upgrade through');
  await other.getByTestId('notice-error').filter({ hasText: 'Reload this page' }).waitFor();
  await context.close();
});

test('the engine worker dying (out of memory, closed) is said with its code, the engine restarts, nothing saved is lost, and the run resumes', async () => {
  const context = await newContext();
  const page = await open(context);
  await createProject(page, 'Crash', ['duck', 'sheep'], 60);
  const pid = await projectId(page, 'Crash');

  // A real out-of-memory: alexnet-small at 128 px on a batch of all 120 photos
  // needs far more than the 1 GB the wasm heap may grow to.
  await settings(page, { arch: 'alexnet-small', size: 128, epochs: 1, batch: 512, valShare: 0 });
  await page.getByTestId('start').click();
  const died = page.getByTestId('notice-error').filter({ hasText: 'The engine stopped, so the training failed' });
  await died.waitFor({ timeout: 300_000 });
  const text = await died.innerText();
  // The single-threaded engine throws std::bad_alloc, which reaches the page
  // as out-of-memory. In the threaded one the allocation can fail on a pool
  // thread, which aborts it while the worker's thread waits for it: that is
  // a hang, and the heartbeat finds it.
  console.log(`out of memory (cross-origin isolated: ${await page.evaluate(() => self.crossOriginIsolated)}): ${text}`);
  assert.match(text, /ran out of memory.*code: out-of-memory|stopped answering.*code: engine-unresponsive/s);
  const errors = await page.getByTestId('notice-error').allInnerTexts();
  assert.equal(errors.length, 1, `one message, not two: ${errors.join(' | ')}`);
  await shot(page, 'engine-failed-en-tablet', TABLET);
  await shot(page, 'engine-failed-en-phone', PHONE);
  let runs = (await stored(page, 'runs')).filter((r) => r.projectId === pid);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].end, 'failed');
  assert.match(runs[0].message, /out of memory/i);
  assert.equal((await stored(page, 'photos')).filter((p) => p.projectId === pid).length, 120, 'every photo kept');
  assert.equal(await page.getByTestId('resume-offer').count(), 0, 'no epoch ended: nothing to resume');

  // The restarted engine trains; its worker is then closed under the app
  // (no error event, no answer): the heartbeat notices.
  // Long enough to be mid-run when the worker is closed.
  await settings(page, { arch: 'farm-small', size: 64, epochs: 40, batch: 16, valShare: 0.2 });
  await page.getByTestId('lang-select').selectOption('ko');
  await page.getByTestId('start').click();
  await waitForCheckpoint(page, pid, 1);
  // The newest engine worker (the one that ran out of memory may still be listed).
  const engineWorker = page.workers().filter((w) => /\/worker-[^/]*\.js/.test(w.url())).at(-1);
  assert.ok(engineWorker, `engine worker among ${page.workers().map((w) => w.url()).join(', ')}`);
  await engineWorker.evaluate(() => self.close()).catch(() => {});
  const killedAt = (await stored(page, 'meta', `checkpoint:${pid}`))?.epoch;
  assert.ok(killedAt >= 1 && killedAt < 40, `closed mid-run (checkpoint ${killedAt})`);
  const stopped = page.getByTestId('notice-error').filter({ hasText: 'engine-unresponsive' });
  await stopped.waitFor({ timeout: 90_000 });
  assert.match(await stopped.innerText(), /엔진이 멈춰서 학습이 실패했습니다/);
  await shot(page, 'engine-failed-ko-tablet', TABLET);
  await shot(page, 'engine-failed-ko-phone', PHONE);
  runs = (await stored(page, 'runs')).filter((r) => r.projectId === pid).sort((a, b) => a.started - b.started);
  assert.equal(runs.at(-1).end, 'failed');
  // The run stopped after an epoch: it is offered, and resumes on the new
  // engine from there (stopped two epochs later: a model of those epochs is saved).
  await page.getByTestId('resume-offer').waitFor();
  const offered = (await stored(page, 'meta', `checkpoint:${pid}`)).epoch;
  assert.ok(offered >= killedAt);
  await page.getByTestId('resume').click();
  await waitForCheckpoint(page, pid, offered + 2);
  await page.getByTestId('stop').click();
  await page.getByTestId('notice-success').waitFor({ timeout: 300_000 });
  const model = await newestModel(page, pid);
  assert.ok(model.info.epochs >= offered + 2 && model.info.epochs < 40, `model of ${model.info.epochs} epochs`);
  assert.equal(model.history.length, model.info.epochs);
  assert.equal((await stored(page, 'photos')).filter((p) => p.projectId === pid).length, 120);
  await context.close();
});
