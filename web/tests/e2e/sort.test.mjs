// End-to-end, issue 13 "Sort a folder", at the tablet viewport (800 x 1280,
// touch), English and Korean: a model trained on a few farm photos sorts a
// folder of 21 others (one named with a comma, quotes and Hangul, two with
// the same name in different folders), a picture of nothing and a text file
// (unreadable, zipped apart); a run is
// cancelled and keeps what it sorted; the table is filtered and ordered;
// the CSV is checked row by row (RFC 4180 quoting, UTF-8 BOM) and the zip
// is unpacked with fflate (one folder per class and "not sure", every file
// byte-identical to the original). Sorting adds nothing to the project; a
// row's "Add to training" adds one photo. Check a photo: the model carries
// the "looks like none of your classes" check, Results says how many checking
// photos it flags, and a flagged card (colour blocks, usually) says so in
// English and Korean. Run `npm run build` first;
// screenshots go to web/test-results/ (sort-*.png).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { storedRecords } from '../helpers/idb.mjs';
import { gradientImage } from '../helpers/images.mjs';
import { startPreview, webDir } from '../helpers/server.mjs';

const CLASSES = ['chicken', 'cow', 'pig'];
const TRAIN_PER_CLASS = 12;
const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const ODD_NAME = '소, "한우" 1.jpg';
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });

let server, browser, page;
let engineOk = false;
const pageErrors = [];
/** Training folder, the folder to sort (and its files by path inside it), a bigger folder to cancel. */
let trainRoot, sortRoot, cancelRoot;
const sortFiles = new Map();

function folders() {
  const src = join(webDir, 'public', 'samples', 'farm-animals-6');
  const tmp = mkdtempSync(join(tmpdir(), 'barnlab-sort-'));
  trainRoot = join(tmp, 'farm');
  sortRoot = join(tmp, 'new photos');
  cancelRoot = join(tmp, 'many');
  mkdirSync(join(sortRoot, 'barn 2'), { recursive: true });
  mkdirSync(cancelRoot);
  for (const cls of CLASSES) {
    mkdirSync(join(trainRoot, cls), { recursive: true });
    const all = readdirSync(join(src, cls)).sort();
    for (const f of all.slice(0, TRAIN_PER_CLASS)) copyFileSync(join(src, cls, f), join(trainRoot, cls, f));
    // Six unseen photos of each class to sort, and twenty more for the cancelled run.
    for (const f of all.slice(TRAIN_PER_CLASS, TRAIN_PER_CLASS + 6)) copyFileSync(join(src, cls, f), join(sortRoot, f));
    for (const f of all.slice(30, 50)) copyFileSync(join(src, cls, f), join(cancelRoot, `${cls}-${f}`));
  }
  const cow = readdirSync(join(src, 'cow')).sort();
  copyFileSync(join(src, 'cow', cow[20]), join(sortRoot, ODD_NAME));
  // The same name in two folders: the zip numbers the second one.
  copyFileSync(join(src, 'pig', readdirSync(join(src, 'pig')).sort()[20]), join(sortRoot, 'barn 2', 'same.jpg'));
  copyFileSync(join(src, 'chicken', readdirSync(join(src, 'chicken')).sort()[20]), join(sortRoot, 'same.jpg'));
  // A hidden file a folder brings along is left out; any other file that is not a photo is listed as unreadable.
  writeFileSync(join(sortRoot, '.DS_Store'), 'not a photo');
  writeFileSync(join(sortRoot, 'notes.txt'), 'cow 12 limps');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  for (const f of walk(sortRoot)) if (!f.endsWith('.DS_Store')) sortFiles.set(`new photos/${relative(sortRoot, f)}`, readFileSync(f));
}

/** A picture of nothing (a grey gradient) the model cannot know, made by the browser. */
async function blankPhoto() {
  const png = await gradientImage(page);
  writeFileSync(join(sortRoot, 'nothing.png'), png);
  sortFiles.set('new photos/nothing.png', png);
}

