// The threaded wasm build (-pthread, 2 threads) follows the single-threaded
// build's loss curve step by step with the same seed. Run in headless
// Chromium on a cross-origin-isolated page (Emscripten 3.1.6's pthreads
// cannot start from an ES module under Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(path.join(root, 'web/package.json'))('playwright-core');
const { serve, chromiumOptions } = await import(pathToFileURL(path.join(root, 'web/bench/server.mjs')).href);

test('2 threads give the 1-thread loss curve', async () => {
  const { base, close } = await serve();
  const browser = await chromium.launch(chromiumOptions);
  try {
    const page = await browser.newPage();
    await page.goto(base);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const run = (variant, threads) => page.evaluate(([v, t]) => window.runWorker('/curve-worker.js', { variant: v, threads: t }), [variant, threads]);
    const single = await run('barnlab', 1);
    assert.ok(single.ok, single.error);
    const threaded = await run('barnlab-mt', 2);
    assert.ok(threaded.ok, threaded.error);
    assert.ok(threaded.threads >= 2, `the threaded build sees ${threaded.threads} thread(s)`);
    const a = single.losses, b = threaded.losses;
    assert.equal(b.length, a.length);
    for (let i = 0; i < a.length; i++)
      assert.ok(Math.abs(b[i] - a[i]) <= 1e-4 * Math.max(1, Math.abs(a[i])), `step ${i}: ${b[i]} (2 threads) vs ${a[i]} (1 thread)`);
    assert.ok(a.at(-1) < a[0], `the loss falls: ${a[0]} -> ${a.at(-1)}`);
  } finally {
    await browser.close();
    close();
  }
});
