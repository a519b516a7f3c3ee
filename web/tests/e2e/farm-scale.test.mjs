// The farm flow at real scale, on a tablet (800 x 1280, touch), in Korean
// and English: the folder import of all 2,700 farm photos with the Photos
// screen open (photos per second), opening and scrolling the Photos screen
// of that project (time to the first tiles; long tasks recorded by a
// PerformanceObserver in the page), folding a class, the sample project
// with its progress shown, bad files (one
// notice with "N of M skipped" and each file's reason), nested folders,
// the same files again (skipped as already there), folder names matched to
// Korean-named classes, 44 px touch targets, undo after deleting a photo
// or a class, and a question before deleting a project. Speeds (photos/s,
// seconds to load or open, the longest task) are the issue's targets but
// benchmark figures, reported (`farm-scale:` lines and test diagnostics),
// never asserted: the tests assert the behaviour they stand for (progress
// shown, only the tiles near the screen in the page, the screen answering
// while training runs). Screenshots go to web/test-results/.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startPreview, watchCsp, webDir } from '../helpers/server.mjs';

const FARM = resolve(webDir, '..', '..', 'shared', 'data', 'farm-animals-6');
const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
/**
 * How much slower than an idle machine this one is now: the 1-minute load
 * per core (at least 1), printed beside the figures so they can be read.
 */
function load() {
  return Math.max(1, loadavg()[0] / cpus().length);
}
/** The issue's targets, printed beside each figure (not asserted). */
const TARGET = { longTaskMs: 200, sampleS: 15, photosPerS: 25, openMs: 1000 };
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });

let server, browser, context, page;
const pageErrors = [];
const work = mkdtempSync(join(tmpdir(), 'barnlab-scale-'));
let farmCount = 0;

async function shot(name, size = TABLET) {
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `scale-${name}.png`) });
  await page.setViewportSize(TABLET);
}

async function ask(text) {
  await page.getByTestId('ask-input').fill(text);
  await page.getByTestId('ask-ok').tap();
}

async function newProject(name) {
  await page.getByTestId('new-project').tap();
  await ask(name);
  await page.getByTestId('folder-input').waitFor({ state: 'attached' });
}

async function lang(l) {
  await page.getByTestId('lang-select').selectOption(l);
}

/** Long tasks since the last call: count, the longest (ms), and the five longest with their start (ms after `since`, page time). */
async function takeLongTasks(since = 0) {
  return page.evaluate((since) => {
    const all = window.__longTasks.splice(0);
    const top = [...all].sort((a, b) => b.duration - a.duration).slice(0, 5).map((e) => `${Math.round(e.duration)}@${Math.round(e.start - since)}`);
    return { count: all.length, max: Math.max(0, ...all.map((e) => e.duration)), top: top.join(' ') };
  }, since);
}
const pageNow = () => page.evaluate(() => performance.now());

function count(cls, n) {
  return page.getByTestId(`class-${cls}`).locator('.count').filter({ hasText: new RegExp(`(^|\\D)${n}(\\D|$)`) });
}

/** A small JPEG / PNG made by Chromium itself, in the page. */
async function makeImage(w, h, type = 'image/jpeg') {
  const b64 = await page.evaluate(async ([w, h, type]) => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#7a5';
    g.fillRect(0, 0, w, h);
    g.fillStyle = '#a53';
    g.fillRect(0, 0, w / 2, h / 2);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type, quality: 0.9 })).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, [w, h, type]);
  return Buffer.from(b64, 'base64');
}

before(async () => {
  assert.ok(existsSync(FARM), `${FARM} is missing: the scale test needs the farm photos`);
  for (const d of readdirSync(FARM, { withFileTypes: true })) if (d.isDirectory()) farmCount += readdirSync(join(FARM, d.name)).length;
  server = await startPreview();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: TABLET, hasTouch: true, isMobile: true, deviceScaleFactor: 1, locale: 'ko-KR' });
  csp = await watchCsp(context);
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url);
  await page.locator('body.ready').waitFor();
});

