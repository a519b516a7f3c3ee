// End-to-end test of how honest the app is about its models (issue 9), at
// the tablet viewport (800 x 1280), in English and Korean: the warnings
// before training (a class with too few photos, classes 5x out of balance,
// the same photo in two classes), each preset's time on this device, the
// accuracy interval, the classes mixed up most and a saliency map over each
// misclassified photo, and "not sure" with the two most likely classes.
// Run `npm run build` (after the wasm build) first. Screenshots go to
// web/test-results/quality-*.png.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { storedRecords } from '../helpers/idb.mjs';
import { gradientImage } from '../helpers/images.mjs';
import { startPreview, watchCsp, webDir } from '../helpers/server.mjs';

const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });

let server, browser, page;
let engineOk = false;
const pageErrors = [];

/**
 * sheep 40, goat 39, chicken 8; the test adds to goat a re-saved copy of a
 * sheep photo (`resavedCopy`): all three warnings; sheep and goats look alike.
 */
function photoFolder() {
  const src = join(webDir, 'public', 'samples', 'farm-animals-6');
  if (!existsSync(src)) throw new Error('public/samples/farm-animals-6 missing: run `node scripts/prepare-samples.mjs`');
  const root = join(mkdtempSync(join(tmpdir(), 'barnlab-quality-')), 'farm');
  const counts = { sheep: 40, goat: 39, chicken: 8 };
  for (const [cls, n] of Object.entries(counts)) {
    mkdirSync(join(root, cls), { recursive: true });
    for (const f of readdirSync(join(src, cls)).sort().slice(0, n)) copyFileSync(join(src, cls, f), join(root, cls, f));
  }
  const sheepPhoto = readdirSync(join(root, 'sheep')).sort()[0];
  const probes = ['sheep', 'goat', 'chicken'].map((c) => join(src, c, readdirSync(join(src, c)).sort().at(-1)));
  return { root, sheepPhoto, probes };
}

async function shot(name, size = TABLET) {
  await page.setViewportSize(size);
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(shots, `quality-${name}.png`), fullPage: false });
  await page.setViewportSize(TABLET);
}

const tab = (name) => page.getByTestId(`tab-${name}`).click();

/** The newest stored model of the app. */
async function newestModel() {
  const m = (await storedRecords(page, 'models')).sort((a, b) => a.created - b.created).at(-1);
  return m && { info: m.info, evaluation: m.evaluation, saliency: (m.saliency ?? []).length };
}

let folder;

/**
 * A sheep photo saved again by Chromium as a JPEG of another quality, into
 * goat: other bytes (an exact copy is skipped at import as already in the
 * project, by its SHA-256), the same picture (the perceptual hash finds it).
 */
async function resavedCopy() {
  const bytes = readFileSync(join(folder.root, 'sheep', folder.sheepPhoto)).toString('base64');
  const b64 = await page.evaluate(async (b64) => {
    const bin = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bin], { type: 'image/jpeg' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    c.getContext('2d').drawImage(bmp, 0, 0);
    const out = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.6 })).arrayBuffer());
    let str = '';
    for (const x of out) str += String.fromCharCode(x);
    return btoa(str);
  }, bytes);
  writeFileSync(join(folder.root, 'goat', 'same-as-a-sheep.jpg'), Buffer.from(b64, 'base64'));
}