/** Saturated colour blocks (seeded), a picture of nothing a farm's model has seen, made by the browser. */
async function blocksImage() {
  const bytes = await page.evaluate(async () => {
    const c = new OffscreenCanvas(96, 96);
    const g = c.getContext('2d');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const colours = ['#ff0000', '#00ff00', '#0000ff', '#ffff00', '#ff00ff', '#00ffff'];
    for (let y = 0; y < 96; y += 12)
      for (let x = 0; x < 96; x += 12) {
        g.fillStyle = colours[Math.floor(next() * colours.length)];
        g.fillRect(x, y, 12, 12);
      }
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  return Buffer.from(bytes);
}

async function shot(name, size = TABLET) {
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `sort-${name}.png`) });
  await page.setViewportSize(TABLET);
}

const tab = (name) => page.getByTestId(`tab-${name}`).click();
const lang = async (l) => {
  await page.getByTestId('lang-select').selectOption(l);
  await page.waitForFunction((x) => document.documentElement.lang === x, l);
};

/** Parses RFC 4180 text (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += '"', i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), field = '';
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), row = [], field = '', i++;
    else field += c;
  }
  assert.equal(field + row.length, '0', 'the CSV ends with CRLF');
  return rows;
}

/** Clicks `testid` and returns the bytes of the file it downloads, and its name. */
async function download(testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

async function csvNow() {
  const { name, bytes } = await download('sort-csv');
  assert.match(name, /\.csv$/);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  return parseCsv(bytes.subarray(3).toString('utf8'));
}

/** The table's rows in the DOM now (the list keeps only those near the screen). */
function domRows() {
  return page.getByTestId('sort-row').evaluateAll((els) => els
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((e) => ({ path: e.dataset.path, answer: e.querySelector('strong').textContent, p: e.querySelector('.sort-prob').dataset.value })));
}

const shownCount = async () => Number((await page.getByTestId('sort-shown').textContent()).match(/(\d+)/)[1]);

before(async () => {
  folders();
  server = await startPreview();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-US', hasTouch: true, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a model to sort with: a farm folder imported and trained briefly', async (t) => {
  await page.goto(server.url);
  await page.getByTestId('create-project').waitFor();
  engineOk = await Promise.race([
    page.getByTestId('engine-status').waitFor({ timeout: 120_000 }).then(() => true),
    page.locator('.badge.error').waitFor({ timeout: 120_000 }).then(() => false),
  ]);
  if (!engineOk) return t.skip('engine module not available');
  await blankPhoto();
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill('Sort herd');
  await page.getByTestId('ask-ok').click();
  await page.getByTestId('folder-input').setInputFiles(trainRoot);
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 180_000 });
  await page.waitForFunction((n) => document.querySelectorAll('#photos img').length >= n, CLASSES.length * TRAIN_PER_CLASS, { timeout: 60_000 });
  await tab('train');
  await page.locator('details.advanced summary').click();
  await page.getByTestId('arch').selectOption('mlp');
  await page.getByTestId('epochs').fill('4');
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  await page.getByTestId('start').waitFor({ timeout: 300_000 });
  assert.equal((await storedRecords(page, 'models')).length, 1);
});

