// End-to-end test of the farm's data (issue 11): a database written by
// today's schema with data in it is opened by the app and keeps everything;
// persistent storage is asked for with the first project and the answer,
// usage and quota are shown; an import that hits a small quota (Chromium's
// Storage.overrideQuotaForOrigin over CDP) stops with a message and leaves
// the project exactly as it was; a project is backed up as one zip, deleted,
// and restored with identical photos, labels and model and an equal
// prediction, while a file that is not a zip, a foreign zip, a newer
// version, a damaged and a truncated backup are each refused and change
// nothing. Every page runs under the strict CSP and must report no
// violation. Run `npm run build` first. Screenshots: test-results/data-*.png.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { holdStore, storedRecords } from '../helpers/idb.mjs';
import { startPreview, watchCsp, webDir } from '../helpers/server.mjs';
import { setEpochs } from '../helpers/train-form.mjs';

const TABLET = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const shots = join(webDir, 'test-results');
mkdirSync(shots, { recursive: true });
const samples = join(webDir, 'public', 'samples', 'farm-animals-6');

let server, browser, context, page, csp, tmp;
let engineOk = false;
const pageErrors = [];

/** A folder of `per` photos of each class, starting at the `from`-th file of the sample class. */
function folder(name, classes, per, from = 0) {
  if (!existsSync(samples)) throw new Error('public/samples/farm-animals-6 missing: run `node scripts/prepare-samples.mjs`');
  const root = join(tmp, name);
  for (const cls of classes) {
    mkdirSync(join(root, cls), { recursive: true });
    for (const f of readdirSync(join(samples, cls)).sort().slice(from, from + per)) copyFileSync(join(samples, cls, f), join(root, cls, f));
  }
  return root;
}

async function shot(name, size = TABLET) {
  await page.setViewportSize(size);
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(shots, `data-${name}.png`) });
  await page.setViewportSize(TABLET);
}

/** Every record of the app's database with a SHA-256 for each binary field (image, thumb, bytes), read in the page. */
function snapshot() {
  return page.evaluate(async () => {
    const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('barnlab');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const out = {};
    for (const name of ['projects', 'photos', 'models', 'runs']) {
      const all = await new Promise((res) => {
        const q = db.transaction(name).objectStore(name).getAll();
        q.onsuccess = () => res(q.result);
      });
      out[name] = [];
      for (const rec of all) {
        const r = { ...rec };
        for (const k of ['image', 'thumb']) if (r[k]) r[k] = `${r[k].type} ${await hex(await r[k].arrayBuffer())}`;
        if (r.bytes) r.bytes = await hex(r.bytes);
        if (r.saliency) r.saliency = await Promise.all(r.saliency.map(async (s) => ({ ...s, map: await hex(s.map) })));
        out[name].push(r);
      }
    }
    db.close();
    return out;
  });
}

async function probabilities() {
  const first = page.getByTestId('prediction').first();
  await first.getByTestId('prob').first().waitFor({ timeout: 60_000 });
  const rows = await first.getByTestId('prob').evaluateAll((els) => els.map((e) => [e.querySelector('.bar-label').textContent, Number(e.querySelector('.bar-value').dataset.value)]));
  return Object.fromEntries(rows);
}

async function newContext() {
  context = await browser.newContext({ viewport: TABLET, locale: 'en-US', hasTouch: true, acceptDownloads: true, serviceWorkers: 'block' });
  csp = await watchCsp(context);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'barnlab-data-'));
  server = await startPreview();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

// Every scenario fails on a Content-Security-Policy violation.
afterEach(() => csp?.check());

after(async () => {
  await browser?.close();
  server?.stop();
});