// Every scenario fails on a Content-Security-Policy violation.
let csp;
afterEach(() => csp?.check());

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(pageErrors, []);
});

test('the farm sample loads with its progress shown (time reported)', async (t) => {
  await takeLongTasks();
  const since = await pageNow();
  const t0 = Date.now();
  await page.getByTestId('sample-farm-animals-6').tap();
  const progress = page.getByTestId('importing');
  await progress.waitFor({ timeout: 30_000 });
  // Progress is shown as a count of the whole and a bar.
  assert.match(await progress.textContent(), /\d+장 중 \d+장/);
  assert.equal(await progress.locator('progress').count(), 1);
  await shot('sample-progress-ko');
  await progress.waitFor({ state: 'detached', timeout: 300_000 });
  const seconds = (Date.now() - t0) / 1000;
  const lt = await takeLongTasks(since);
  const line = `farm-scale: sample project loaded in ${seconds.toFixed(1)} s (target ${TARGET.sampleS} s); longest task ${lt.max.toFixed(0)} ms ` +
    `(target ${TARGET.longTaskMs} ms; ${lt.count} over 50 ms; longest ms@start: ${lt.top}); load factor ${load().toFixed(1)} ` +
    `(load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`;
  t.diagnostic(line);
});

test(`all ${'2,700'} farm photos through the folder import, with the Photos screen open (Korean)`, async (t) => {
  await newProject('농장 전체');
  await takeLongTasks();
  const since = await pageNow();
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(FARM);
  const picked = Date.now();
  await page.getByTestId('importing').waitFor({ timeout: 30_000 });
  const pickLt = await takeLongTasks(since);
  await shot('import-progress-ko');
  const report = page.locator('[data-testid^="notice-"]').filter({ hasText: `${farmCount}장을 추가` });
  await report.waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - picked) / 1000;
  const lt = await takeLongTasks(since);
  const line = `farm-scale: imported ${farmCount} photos in ${seconds.toFixed(1)} s = ${(farmCount / seconds).toFixed(1)} photos/s (target ${TARGET.photosPerS}) ` +
    `(file picking ${(picked - t0) / 1000} s before, longest task then ${pickLt.max.toFixed(0)} ms); longest task ${lt.max.toFixed(0)} ms ` +
    `(target ${TARGET.longTaskMs} ms; ${lt.count} over 50 ms; longest ms@start: ${lt.top}); load factor ${load().toFixed(1)}`;
  t.diagnostic(line);
  // The two files beside the class folders (SOURCE.md, manifest.csv) are listed as not in a class folder.
  assert.match(await report.textContent(), /2개는 건너뛰었습니다/);
  assert.match(await report.getByTestId('notice-list').textContent(), /SOURCE\.md.*분류 폴더 안에 있지 않음/);
  assert.ok((await page.getByTestId('thumb').count()) < 250, 'only the tiles near the screen are in the page');
  await shot('photos-2700-ko');
  await shot('photos-2700-ko-phone', PHONE);
});

