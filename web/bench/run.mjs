// `npm --prefix web run bench`: farm-small training steps in headless
// Chromium for the single-threaded and the threaded wasm build, and the
// native CLI's bench in the same run. Prints:
//   farm-small wasm 1 thread: X ms/step
//   farm-small wasm 2 threads: Y ms/step
//   farm-small native 1 thread: Z ms/step
// plus the threaded build at 1 thread, the browser's own 2-thread ceiling
// and 2T/1T against it (BENCH_ROUNDS rounds), time to a ready engine, peak wasm memory while training 3000 images
// at 64 x 64, the gzip size of each .wasm, and the per-layer step profile in
// wasm of each workload in BENCH_PROFILE (default farm-small). Figures only: nothing fails
// on a slow machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, wasmDir, chromiumOptions } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = process.env.BARNLAB_CLI ?? path.join(root, 'build/barnlab');
const steps = Number(process.env.BENCH_STEPS ?? 20);
const warmup = 5;
const images = 3000;
// Workloads whose per-layer profile is printed ('' for none).
const profiles = (process.env.BENCH_PROFILE ?? 'farm-small').split(',').filter(Boolean);

const { base, close } = await serve();
const browser = await chromium.launch(chromiumOptions);
const mb = (b) => (b / 1048576).toFixed(1);
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(base);
  const runs = [
    { variant: 'barnlab', threads: 1, label: 'farm-small wasm 1 thread' },
    { variant: 'barnlab-mt', threads: 2, label: 'farm-small wasm 2 threads' },
    { variant: 'barnlab-mt', threads: 1, label: 'farm-small wasm threaded build, 1 thread' },
  ];
  // BENCH_ROUNDS rounds (default 1), each: the three runs, then the ceiling
  // (an arithmetic loop at 1 and 2 threads in the threaded build), so that
  // 2T/1T is judged against what this browser's threads give in the same run.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  for (let round = 1; round <= rounds; round++) {
    const ms = {};
    for (const run of runs) {
      const r = await page.evaluate((o) => window.runWorker('/bench-worker.js', o), { ...run, steps, warmup, images });
      if (!r.ok) { console.log(`${run.label}: failed: ${r.error}`); continue; }
      ms[run.label] = r.medianMs;
      console.log(`${run.label}: ${r.medianMs.toFixed(1)} ms/step`);
      console.log(`  ${(32000 / r.medianMs).toFixed(0)} images/s, ${(2.2 / (r.medianMs / 1000)).toFixed(1)} GFLOP/s,`
        + ` engine ready in ${r.readyMs.toFixed(0)} ms, peak wasm memory ${mb(r.memoryBytes)} MB`
        + ` (${images} images at 64 x 64), simd ${r.simd}, cross-origin isolated ${r.isolated}`);
    }
    const c = await page.evaluate((o) => window.runWorker('/bench-worker.js', o),
      { variant: 'barnlab-mt', threads: 2, ceiling: true });
    if (!c.ok) { console.log(`ceiling: failed: ${c.error}`); continue; }
    const ceiling = c.many / c.one;
    const one = ms[runs[0].label], two = ms[runs[1].label], mtOne = ms[runs[2].label];
    console.log(`round ${round}: ceiling (arithmetic loop, threaded build) ${c.one.toFixed(1)} -> ${c.many.toFixed(1)}`
      + ` G op/s at 1 -> ${c.threads} threads = ${ceiling.toFixed(2)}x`);
    if (one && two && mtOne) {
      console.log(`round ${round}: 2 threads against 1: ${(one / two).toFixed(2)}x (${(100 * (one / two) / ceiling).toFixed(0)}%`
        + ` of the ceiling) against the single-threaded build, ${(mtOne / two).toFixed(2)}x`
        + ` (${(100 * (mtOne / two) / ceiling).toFixed(0)}%) against the threaded build at 1 thread`);
    }
  }
  // The per-layer profile in wasm, 1 thread: the step against its own GEMMs;
  // with BENCH_PROFILE_MT=1 also the threaded build's at 1 and 2 threads
  // (which layers the second thread speeds up).
  const profileRuns = [{ variant: 'barnlab', threads: 1, label: '1 thread' }];
  if (process.env.BENCH_PROFILE_MT === '1') {
    profileRuns.push({ variant: 'barnlab-mt', threads: 1, label: 'threaded build, 1 thread' },
      { variant: 'barnlab-mt', threads: 2, label: 'threaded build, 2 threads' });
  }
  for (const workload of profiles) {
    for (const pr of profileRuns) {
      const r = await page.evaluate((o) => window.runWorker('/bench-worker.js', o),
        { variant: pr.variant, threads: pr.threads, steps: 5, warmup: 1, profile: workload });
      if (!r.ok) { console.log(`${workload} wasm profile: failed: ${r.error}`); continue; }
      console.log(`${workload} wasm profile, ${pr.label} (wall time):`);
      console.log(r.profile.trimEnd().split('\n').map((l) => `  ${l}`).join('\n'));
    }
  }
} finally {
  await browser.close();
  close();
}
if (fs.existsSync(cli)) {
  const out = execFileSync(cli, ['bench', 'farm-small', '--threads', '1', '--steps', String(steps)], { encoding: 'utf8' });
  const m = out.match(/farm-small: ([\d.]+) ms\/step/);
  console.log(`farm-small native 1 thread: ${m ? m[1] : '?'} ms/step`);
} else {
  console.log(`farm-small native 1 thread: not measured (build the CLI: ${cli} is missing)`);
}
for (const f of ['barnlab.wasm', 'barnlab-mt.wasm']) {
  const p = path.join(wasmDir, f);
  if (!fs.existsSync(p)) continue;
  const raw = fs.readFileSync(p);
  console.log(`${f}: ${(raw.length / 1024).toFixed(0)} KB, gzip ${(zlib.gzipSync(raw, { level: 9 }).length / 1024).toFixed(0)} KB`);
}