test("a database written by today's schema, with data in it, is opened and upgraded by the app with everything kept", async () => {
  await newContext();
  // Another page of the same origin writes the database as schema version 1 did.
  await page.goto(`${server.url}icons/icon.svg`);
  const jpeg = [...readFileSync(join(samples, 'cow', readdirSync(join(samples, 'cow')).sort()[0]))];
  const written = await page.evaluate(async (bytes) => {
    const image = new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('barnlab', 1);
      r.onupgradeneeded = () => {
        const d = r.result;
        d.createObjectStore('projects', { keyPath: 'id' });
        d.createObjectStore('photos', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('models', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('runs', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('meta');
      };
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const settings = { preset: 'fast', arch: 'convnet-bn', size: 64, epochs: 3, batch: 16, lr: 0.001, optimizer: 'adam', valShare: 0.2, augment: true, dropout: 0.3 };
    const recs = {
      projects: [{ id: 'p-old', name: 'Old herd', created: 1700000000000, classes: [{ id: 'c1', name: 'cow' }, { id: 'c2', name: 'pig' }], settings }],
      photos: [
        { id: 'ph1', projectId: 'p-old', classId: 'c1', name: 'cow-1.jpg', image, thumb: image, width: 256, height: 192, added: 1700000000001, hash: 'aa11' },
        { id: 'ph2', projectId: 'p-old', classId: 'c2', name: 'pig-1.jpg', image, thumb: image, width: 256, height: 192, added: 1700000000002 },
      ],
      runs: [{ id: 'r1', projectId: 'p-old', started: 1700000000003, settings, end: 'stopped', message: '', history: [{ epoch: 1, loss: 0.9, trainAccuracy: 0.5, valAccuracy: 0.4 }] }],
    };
    const tx = db.transaction(['projects', 'photos', 'runs', 'meta'], 'readwrite');
    for (const [store, list] of Object.entries(recs)) for (const r of list) tx.objectStore(store).put(r);
    tx.objectStore('meta').put('p-old', 'currentProject');
    tx.objectStore('meta').put('en', 'lang');
    await new Promise((res) => (tx.oncomplete = res));
    db.close();
    return { ...recs, photos: recs.photos.map(({ image: _i, thumb: _t, ...m }) => m) };
  }, jpeg);
  // The app opens it at its own version and finds the project open where it was left.
  await page.goto(server.url);
  await page.getByTestId('class-cow').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=class-pig] .count').filter({ hasText: '1 photo' }).waitFor();
  assert.deepEqual(await storedRecords(page, 'projects'), written.projects);
  assert.deepEqual((await storedRecords(page, 'photos')).sort((a, b) => a.added - b.added), written.photos);
  assert.deepEqual(await storedRecords(page, 'runs'), written.runs);
  const version = await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'barnlab')?.version);
  const appVersion = Number(/DB_VERSION = (\d+)/.exec(readFileSync(join(webDir, 'src', 'db.ts'), 'utf8'))?.[1]);
  assert.equal(version, appVersion, 'the database is at the app schema version');
  // The stored image is the one written.
  const size = await page.evaluate(async () => {
    const db = await new Promise((res) => (indexedDB.open('barnlab').onsuccess = (e) => res(e.target.result)));
    const rec = await new Promise((res) => (db.transaction('photos').objectStore('photos').get('ph1').onsuccess = (e) => res(e.target.result)));
    db.close();
    return rec.image.size;
  });
  assert.equal(size, jpeg.length);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

let projectName = 'Backup herd';
let beforeBackup, predicted, backupFile;
const probe = () => join(samples, 'cow', readdirSync(join(samples, 'cow')).sort().at(-1));

test('an import that fills the quota stops with a message and leaves the project exactly as it was', async () => {
  // A device with little room: Chromium applies an overridden quota to a database opened after it is set.
  const main = { context, page, csp };
  await newContext();
  const cdp = await context.newCDPSession(page);
  const origin = new URL(server.url).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 500_000 });
  await page.goto(server.url);
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill('Full disk');
  await page.getByTestId('ask-ok').click();
  await page.getByTestId('folder-input').setInputFiles(folder('first-small', ['cow', 'pig', 'sheep'], 4));
  await page.locator('[data-testid=class-sheep] .count').filter({ hasText: '4 photos' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 120_000 });
  const was = await snapshot();
  assert.equal(was.photos.length, 12);
  // Not room for 160 more (~900 kB: each stored photo is ~5 kB with its thumbnail).
  const big = folder('second', ['cow', 'pig', 'sheep', 'duck'], 40, 8);
  await page.getByTestId('folder-input').setInputFiles(big);
  await page.getByTestId('map-ok').click();
  const full = page.getByTestId('notice-error').filter({ hasText: /storage is full: nothing from this import was kept/ });
  await full.waitFor({ timeout: 120_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 60_000 });
  assert.deepEqual(await snapshot(), was, 'the database is as before the import');
  assert.equal(await page.getByTestId('class-duck').count(), 0, 'the class the import made is gone');
  await page.locator('[data-testid=class-cow] .count').filter({ hasText: '4 photos' }).waitFor();
  await shot('02-full-en');
  await shot('02-full-en-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('ko');
  await page.getByTestId('folder-input').setInputFiles(big);
  await page.getByTestId('map-ok').click();
  await page.getByTestId('notice-error').filter({ hasText: /기기 저장 공간이 가득 찼습니다/ }).waitFor({ timeout: 120_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 60_000 });
  await shot('02-full-ko');
  await shot('02-full-ko-phone', PHONE);
  assert.deepEqual(await snapshot(), was, 'the database is as before the second import');
  await cdp.detach();
  assert.deepEqual(pageErrors, []);
  await csp.check();
  await context.close();
  ({ context, page, csp } = main);
});

test('storage: persistence asked with the first project and its answer shown, usage and quota shown', async () => {
  await newContext();
  await page.goto(server.url);
  await page.getByTestId('create-project').waitFor();
  engineOk = await Promise.race([
    page.getByTestId('engine-status').waitFor({ timeout: 90_000 }).then(() => true),
    page.locator('.badge.error').waitFor({ timeout: 90_000 }).then(() => false),
  ]);
  await page.getByTestId('storage-usage').filter({ hasText: /Barnlab uses .+ of the .+ this browser allows/ }).waitFor();
  assert.equal(await page.getByTestId('storage-not-kept').count(), 1, 'not asked yet: not kept');
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill(projectName);
  await page.getByTestId('ask-ok').click();
  const answer = page.locator('[data-testid^=notice-]').filter({ hasText: /The browser (will keep your photos|did not promise to keep)/ });
  await answer.waitFor();
  const granted = await page.evaluate(() => navigator.storage.persisted());
  assert.match(await answer.textContent(), granted ? /will keep/ : /did not promise/);
  await page.getByTestId('folder-input').setInputFiles(folder('first', ['cow', 'pig', 'sheep'], 8));
  await page.locator('[data-testid=class-sheep] .count').filter({ hasText: '8 photos' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 120_000 });
  await page.getByTestId('project-select').selectOption('');
  await page.getByTestId(granted ? 'storage-kept' : 'storage-not-kept').waitFor();
  await page.getByTestId('your-data').scrollIntoViewIfNeeded();
  await shot('01-your-data-en');
  await shot('01-your-data-en-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('ko');
  assert.match(await page.getByTestId('storage-usage').textContent(), /Barnlab은 이 기기에서 브라우저가 허용하는 .+ 중 .+를 쓰고 있습니다/);
  await shot('01-your-data-ko');
  await shot('01-your-data-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');
});

test('train one epoch and predict, for the backup to carry a model', async (t) => {
  if (!engineOk) return t.skip('engine module not available');
  await page.getByTestId('project-select').selectOption((await storedRecords(page, 'projects'))[0].id);
  await page.getByTestId('tab-train').click();
  await page.getByTestId('preset-fast').click();
  await page.locator('details.advanced summary').click();
  await page.locator('details.advanced[open]').waitFor();
  await setEpochs(page, 1);
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  // A slow disk: the model's write waits. Until it is stored the run is "saving": no Start,
  // and Predict and Results wait for the new model instead of showing the old one or none.
  const release = await holdStore(page, 'models');
  await page.getByTestId('saving').waitFor({ timeout: 300_000 });
  assert.match(await page.getByTestId('train-status').textContent(), /^Saving the model… · /);
  assert.equal(await page.getByTestId('start').count(), 0);
  // Training is over: leaving now may lose the model being saved (not "stops the training").
  assert.match(await page.getByTestId('leave-note').textContent(), /may lose it/);
  await shot('02-saving-en');
  await shot('02-saving-en-phone', PHONE);
  await page.getByTestId('tab-predict').click();
  await page.getByTestId('saving-model').waitFor();
  await page.getByTestId('lang-select').selectOption('ko');
  await shot('02-saving-predict-ko');
  await shot('02-saving-predict-ko-phone', PHONE);
  await page.getByTestId('tab-train').click();
  assert.match(await page.getByTestId('leave-note').textContent(), /잃을 수/);
  await shot('02-saving-ko');
  await page.getByTestId('lang-select').selectOption('en');
  await release();
  await page.getByTestId('start').waitFor({ timeout: 60_000 });
  assert.equal((await storedRecords(page, 'models')).length, 1);
  await page.getByTestId('tab-predict').click();
  await page.getByTestId('predict-input').setInputFiles(probe());
  predicted = await probabilities();
});

test('back up a project as one zip, delete it; broken or foreign files are refused and change nothing; the backup restores it whole', async () => {
  beforeBackup = await snapshot();
  await page.getByTestId('project-select').selectOption('');
  const download = page.waitForEvent('download');
  await page.getByTestId('backup-project').click();
  const d = await download;
  assert.match(d.suggestedFilename(), /^Backup-herd-\d{4}-\d\d-\d\d\.barnlab\.zip$/);
  backupFile = join(tmp, d.suggestedFilename());
  await d.saveAs(backupFile);
  await page.getByTestId('notice-success').filter({ hasText: /backup of “Backup herd” is in your downloads/i }).waitFor();
  // What is in it: a manifest with a version, the app version, a SHA-256 per file and a total.
  const bytes = readFileSync(backupFile);
  const files = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  assert.equal(manifest.format, 'barnlab-project');
  assert.equal(manifest.version, 1);
  assert.match(manifest.app, /^\d+\.\d+\.\d+$/);
  assert.match(manifest.total, /^[0-9a-f]{64}$/);
  const photos = beforeBackup.photos.length;
  assert.equal(Object.keys(manifest.files).filter((f) => f.startsWith('photos/')).length, photos);
  assert.equal(Object.keys(manifest.files).filter((f) => f.startsWith('models/')).length, beforeBackup.models.length);

  // Delete the project.
  const id = beforeBackup.projects[0].id;
  await page.getByTestId('project-select').selectOption(id);
  await page.getByTestId('delete-project').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('create-project').waitFor();
  const empty = await snapshot();
  assert.deepEqual(empty, { projects: [], photos: [], models: [], runs: [] });

  // Refused files: each says why and changes nothing.
  const rezip = (edit) => {
    const f = unzipSync(bytes);
    edit(f);
    return Buffer.from(zipSync(f, { level: 0 }));
  };
  const photoPath = Object.keys(manifest.files).find((f) => f.startsWith('photos/'));
  const bad = {
    'not-a-zip.zip': [readFileSync(probe()), /not a Barnlab backup \(not a \.zip file\)/],
    'foreign.zip': [Buffer.from(zipSync({ 'notes.txt': strToU8('hello') })), /not a Barnlab project backup/],
    'newer.barnlab.zip': [rezip((f) => (f['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version: 99 })))), /newer version of Barnlab/],
    'damaged.barnlab.zip': [rezip((f) => (f[photoPath][100] ^= 0xff)), /damaged or incomplete/],
    'truncated.barnlab.zip': [bytes.subarray(0, Math.floor(bytes.length * 0.6)), /damaged or incomplete/],
  };
  for (const [name, [content, message]] of Object.entries(bad)) {
    writeFileSync(join(tmp, name), content);
    await page.getByTestId('backup-input').setInputFiles(join(tmp, name));
    const notice = page.getByTestId('notice-error').filter({ hasText: `“${name}” was not restored; nothing changed.` });
    await notice.waitFor();
    assert.match(await notice.textContent(), message, name);
    assert.deepEqual(await snapshot(), empty, `${name} changed nothing`);
  }
  await shot('03-refused-en');
  await page.getByTestId('lang-select').selectOption('ko');
  await page.getByTestId('backup-input').setInputFiles(join(tmp, 'damaged.barnlab.zip'));
  await page.getByTestId('notice-error').filter({ hasText: /손상되었거나/ }).first().waitFor();
  await shot('03-refused-ko');
  await shot('03-refused-ko-phone', PHONE);
  await page.getByTestId('lang-select').selectOption('en');

  // The real backup: a new project with the same photos, labels, model and runs.
  await page.getByTestId('backup-input').setInputFiles(backupFile);
  await page.getByTestId('notice-success').filter({ hasText: `Restored “${projectName}”: ${photos} photos, ${beforeBackup.models.length === 1 ? '1 model' : `${beforeBackup.models.length} models`}.` }).waitFor({ timeout: 60_000 });
  await page.getByTestId('tab-photos').waitFor();
  const after = await snapshot();
  const [p0] = beforeBackup.projects;
  const [p1] = after.projects;
  assert.notEqual(p1.id, p0.id);
  assert.deepEqual({ ...p1, id: 0, modelId: 0 }, { ...p0, id: 0, modelId: 0 });
  // Photos by content: the same image, thumbnail, name and class (labels) for each.
  const key = (ph) => ({ ...ph, id: 0, projectId: 0 });
  const byAdded = (a, b) => a.added - b.added;
  assert.deepEqual(after.photos.sort(byAdded).map(key), beforeBackup.photos.sort(byAdded).map(key));
  const photoIdMap = new Map(beforeBackup.photos.map((ph, i) => [ph.id, after.photos[i].id]));
  assert.equal(after.models.length, beforeBackup.models.length);
  for (const [i, m] of beforeBackup.models.entries()) {
    const r = after.models[i];
    assert.equal(r.bytes, m.bytes, 'the model file is identical');
    assert.deepEqual({ ...r, id: 0, projectId: 0, photoIds: 0 }, { ...m, id: 0, projectId: 0, photoIds: 0 });
    assert.deepEqual(r.photoIds, m.photoIds.map((pid) => photoIdMap.get(pid)));
  }
  if (p0.modelId) assert.equal(p1.modelId, after.models.find((m) => m.bytes === beforeBackup.models.find((x) => x.id === p0.modelId).bytes).id);
  assert.deepEqual(after.runs.map((r) => ({ ...r, id: 0, projectId: 0 })), beforeBackup.runs.map((r) => ({ ...r, id: 0, projectId: 0 })));
  if (predicted) {
    await page.getByTestId('tab-predict').click();
    await page.getByTestId('predict-input').setInputFiles(probe());
    assert.deepEqual(await probabilities(), predicted, 'the restored model predicts the same');
  }
  await page.getByTestId('project-select').selectOption('');
  await page.getByTestId('your-data').scrollIntoViewIfNeeded();
  await shot('04-restored-en');
  assert.deepEqual(pageErrors, []);
});