test('the Photos screen of the 2,700-photo project opens and scrolls with only the tiles near the screen in the page (times reported)', async (t) => {
  const open = async () => {
    await page.getByTestId('tab-train').tap();
    await takeLongTasks();
    return page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('[data-testid="tab-photos"]').click();
      while (!document.querySelector('#photos:not([hidden]) [data-testid="thumb"] img')) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    });
  };
  const tabMs = await open();
  // From the project list, which reads all photos' records from IndexedDB.
  await page.reload();
  await page.locator('body.ready').waitFor();
  const projectMs = await page.evaluate(async () => {
    const sel = document.querySelector('[data-testid="project-select"]');
    const id = [...sel.options].find((o) => o.textContent === '농장 전체').value;
    sel.value = '';
    sel.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    sel.value = id;
    sel.dispatchEvent(new Event('change'));
    while (!document.querySelector('#photos:not([hidden]) [data-testid="thumb"] img')) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  });
  const lt0 = await takeLongTasks();
  // Scroll the whole page, a screen at a time, a frame apart, as a finger would.
  const scroll = await page.evaluate(async () => {
    let most = 0;
    let frames = 0;
    for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      most = Math.max(most, document.querySelectorAll('[data-testid="thumb"]').length);
      frames++;
    }
    return { height: document.documentElement.scrollHeight, most, frames };
  });
  const lt = await takeLongTasks();
  const line = `farm-scale: Photos tab opens in ${tabMs.toFixed(0)} ms; the project (${'2,700'} photos) opens to its Photos in ${projectMs.toFixed(0)} ms ` +
    `(target ${TARGET.openMs} ms; longest task then ${lt0.max.toFixed(0)} ms: ${lt0.top}); scrolled ${scroll.height} px in ${scroll.frames} steps ` +
    `with at most ${scroll.most} tiles in the page, longest task ${lt.max.toFixed(0)} ms (target ${TARGET.longTaskMs} ms); load factor ${load().toFixed(1)}`;
  t.diagnostic(line);
  // Rendered only near the screen: the whole scroll went through 2,700 photos' worth of page.
  assert.ok(scroll.frames > 10, `the page is ${scroll.height} px: all 2,700 tiles' height is laid out`);
  assert.ok(scroll.most < 250, `${scroll.most} tiles at once`);
  await page.evaluate(() => window.scrollTo(0, 0));
});

test('while the 2,700 photos train, the Photos screen opens and scrolls, and training goes on (long tasks reported)', async (t) => {
  if (!(await page.getByTestId('engine-status').count())) return t.skip('engine module not available');
  await page.getByTestId('tab-train').tap();
  await page.getByTestId('preset-fast').tap();
  await page.getByTestId('start').tap();
  await page.getByTestId('stop').waitFor({ timeout: 60_000 });
  // Past the hand-over of the photos to the engine: steps are running.
  await page.getByTestId('train-status').filter({ hasText: /\d/ }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(2000);
  // For comparison: the same span of training with the Train screen open and nothing touched.
  await takeLongTasks();
  await page.waitForTimeout(5000);
  const idle = await takeLongTasks();
  const since = await pageNow();
  const openMs = await page.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector('[data-testid="tab-photos"]').click();
    while (!document.querySelector('#photos:not([hidden]) [data-testid="thumb"] img')) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let most = 0;
    for (let y = 0; y < document.documentElement.scrollHeight; y += 800) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      most = Math.max(most, document.querySelectorAll('[data-testid="thumb"]').length);
    }
    return { ms: performance.now() - t0, most };
  });
  const lt = await takeLongTasks(since);
  const line = `farm-scale: while training, Photos opened and scrolled through in ${openMs.ms.toFixed(0)} ms; longest task ${lt.max.toFixed(0)} ms ` +
    `(target ${TARGET.longTaskMs} ms; ${lt.count} over 50 ms: ${lt.top}); ` +
    `5 s of training on the Train screen untouched: longest task ${idle.max.toFixed(0)} ms (${idle.count} over 50 ms); load factor ${load().toFixed(1)}`;
  t.diagnostic(line);
  assert.ok(openMs.most < 250, `${openMs.most} tiles at once while training`);
  // The page answered all of that while the run went on: it is still training.
  assert.equal(await page.getByTestId('stop').count(), 1, 'training is still running after the Photos screen was used');
  await shot('photos-training-ko');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('tab-train').tap();
  await page.getByTestId('stop').tap();
  await page.getByTestId('start').waitFor({ timeout: 120_000 });
  await page.getByTestId('tab-photos').tap();
});

test('a class folds away and opens again', async () => {
  const cls = 'cow';
  const before = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.getByTestId(`fold-${cls}`).tap();
  await page.locator(`[data-testid="fold-${cls}"][aria-expanded="false"]`).waitFor();
  assert.equal(await page.getByTestId(`grid-${cls}`).count(), 0);
  const folded = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(folded < before - 1000, `page ${before} px -> ${folded} px`);
  await shot('photos-folded-ko');
  await page.getByTestId(`fold-${cls}`).tap();
  await page.getByTestId(`grid-${cls}`).waitFor();
});