before(async () => {
  folder = photoFolder();
  server = await startPreview();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-US', hasTouch: true });
  csp = await watchCsp(context);
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

test('before training: few photos, 5x imbalance and the same photo in two classes are named, with what to do', async () => {
  await page.goto(server.url);
  await page.getByTestId('create-project').waitFor();
  engineOk = await Promise.race([
    page.getByTestId('engine-status').waitFor({ timeout: 60_000 }).then(() => true),
    page.locator('.badge.error').waitFor({ timeout: 60_000 }).then(() => false),
  ]);
  await resavedCopy();
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill('Quality herd');
  await page.getByTestId('ask-ok').click();
  await page.getByTestId('folder-input').setInputFiles(folder.root);
  await page.getByTestId('class-goat').locator('.count').filter({ hasText: '40 photos' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 120_000 });
  await tab('train');
  const warnings = page.getByTestId('data-warnings');
  await warnings.waitFor();
  assert.match(await warnings.getByTestId('warn-few').textContent(), /chicken \(8\).*fewer than 15.*add photos/i);
  assert.match(await warnings.getByTestId('warn-imbalance').textContent(), /“(sheep|goat)” has 40 photos but “chicken” only 8/);
  const dup = await warnings.getByTestId('warn-duplicates').textContent();
  const sheepSide = `“${folder.sheepPhoto}” in sheep`;
  const goatSide = '“same-as-a-sheep.jpg” in goat';
  assert.ok(dup.includes(`${sheepSide} = ${goatSide}`) || dup.includes(`${goatSide} = ${sheepSide}`), dup);
  assert.match(dup, /move or remove/i);
  await shot('01-warnings-en');
  await shot('01-warnings-en-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('ko');
  assert.match(await warnings.getByTestId('warn-few').textContent(), /사진이 적은 분류: chicken \(8\)/);
  assert.match(await page.getByTestId('warn-imbalance').textContent(), /“chicken”에는 8장뿐입니다/);
  assert.match(await page.getByTestId('warn-duplicates').textContent(), /같은 사진이 두 분류에/);
  await shot('01-warnings-ko');
  await shot('01-warnings-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');
});

test("each preset shows its time on this device, measured; the engine's choice fills the settings", async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const seconds = {};
  for (const name of ['fast', 'balanced', 'accurate']) {
    const el = page.getByTestId(`preset-time-${name}`);
    await page.waitForFunction((n) => /on this device/.test(document.querySelector(`[data-testid=preset-time-${n}]`)?.textContent ?? ''), name, { timeout: 120_000 });
    const text = await el.textContent();
    const m = text.match(/About (?:(\d+) min )?(\d+) s on this device/);
    assert.ok(m, text);
    seconds[name] = Number(m[1] ?? 0) * 60 + Number(m[2]);
  }
  console.log(`preset estimates for 88 photos: ${JSON.stringify(seconds)}`);
  estimated = seconds;
  await page.getByTestId('lang-select').selectOption('ko');
  for (const name of ['fast', 'balanced', 'accurate']) {
    assert.match(await page.getByTestId(`preset-time-${name}`).textContent(), /^이 기기에서 약 (\d+분 )?\d+초/);
  }
  await shot('02-presets-ko');
  await shot('02-presets-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');
  // No order between the presets' times is asserted: each is measured in a few
  // timed steps, and on a shared machine the load between two measurements
  // changes several-fold (Fast once measured longer than Accurate at load 25).
  t.diagnostic(`preset estimates (s): ${JSON.stringify(seconds)}`);
  await page.getByTestId('preset-balanced').click();
  await page.locator('[data-testid=preset-balanced][aria-checked=true]').waitFor();
  await shot('02-presets-en');
  await shot('02-presets-en-phone', PHONE);
});

let estimated = {};

test('after training: accuracy ± interval, classes mixed up most, a saliency map over each photo it got wrong', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await page.getByTestId('preset-fast').click();
  await page.locator('[data-testid=preset-fast][aria-checked=true]').waitFor();
  // Every status line with the time it was shown, to compare "time left" with what it took.
  await page.evaluate(() => {
    const seen = (window.__statusLines = []);
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=train-status]')?.textContent ?? '';
      if (text && seen.at(-1)?.[1] !== text) seen.push([performance.now(), text]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  await page.getByTestId('start').waitFor({ timeout: 300_000 });
  const lines = await page.evaluate(() => window.__statusLines);
  // From the second epoch on, the status line shows the checking accuracy reached so far.
  assert.ok(lines.some(([, text]) => /^Epoch ([2-9]|\d\d) .*checking accuracy \d+\.\d%/.test(text)), lines.map(([, text]) => text).join('\n'));
  // The run ends "saving" the model, and Start comes back only once it is stored (below: the model is there at once).
  assert.ok(lines.some(([, text]) => text.startsWith('Saving the model… · ')), lines.map(([, text]) => text).join('\n'));
  const endAt = lines.find(([, text]) => /took /.test(text))?.[0];
  const leftOf = (text) => {
    const m = text.match(/about (?:(\d+) min )?(\d+) s left/);
    return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
  };
  const took = lines.find(([, text]) => /took /.test(text))?.[1].match(/took (?:(\d+) min )?(\d+) s/);
  if (took) console.log(`Fast preset: estimated ${estimated.fast} s before Start, took ${Number(took[1] ?? 0) * 60 + Number(took[2])} s`);
  const startOf = (epoch) => lines.find(([, text]) => text.startsWith(`Epoch ${epoch} `) && Number.isFinite(leftOf(text)));
  for (const epoch of [2, 3, 5, 10]) {
    const line = startOf(epoch);
    if (line && endAt) console.log(`time left at the start of epoch ${epoch}: estimated ${leftOf(line[1])} s, took ${((endAt - line[0]) / 1000).toFixed(1)} s`);
  }
  // The figures above are a report, not a check: on this shared machine (2 cores, other
  // builds running) the speed changes several-fold during a run, which no estimate can follow.
  const model = await newestModel();
  assert.ok(model?.evaluation, 'a stored evaluation');
  await tab('results');
  const acc = await page.getByTestId('val-accuracy').textContent();
  assert.match(acc, /\d+% ± \d+%/);
  const half = Number(acc.match(/± (\d+)%/)[1]);
  assert.equal(half, Math.round(((model.evaluation.accuracyHigh - model.evaluation.accuracyLow) / 2) * 100));
  await page.getByTestId('confused').waitFor();
  assert.equal(await page.getByTestId('confused-pair').count(), model.evaluation.confused.length);
  const wrong = model.evaluation.misclassified.length;
  assert.ok(wrong > 0, 'a Fast model of 88 photos (sheep and goats alike) should get some checking photo wrong');
  assert.equal(model.saliency, Math.min(24, wrong));
  assert.equal(await page.getByTestId('saliency').count(), Math.min(24, wrong));
  // Each map is drawn: some pixels are clearly red, not all.
  const cover = await page.getByTestId('saliency').first().evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let strong = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 128) strong++;
    return strong / (d.length / 4);
  });
  assert.ok(cover > 0 && cover < 0.9, `share of strongly marked pixels ${cover}`);
  await page.getByTestId('val-accuracy').scrollIntoViewIfNeeded();
  await shot('03-results-en');
  await shot('03-results-en-phone', PHONE);
  await page.getByTestId('saliency').first().scrollIntoViewIfNeeded();
  await shot('03-saliency-en');
  await page.getByTestId('lang-select').selectOption('ko');
  await page.getByTestId('val-accuracy').scrollIntoViewIfNeeded();
  assert.match(await page.getByTestId('val-accuracy').textContent(), /검증용 사진 \d+장 중 \d+% ± \d+%/);
  await shot('03-results-ko');
  await page.getByTestId('saliency').first().scrollIntoViewIfNeeded();
  await shot('03-saliency-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');
});

