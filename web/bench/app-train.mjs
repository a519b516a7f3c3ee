// The issue-9 target measured in the real app, not part of the test suite:
// all farm photos (../shared/data/farm-animals-6) imported through the
// folder picker of the built app (web/dist, `npm run build` after the wasm
// build) in headless Chromium, one preset chosen (Balanced unless given),
// trained from Start to the end, and the figures printed: the preset the
// engine chose, wall time from Start to the end of training, the app's own
// "took" line, validation accuracy with its interval and the calibration
// the app stored, the CPU and the load average before and after.
//
//   node web/bench/app-train.mjs [balanced|fast|accurate]
//
// Figures only: nothing fails on a slow machine. The tablet viewport and
// English, as a farmer's first run would be.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { storedRecords } from '../tests/helpers/idb.mjs';
import { startPreview, webDir } from '../tests/helpers/server.mjs';

const preset = process.argv[2] ?? 'balanced';
if (!['fast', 'balanced', 'accurate'].includes(preset)) {
  console.error(`unknown preset '${preset}': choose fast, balanced or accurate`);
  process.exit(2);
}
const FARM = resolve(webDir, '..', '..', 'shared', 'data', 'farm-animals-6');
if (!existsSync(FARM)) {
  console.error(`${FARM} is missing: this benchmark needs the farm photos beside the repository`);
  process.exit(2);
}
let photos = 0;
for (const d of readdirSync(FARM, { withFileTypes: true })) if (d.isDirectory()) photos += readdirSync(join(FARM, d.name)).length;

const cpuName = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? cpus()[0]?.model;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`app-train: ${preset} on ${photos} photos; CPU ${cpuName}, ${cpus().length} cores; load average ${load()}`);

const server = await startPreview();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-US', hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', String(e)));
  await page.goto(server.url);
  await page.getByTestId('create-project').waitFor();
  await page.getByTestId('engine-status').waitFor({ timeout: 120_000 });
  await page.getByTestId('create-project').click();
  await page.getByTestId('ask-input').fill('All farm photos');
  await page.getByTestId('ask-ok').click();
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(FARM);
  await page.getByTestId('importing').waitFor({ timeout: 60_000 });
  await page.getByTestId('importing').waitFor({ state: 'detached', timeout: 1_800_000 });
  console.log(`app-train: imported in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await page.getByTestId('tab-train').click();
  await page.getByTestId(`preset-${preset}`).click();
  await page.locator(`[data-testid=preset-${preset}][aria-checked=true]`).waitFor();
  await page.waitForFunction((n) => /on this device/.test(document.querySelector(`[data-testid=preset-time-${n}]`)?.textContent ?? ''), preset, { timeout: 300_000 });
  console.log(`app-train: estimate before Start: ${await page.getByTestId(`preset-time-${preset}`).textContent()}`);
  const started = Date.now();
  await page.getByTestId('start').click();
  await page.getByTestId('stop').waitFor();
  // Progress every minute, so a long run shows it is alive.
  const ticker = setInterval(async () => {
    const s = await page.getByTestId('train-status').textContent().catch(() => '');
    console.log(`app-train: ${((Date.now() - started) / 60000).toFixed(0)} min: ${s}`);
  }, 60_000);
  await page.getByTestId('start').waitFor({ timeout: 3_600_000 });
  clearInterval(ticker);
  const wall = (Date.now() - started) / 1000;
  const status = await page.getByTestId('train-status').textContent();
  const m = (await storedRecords(page, 'models')).sort((a, b) => a.created - b.created).at(-1);
  const ev = m?.evaluation;
  console.log(`app-train: status "${status}"`);
  console.log(`app-train: wall time Start to end ${(wall / 60).toFixed(1)} min (${wall.toFixed(0)} s); load average after ${load()}`);
  if (ev) {
    console.log(`app-train: validation accuracy ${ev.accuracy.toFixed(3)} (95% ${ev.accuracyLow.toFixed(3)}-${ev.accuracyHigh.toFixed(3)}, ${ev.count} photos)`);
    console.log(`app-train: model info ${JSON.stringify(m.info)}`);
  } else {
    console.log('app-train: no evaluation stored: training did not finish');
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.stop();
}