test('touch targets on the Photos screen are at least 44 x 44 px', async () => {
  const boxes = {
    move: await page.getByTestId('move').first().boundingBox(),
    remove: await page.locator('.thumb-del').first().boundingBox(),
    fold: await page.locator('.fold').first().boundingBox(),
  };
  await page.getByTestId('tab-train').tap();
  if (!(await page.locator('details.advanced[open]').count())) await page.locator('details.advanced summary').tap();
  for (const [i, label] of (await page.locator('label.field.check').all()).entries()) boxes[`checkbox-${i + 1}`] = await label.boundingBox();
  await page.getByTestId('tab-photos').tap();
  console.log(`farm-scale: touch targets ${Object.entries(boxes).map(([k, b]) => `${k} ${Math.round(b.width)}x${Math.round(b.height)}`).join(', ')}`);
  for (const [k, b] of Object.entries(boxes)) assert.ok(b.width >= 44 && b.height >= 44, `${k}: ${b.width} x ${b.height}`);
});

test('bad files: the good ones import, one notice says "5 of 9 skipped" and lists each with its reason; nested folders (English)', async () => {
  await lang('en');
  for (const b of await page.locator('.toast').getByRole('button', { name: 'Dismiss' }).all()) await b.tap();
  const root = join(work, 'bad', 'herd');
  mkdirSync(join(root, 'cow', 'extra'), { recursive: true });
  mkdirSync(join(root, 'pig'), { recursive: true });
  const good = [await makeImage(120, 90), await makeImage(100, 100), await makeImage(90, 120), await makeImage(200, 150)];
  writeFileSync(join(root, 'cow', 'good-1.jpg'), good[0]);
  writeFileSync(join(root, 'cow', 'extra', 'deep.jpg'), good[1]);
  writeFileSync(join(root, 'pig', 'good-2.jpg'), good[2]);
  writeFileSync(join(root, 'pig', 'good-3.jpg'), good[3]);
  writeFileSync(join(root, 'pig', 'empty.jpg'), Buffer.alloc(0));
  writeFileSync(join(root, 'pig', 'notes.jpg'), 'this is a text file named .jpg\n');
  const jpeg = await makeImage(300, 200);
  writeFileSync(join(root, 'cow', 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(join(root, 'cow', 'IMG_0001.HEIC'), Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64)]));
  writeFileSync(join(root, 'cow', 'tiny.png'), await makeImage(16, 16, 'image/png'));
  await newProject('Bad files');
  await page.getByTestId('folder-input').setInputFiles(root);
  const report = page.getByTestId('notice-info').filter({ hasText: '4 photos added. 5 of 9 skipped.' });
  await report.waitFor({ timeout: 60_000 });
  const notices = await page.locator('.toast').allTextContents();
  assert.equal(notices.length, 1, `one notice for the import: ${notices.join(' | ')}`);
  await report.getByTestId('notice-list-toggle').tap();
  const lines = (await report.getByTestId('notice-list').locator('li').allTextContents()).sort();
  assert.deepEqual(lines, [
    'herd/cow/IMG_0001.HEIC: a format this browser cannot read (such as HEIC): save it as JPEG',
    'herd/cow/tiny.png: too small (under 32 pixels on a side)',
    'herd/cow/truncated.jpg: damaged (cut off or corrupt)',
    'herd/pig/empty.jpg: the file is empty',
    'herd/pig/notes.jpg: not a photo',
  ]);
  // cow/extra/deep.jpg belongs to "cow": no class "extra".
  await count('cow', 2).waitFor();
  await count('pig', 2).waitFor();
  assert.equal(await page.locator('.class-card').count(), 2);
  await shot('bad-files-en');
  await shot('bad-files-en-phone', PHONE);
  // The list stays open while it is read; it closes with its button.
  await page.waitForTimeout(500);
  await report.getByRole('button', { name: 'Dismiss' }).tap();

  // The same folder again: nothing doubles, each file already there is counted.
  await page.getByTestId('folder-input').setInputFiles(root);
  const again = page.getByTestId('notice-error').filter({ hasText: '0 photos added. 9 of 9 skipped.' });
  await again.waitFor({ timeout: 60_000 });
  assert.equal((await again.getByTestId('notice-list').locator('li').allTextContents()).filter((l) => l.endsWith('already in the project')).length, 4);
  await count('cow', 2).waitFor();
  await count('pig', 2).waitFor();
  await again.getByRole('button', { name: 'Dismiss' }).tap();
});

