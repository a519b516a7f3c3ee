// `npm --prefix web run bench`: farm-small training steps in headless
// Chromium for the single-threaded and the threaded wasm build, and the
// native CLI's bench in the same run. Prints:
//   farm-small wasm 1 thread: X ms/step
//   farm-small wasm 2 threads: Y ms/step
//   farm-small native 1 thread: Z ms/step
// plus time to a ready engine, peak wasm memory while training 3000 images
// at 64 x 64, and the gzip size of each .wasm. Figures only: nothing fails
// on a slow machine.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const wasmDir = path.join(root, 'web/src/engine/wasm');
const cli = process.env.BARNLAB_CLI ?? path.join(root, 'build/barnlab');
const steps = Number(process.env.BENCH_STEPS ?? 20);
const warmup = 5;
const images = 3000;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x').pathname;
  const file = url.startsWith('/wasm/') ? path.join(wasmDir, url.slice(6))
    : path.join(here, url === '/' ? 'index.html' : url.slice(1));
  if (!file.startsWith(here) && !file.startsWith(wasmDir)) { res.writeHead(403).end(); return; }
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404).end(); return; }
    res.writeHead(200, {
      'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    }).end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const mb = (b) => (b / 1048576).toFixed(1);
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(base);
  const runs = [
    { variant: 'barnlab', threads: 1, label: 'farm-small wasm 1 thread' },
    { variant: 'barnlab-mt', threads: 2, label: 'farm-small wasm 2 threads' },
  ];
  for (const run of runs) {
    const r = await page.evaluate((o) => window.runBench(o), { ...run, steps, warmup, images });
    if (!r.ok) { console.log(`${run.label}: failed: ${r.error}`); continue; }
    console.log(`${run.label}: ${r.medianMs.toFixed(1)} ms/step`);
    console.log(`  ${(32000 / r.medianMs).toFixed(0)} images/s, ${(2.2 / (r.medianMs / 1000)).toFixed(1)} GFLOP/s,`
      + ` engine ready in ${r.readyMs.toFixed(0)} ms, peak wasm memory ${mb(r.memoryBytes)} MB`
      + ` (${images} images at 64 x 64), simd ${r.simd}, cross-origin isolated ${r.isolated}`);
  }
} finally {
  await browser.close();
  server.close();
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