test('predict: "not sure" below the model\'s threshold with the top two classes; TTA on by default', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const { info } = await newestModel();
  // The threshold is fitted on the validation split; when the model got
  // every checking photo right it can be 0 (never "not sure").
  assert.ok(info.threshold >= 0 && info.threshold < 1, `the model has a "not sure" threshold (${info.threshold})`);
  await tab('predict');
  assert.equal(await page.getByTestId('tta').isChecked(), true);
  // Real photos and pictures of nothing (plain gradients) the model cannot
  // know. A briefly trained model may still be sure of one of them (a grey
  // once came out 68% "sheep"), so there are several.
  const blankDir = mkdtempSync(join(tmpdir(), 'barnlab-blank-'));
  const blanks = [];
  for (const [i, [from, to]] of [['#777', '#888'], ['#000', '#fff'], ['#2a5', '#25a'], ['#c33', '#ec3'],
    ['#222', '#333'], ['#ddd', '#eee'], ['#963', '#cb9'], ['#369', '#9cf']].entries()) {
    const file = join(blankDir, `nothing-${i}.png`);
    writeFileSync(file, await gradientImage(page, { from, to }));
    blanks.push(file);
  }
  // Two photos of different classes laid over each other, half each: the
  // model sees both animals, the likeliest case for "not sure".
  for (const [i, [a, b]] of [[0, 1], [0, 2], [1, 2]].entries()) {
    const bytes = await page.evaluate(async ([x, y]) => {
      // (no fetch of a data: URL: the app's CSP allows connections to itself only)
      const bitmap = (b64) => createImageBitmap(new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/jpeg' }));
      const [p, q] = [await bitmap(x), await bitmap(y)];
      const c = new OffscreenCanvas(96, 96);
      const g = c.getContext('2d');
      g.drawImage(p, 0, 0, 96, 96);
      g.globalAlpha = 0.5;
      g.drawImage(q, 0, 0, 96, 96);
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    }, [readFileSync(folder.probes[a]).toString('base64'), readFileSync(folder.probes[b]).toString('base64')]);
    const file = join(blankDir, `two-animals-${i}.png`);
    writeFileSync(file, Buffer.from(bytes));
    blanks.push(file);
  }
  await page.getByTestId('predict-input').setInputFiles([...folder.probes, ...blanks]);
  await page.getByTestId('prediction').nth(folder.probes.length + blanks.length - 1).getByTestId('prob').first().waitFor({ timeout: 60_000 });
  const cards = await page.getByTestId('prediction').evaluateAll((els) => els.map((e) => ({
    notSure: !!e.querySelector('[data-testid=not-sure]'),
    unfamiliar: !!e.querySelector('[data-testid=unfamiliar]'),
    headline: e.querySelector('h3').textContent,
    probs: Array.from(e.querySelectorAll('[data-testid=prob]')).map((r) => [r.querySelector('.bar-label').textContent, Number(r.querySelector('.bar-value').dataset.value)]),
  })));
  let notSure = 0;
  for (const c of cards) {
    const [first, second] = c.probs;
    // A photo the model's check flags says so instead (sort.test.mjs checks those words).
    if (c.unfamiliar) {
      assert.match(c.headline, new RegExp(`^This doesn’t look like any of your classes .*Best guess: ${first[0]} `));
      continue;
    }
    // Otherwise "not sure" exactly when the top probability is below the model's threshold.
    assert.equal(c.notSure, first[1] < info.threshold, `${c.headline} (threshold ${info.threshold})`);
    if (c.notSure) {
      notSure++;
      assert.ok(c.headline.includes(first[0]) && c.headline.includes(second[0]), c.headline);
      assert.match(c.headline, /^Not sure: /);
    }
  }
  // The rule above is checked on every card. Whether any card falls below
  // the threshold depends on the briefly trained model (it was once 60-86%
  // sure of every picture of nothing), so the words are checked when one does.
  t.diagnostic(`"not sure": ${notSure} of ${cards.length} (threshold ${info.threshold.toFixed(3)}): ${cards.map((c) => c.headline).join(' | ')}`);
  if (notSure > 0) {
    await page.locator('.prediction.not-sure').first().scrollIntoViewIfNeeded();
    await shot('04-not-sure-en');
    await shot('04-not-sure-en-phone', PHONE);
    await page.getByTestId('lang-select').selectOption('ko');
    assert.match(await page.getByTestId('not-sure').first().textContent(), /^확실하지 않음: .+ 또는 /);
    await shot('04-not-sure-ko');
    await shot('04-not-sure-ko-phone', PHONE);
    await page.getByTestId('lang-select').selectOption('en');
  }
  // TTA off gives other probabilities for an asymmetric photo (the mirror image is no longer averaged in).
  const before = cards[0].probs;
  await page.getByTestId('tta').uncheck();
  await page.getByTestId('predict-input').setInputFiles(folder.probes[0]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=prediction]').length === 1);
  const after = await page.getByTestId('prediction').first().getByTestId('prob').evaluateAll((els) => els.map((r) => [r.querySelector('.bar-label').textContent, Number(r.querySelector('.bar-value').dataset.value)]));
  const diff = Math.max(...after.map(([n, v]) => Math.abs(v - Object.fromEntries(before)[n])));
  assert.ok(diff > 1e-4, `probabilities with and without TTA differ by ${diff}`);
  assert.deepEqual(pageErrors, []);
});