test('check a photo: the model carries the check; a flagged picture says it looks like none of the classes (English, Korean)', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const { info } = (await storedRecords(page, 'models'))[0];
  assert.equal(info.oodCheck, true, 'the trained model carries the check');
  const dir = mkdtempSync(join(tmpdir(), 'barnlab-ood-'));
  const blocks = join(dir, 'blocks.png');
  writeFileSync(blocks, await blocksImage());
  const cow = join(trainRoot, 'cow', readdirSync(join(trainRoot, 'cow')).sort()[0]);
  // Results says how many of the farm's own checking photos the check flags.
  await tab('results');
  assert.match(await page.getByTestId('ood-flagged').textContent(), /^Flagged as looking like none of your classes: \d+ of your \d+ checking photos \(\d+%\)\./);
  await page.getByTestId('ood-flagged').scrollIntoViewIfNeeded();
  await shot('06-results-en');
  await tab('predict');
  await page.getByTestId('predict-input').setInputFiles([cow, blocks]);
  const card = (name) => page.getByTestId('prediction').filter({ hasText: name });
  await card('blocks.png').getByTestId('prob').first().waitFor({ timeout: 60_000 });
  const heads = await page.getByTestId('prediction').evaluateAll((els) => els.map((e) => [e.querySelector('h3').dataset.testid, e.querySelector('h3').textContent]));
  for (const [id, text] of heads) {
    if (id === 'unfamiliar') assert.match(text, /^This doesn’t look like any of your classes \((chicken|cow|pig)(, (chicken|cow|pig)){2}\)\. Best guess: (chicken|cow|pig) \d+\.\d% — check it yourself\.$/);
    else assert.ok(['answer', 'not-sure'].includes(id), `${id}: ${text}`);
  }
  // Whether this briefly trained model (36 photos, 4 epochs, threads) flags the blocks varies from run
  // to run (it did in 3 of 5); the wasm Node test checks the decision on real engine output. The words
  // are checked whenever a card is flagged.
  t.diagnostic(`check a photo: ${heads.map(([id]) => id).join(', ')}`);
  if (heads.some(([id]) => id === 'unfamiliar')) {
    const flagged = page.getByTestId('unfamiliar').first();
    const cardShots = async (name) => {
      await flagged.scrollIntoViewIfNeeded();
      await shot(name);
      await page.setViewportSize(PHONE);
      await flagged.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, `sort-${name}-phone.png`) });
      await page.setViewportSize(TABLET);
    };
    await cardShots('06-unfamiliar-en');
    await lang('ko');
    assert.match(await page.getByTestId('unfamiliar').first().textContent(), /^등록한 어떤 분류\((chicken|cow|pig)(, (chicken|cow|pig)){2}\)와도 닮지 않은 사진입니다\./);
    await cardShots('06-unfamiliar-ko');
    await lang('en');
  }
});

test('sort: a cancelled run keeps what it sorted; a folder is sorted with progress, nothing added to the project', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const photosBefore = (await storedRecords(page, 'photos')).length;
  await tab('predict');
  await page.getByTestId('open-sort').click();
  await page.getByTestId('sort-input').waitFor({ state: 'attached' });
  // Cancel: the run stops after the batch the engine is on.
  await page.getByTestId('sort-folder-input').setInputFiles(cancelRoot);
  await page.getByTestId('sort-progress').waitFor();
  await page.getByTestId('sort-cancel').click();
  await page.getByTestId('sort-progress').waitFor({ state: 'detached', timeout: 60_000 });
  const kept = await shownCount();
  assert.ok(kept > 0 && kept < 60, `cancelled after ${kept} of 60`);
  await page.getByTestId('notice-info').filter({ hasText: `Stopped: ${kept} of 60 photos sorted` }).waitFor();

  // The folder, with long tasks of the page watched while it sorts.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId('sort-folder-input').setInputFiles(sortRoot);
  await page.getByTestId('sort-progress').waitFor();
  await shot('01-progress-en');
  await page.getByTestId('sort-progress').waitFor({ state: 'detached', timeout: 120_000 });
  const took = Date.now() - started;
  const long = await page.evaluate(() => window.__long);
  console.log(`sort: ${sortFiles.size} photos in ${took} ms; page long tasks: ${long.length}, longest ${Math.round(Math.max(0, ...long))} ms`);
  assert.equal(await shownCount(), sortFiles.size);
  assert.equal((await storedRecords(page, 'photos')).length, photosBefore, 'sorting adds no photo to the project');
  await shot('02-table-en');
  await shot('02-table-en-phone', PHONE);
  await page.setViewportSize(PHONE);
  await page.getByTestId('sort-shown').scrollIntoViewIfNeeded();
  await shot('02-rows-en-phone', PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
});