test('folder names are matched to Korean-named classes before the import', async () => {
  await lang('ko');
  await newProject('한우 농장');
  for (const name of ['소', '돼지']) {
    await page.getByTestId('add-class').tap();
    await ask(name);
  }
  const root = join(work, 'map', 'photos');
  for (const [dir, n] of [['cow', 4], ['pig', 3], ['goat', 2]]) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const f of readdirSync(join(FARM, dir)).sort().slice(0, n)) copyFileSync(join(FARM, dir, f), join(root, dir, f));
  }
  await page.getByTestId('folder-input').setInputFiles(root);
  await page.getByTestId('map-ok').waitFor();
  await page.getByTestId('map-cow').selectOption({ label: '소' });
  await page.getByTestId('map-pig').selectOption({ label: '돼지' });
  await shot('folder-map-ko');
  await shot('folder-map-ko-phone', PHONE);
  await page.getByTestId('map-ok').tap();
  await count('소', 4).waitFor({ timeout: 60_000 });
  await count('돼지', 3).waitFor();
  await count('goat', 2).waitFor();
  assert.deepEqual(await page.locator('.class-card h2').evaluateAll((hs) => hs.map((x) => x.querySelector('.fold').childNodes[1].textContent)), ['소', '돼지', 'goat']);
});

test('a photo moves to another class through its menu', async () => {
  // The menu gets its classes when it is first touched or focused.
  const goatMenu = page.locator('[data-testid="class-goat"] [data-testid="move"]').first();
  await goatMenu.focus();
  await goatMenu.selectOption({ label: '소' });
  await count('소', 5).waitFor();
  await count('goat', 1).waitFor();
  const cowMenu = page.locator('[data-testid="class-소"] [data-testid="move"]').last();
  await cowMenu.focus();
  await cowMenu.selectOption({ label: 'goat' });
  await count('goat', 2).waitFor();
});

test('deleting a photo or a class can be undone; deleting a project asks first', async () => {
  await page.locator('[data-testid="class-소"] .thumb-del').first().tap();
  await count('소', 3).waitFor();
  await page.getByTestId('notice-action').filter({ hasText: '되돌리기' }).tap();
  await count('소', 4).waitFor();
  await page.getByTestId('delete-class-돼지').tap();
  await page.getByTestId('class-돼지').waitFor({ state: 'detached' });
  await shot('undo-ko');
  await page.getByTestId('notice-action').tap();
  await count('돼지', 3).waitFor();
  assert.deepEqual(await page.locator('.class-card').evaluateAll((cs) => cs.map((c) => c.dataset.testid)), ['class-소', 'class-돼지', 'class-goat']);
  // After a reload the restored photos are still there (they were put back in IndexedDB).
  await page.reload();
  await page.locator('body.ready').waitFor();
  // The app is ready before its engine: the header's buttons must not move when the engine
  // comes (in a CI run the tap meant for Delete landed on Rename, moved under it, whose dialog then took every tap).
  const box = () => page.getByTestId('delete-project').boundingBox();
  const before = await box();
  await page.getByTestId('tab-photos').tap();
  await count('돼지', 3).waitFor();
  await count('소', 4).waitFor();
  await page.locator('[data-testid=engine-status], #header .badge.error').first().waitFor({ timeout: 120_000 });
  assert.deepEqual(await box(), before, 'Delete stays where it was when the engine becomes ready');

  await page.getByTestId('delete-project').tap();
  await page.getByTestId('confirm-ok').waitFor();
  await page.getByRole('button', { name: '취소' }).tap();
  await page.getByTestId('confirm-ok').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('project-select').locator('option:checked').textContent(), '한우 농장');
});
