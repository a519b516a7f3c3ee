// Scale benchmark (issue 11): a project of N photos imported through the
// folder import, its Photos screen listed, and one epoch trained, in
// headless Chromium against `vite preview` (run `npm run build` first).
// Reports import time, the page's peak JavaScript heap (CDP
// Performance.getMetrics, sampled every 250 ms), the page's peak memory
// with its ArrayBuffers (CDP Runtime.getHeapUsage: used + embedder +
// backing store, every 250 ms; per phase: import, training, backup export)
// and the peak memory of the engine worker
// (performance.measureUserAgentSpecificMemory(), whose breakdown
// attributes the worker's memory, the wasm heap included, to its URL;
// sampled every few seconds). Last, the project's backup is exported
// (time, zip size). A benchmark, not a test: it prints figures and
// asserts nothing.
//
//   node bench/scale.mjs 2700 10000
//
// For N above the 2,700 farm photos, the photos are used again with a JPEG
// comment segment naming the copy, so each file has another SHA-256 (the
// import skips a file it already holds) while the picture is the same.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startPreview, webDir } from '../tests/helpers/server.mjs';
import { setEpochs } from '../tests/helpers/train-form.mjs';

const data = join(webDir, '..', '..', 'shared', 'data', 'farm-animals-6');
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!counts.length) counts.push(2700, 10000);

/** A JPEG with a comment segment (FF FE) after its SOI marker: the same picture, other bytes. */
function withComment(jpeg, text) {
  const body = Buffer.from(text, 'latin1');
  const seg = Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

function makeFolder(n) {
  const root = join(mkdtempSync(join(tmpdir(), 'barnlab-scale-')), 'farm');
  const classes = readdirSync(data).filter((c) => !c.includes('.')).sort();
  const files = classes.flatMap((c) => readdirSync(join(data, c)).sort().map((f) => [c, f]));
  for (const c of classes) mkdirSync(join(root, c), { recursive: true });
  for (let i = 0; i < n; i++) {
    const [c, f] = files[i % files.length];
    const copy = Math.floor(i / files.length);
    const bytes = readFileSync(join(data, c, f));
    const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
    if (copy === 0) writeFileSync(join(root, c, f), bytes);
    else if (isJpeg) writeFileSync(join(root, c, `copy${copy}-${f}`), withComment(bytes, `barnlab scale copy ${copy}`));
  }
  return root;
}

const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;

async function run(n) {
  const folder = makeFolder(n);
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-US', serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let pagePeak = 0;
  let workerPeak = 0;
  // The page's memory with its ArrayBuffers (the JS heap figure leaves them out).
  let pageUaPeak = 0;
  // Runtime.getHeapUsage's total (ArrayBuffers included), per phase.
  const buffersPeak = { import: 0, train: 0, backup: 0 };
  let phase = 'import';
  let sampling = true;
  const heapLoop = (async () => {
    while (sampling) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        pagePeak = Math.max(pagePeak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
        const u = await cdp.send('Runtime.getHeapUsage');
        const total = u.usedSize + (u.embedderHeapUsedSize ?? 0) + (u.backingStorageSize ?? 0);
        if (phase) buffersPeak[phase] = Math.max(buffersPeak[phase], total);
      } catch { /* page busy */ }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const workerLoop = (async () => {
    while (sampling) {
      try {
        const r = await page.evaluate(async () => {
          if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
          const m = await performance.measureUserAgentSpecificMemory();
          let worker = 0;
          let window = 0;
          for (const b of m.breakdown) {
            if (b.attribution.some((a) => /\/worker-[^/]*\.js/.test(a.url ?? ''))) worker += b.bytes;
            else if (b.attribution.some((a) => a.scope === 'Window')) window += b.bytes;
          }
          return { worker, window };
        });
        if (r !== null) {
          workerPeak = Math.max(workerPeak, r.worker);
          pageUaPeak = Math.max(pageUaPeak, r.window);
        }
      } catch { /* navigation */ }
      await new Promise((r) => setTimeout(r, 3000));
    }
  })();
  await page.goto(server.url);
  await page.getByTestId('engine-status').waitFor({ timeout: 120_000 });
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill(`Scale ${n}`);
  await page.getByTestId('ask-ok').click();
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('importing').waitFor({ timeout: 60_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 3_600_000 });
  const importS = (Date.now() - t0) / 1000;
  const stored = await page.evaluate(async () => {
    const db = await new Promise((res) => (indexedDB.open('barnlab').onsuccess = (e) => res(e.target.result)));
    const c = await new Promise((res) => (db.transaction('photos').objectStore('photos').count().onsuccess = (e) => res(e.target.result)));
    db.close();
    return c;
  });
  const importPeak = pagePeak;
  const t1 = Date.now();
  await page.reload();
  await page.getByTestId('thumb').first().waitFor({ timeout: 300_000 });
  const listS = (Date.now() - t1) / 1000;
  await page.getByTestId('tab-train').click();
  await page.getByTestId('preset-fast').click();
  await page.locator('details.advanced summary').click();
  await setEpochs(page, 1);
  phase = 'train';
  const t2 = Date.now();
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  await page.getByTestId('start').waitFor({ timeout: 7_200_000 });
  const trainS = (Date.now() - t2) / 1000;
  const status = await page.getByTestId('train-status').textContent().catch(() => '');
  phase = '';
  await page.getByTestId('project-select').selectOption('');
  const download = page.waitForEvent('download', { timeout: 3_600_000 });
  phase = 'backup';
  const t3 = Date.now();
  await page.getByTestId('backup-project').click();
  const zip = await download;
  const backupS = (Date.now() - t3) / 1000;
  phase = '';
  const zipPath = join(folder, '..', 'backup.zip');
  await zip.saveAs(zipPath);
  const zipBytes = statSync(zipPath).size;
  sampling = false;
  await Promise.all([heapLoop, workerLoop]);
  console.log(
    `scale ${n}: ${stored} photos stored; import ${importS.toFixed(0)} s (${(stored / importS).toFixed(1)} photos/s), ` +
      `page JS heap peak ${mb(importPeak)} during import, ${mb(pagePeak)} overall, page memory with buffers ${pageUaPeak ? mb(pageUaPeak) : 'not measurable'}; list (reload to first tile) ${listS.toFixed(1)} s; ` +
      `1 epoch (Fast) ${trainS.toFixed(0)} s; engine worker memory peak ${workerPeak ? mb(workerPeak) : 'not measurable'}; status "${status}"; ` +
      `page memory with ArrayBuffers (Runtime.getHeapUsage) peak ${mb(buffersPeak.import)} importing, ${mb(buffersPeak.train)} training, ` +
      `${mb(buffersPeak.backup)} exporting the backup (${mb(zipBytes)} zip in ${backupS.toFixed(0)} s)`,
  );
  await browser.close();
  server.stop();
  rmSync(join(folder, '..'), { recursive: true, force: true });
}

console.log(`CPU ${cpus()[0]?.model} x ${cpus().length}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const n of counts) await run(n);