test('sort: the CSV has one row per photo, quoted as RFC 4180; filters and order change the table and the CSV', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const { info } = (await storedRecords(page, 'models'))[0];
  const csv = await csvNow();
  assert.deepEqual(csv[0], ['File', 'Class', 'Probability', 'Status', 'Second class', 'Second probability']);
  const body = csv.slice(1);
  assert.deepEqual(body.map((r) => r[0]).sort(), [...sortFiles.keys()].sort());
  assert.ok(body.some((r) => r[0] === `new photos/${ODD_NAME}`), 'the name with a comma and quotes survives');
  assert.deepEqual(body.filter((r) => r[3] === 'Could not read'), [['new photos/notes.txt', '', '', 'Could not read', '', '']]);
  for (const [, cls, p, status, second, p2] of body.filter((r) => r[3] !== 'Could not read')) {
    assert.ok(info.classes.includes(cls) && info.classes.includes(second) && cls !== second, `${cls} / ${second}`);
    assert.ok(Number(p) >= Number(p2), `${p} >= ${p2}`);
    // Below the threshold "not sure"; above it "not sure" only when the model's check says the photo looks like none of the classes.
    if (Number(p) < info.threshold) assert.equal(status, 'Not sure', `${p} against threshold ${info.threshold}`);
    else assert.ok(status === 'Sure' || info.oodCheck === true, `${p} against threshold ${info.threshold}`);
  }
  // The DOM rows say what the CSV says.
  const byPath = new Map(body.map((r) => [r[0], r]));
  const dom = await domRows();
  assert.ok(dom.length > 0);
  for (const r of dom) {
    const c = byPath.get(r.path);
    assert.equal(r.p, c[2]);
    if (c[3] === 'Could not read') assert.equal(r.answer, 'Could not read');
    else if (c[3] === 'Not sure' && Number(c[2]) >= info.threshold) assert.match(r.answer, new RegExp(`^This doesn’t look like any of your classes \\(.*\\)\\. Best guess: ${c[1]} `));
    else if (c[3] === 'Not sure') assert.match(r.answer, new RegExp(`^(Not sure: ${c[1]} .* or ${c[4]} |This doesn’t look like any of your classes)`));
    else assert.equal(r.answer, c[1]);
  }
  // How many are "not sure" depends on the briefly trained model (often the picture of nothing, sometimes none).
  const notSure = body.filter((r) => r[3] === 'Not sure');
  console.log(`sort: ${notSure.length} of ${body.length} not sure (threshold ${info.threshold.toFixed(3)})`);

  // Filter: "not sure", then the class with the most sure answers.
  await page.getByTestId('sort-filter').selectOption('not-sure');
  assert.equal(await shownCount(), notSure.length);
  assert.deepEqual((await csvNow()).slice(1).map((r) => r[0]).sort(), notSure.map((r) => r[0]).sort());
  await page.getByTestId('sort-filter').selectOption('unreadable');
  assert.equal(await shownCount(), 1);
  assert.deepEqual((await domRows()).map((r) => r.path), ['new photos/notes.txt']);
  const counts = info.classes.map((c) => body.filter((r) => r[1] === c && r[3] === 'Sure').length);
  const top = counts.indexOf(Math.max(...counts));
  await page.getByTestId('sort-filter').selectOption(`class:${top}`);
  assert.equal(await shownCount(), counts[top]);
  for (const r of await domRows()) assert.equal(r.answer, info.classes[top]);
  // Ordered by probability, highest first; again, lowest first.
  await page.getByTestId('sort-filter').selectOption('all');
  await page.getByTestId('sort-by-probability').click();
  const desc = (await domRows()).map((r) => Number(r.p));
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  const ordered = (await csvNow()).slice(1).map((r) => Number(r[2]));
  assert.deepEqual(ordered, [...ordered].sort((a, b) => b - a));
  await page.getByTestId('sort-by-probability').click();
  const asc = (await domRows()).map((r) => Number(r.p));
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await shot('03-ordered-en');
});

test('sort: the zip holds every photo once, in its class folder or "Not sure", byte for byte', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  const { info } = (await storedRecords(page, 'models'))[0];
  const body = (await csvNow()).slice(1);
  const { name, bytes } = await download('sort-zip');
  assert.match(name, /\.zip$/);
  const files = unzipSync(new Uint8Array(bytes));
  const paths = Object.keys(files);
  assert.equal(paths.length, sortFiles.size);
  const folders = new Set(paths.map((p) => p.split('/')[0]));
  for (const f of folders) assert.ok(info.classes.includes(f) || f === 'Not sure' || f === 'Could not read', `folder ${f}`);
  assert.ok(folders.has('Could not read'));
  // Each CSV row's photo is in its folder; the two "same.jpg" are both there, one numbered.
  const left = new Map(Object.entries(files));
  for (const [path, cls, , status] of body) {
    const folder = status === 'Not sure' || status === 'Could not read' ? status : cls;
    // Characters a file system refuses become "_" (sort/zip-plan.ts safeName).
    const base = path.split('/').at(-1).replace(/[\\/:*?"<>|]/g, '_');
    const stem = base.replace(/\.[^.]+$/, '');
    const hit = [...left.keys()].find((k) => k.startsWith(`${folder}/`) && (k === `${folder}/${base}` || k.startsWith(`${folder}/${stem} (`))
      && Buffer.from(left.get(k)).equals(sortFiles.get(path)));
    assert.ok(hit, `${path} (${folder}) is in the zip byte for byte`);
    left.delete(hit);
  }
  assert.equal(left.size, 0);
  assert.ok(paths.some((p) => p.endsWith('/same (2).jpg')) || new Set(paths.filter((p) => p.endsWith('/same.jpg')).map((p) => p.split('/')[0])).size === 2);
});

test('sort in Korean: the table, CSV headings and zip folder; a row added to the training photos; accessible sizes', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await lang('ko');
  assert.match(await page.getByTestId('sort-csv').textContent(), /CSV 내려받기/);
  const csv = await csvNow();
  assert.deepEqual(csv[0], ['파일', '분류', '확률', '상태', '두 번째 분류', '두 번째 확률']);
  assert.ok(csv.slice(1).every((r) => ['확실함', '확실하지 않음', '읽을 수 없음'].includes(r[3])));
  const zip = unzipSync(new Uint8Array((await download('sort-zip')).bytes));
  assert.ok(Object.keys(zip).includes('읽을 수 없음/notes.txt'), 'the extra folders are named in Korean');
  if (csv.slice(1).some((r) => r[3] === '확실하지 않음')) assert.ok(Object.keys(zip).some((p) => p.startsWith('확실하지 않음/')));
  await page.getByTestId('sort-by-name').click();
  await shot('04-table-ko');
  await shot('04-table-ko-phone', PHONE);
  await page.setViewportSize(PHONE);
  await page.getByTestId('sort-shown').scrollIntoViewIfNeeded();
  await shot('04-rows-ko-phone', PHONE);
  const small = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('#sort button, #sort select')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.height && (r.width < 44 || r.height < 44)) out.push(`${el.textContent.trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  });
  assert.deepEqual(small, []);
  // Add one sorted photo to the training photos, as Predict does.
  const before = (await storedRecords(page, 'photos')).length;
  await page.getByTestId('sort-add').first().click();
  await page.getByTestId('photo-view').waitFor();
  await shot('05-add-ko');
  await page.getByTestId('photo-view').getByTestId('photo-class').first().click();
  await page.waitForFunction(async (n) => {
    const db = await new Promise((res) => { const r = indexedDB.open('barnlab'); r.onsuccess = () => res(r.result); });
    const c = await new Promise((res) => { const q = db.transaction('photos').objectStore('photos').count(); q.onsuccess = () => res(q.result); });
    db.close();
    return c === n;
  }, before + 1, { timeout: 30_000 });
  // Back to Predict; the table is still there when Sort opens again.
  await page.getByTestId('sort-back').click();
  await page.getByTestId('open-sort').click();
  assert.equal(await shownCount(), sortFiles.size);
  await lang('en');
  assert.deepEqual(pageErrors, []);
});
