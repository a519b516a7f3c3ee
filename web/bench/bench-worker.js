// Runs farm-small training steps (../shared/bench/farm-small.md) in a module
// worker, as the app does: 3000 random 64 x 64 images, batch 32, Adam 1e-3.
// Reports the median step time, time to a ready engine and peak wasm memory.
// With `profile: <workload>` it returns the engine's per-layer step profile
// instead (`barnlab bench <workload> --profile`, on wall time in wasm), and
// with `ceiling: true` the throughput of an arithmetic loop on 1 and on
// `threads` threads (G operations/s), the ceiling for the 2-thread speed-up.
self.onmessage = async (event) => {
  const { variant, threads, steps, warmup, images } = event.data;
  try {
    const t0 = performance.now();
    const { default: factory } = await import(`/wasm/${variant}.js`);
    const M = await factory({
      locateFile: (p) => `/wasm/${p}`,
      mainScriptUrlOrBlob: `/wasm/${variant}.js`,
    });
    const readyMs = performance.now() - t0;
    if (event.data.ceiling) {
      // The runtime's own parallel ceiling: an arithmetic loop on 1 and on `threads` threads.
      const one = M.arithmeticThroughput(1), many = M.arithmeticThroughput(threads);
      self.postMessage({ ok: true, variant, threads: M.threads() > 1 ? threads : 1, one, many });
      return;
    }
    M.setThreads(threads);
    if (event.data.profile) {
      // The engine's own step profile (train/step_bench.h) on random inputs.
      const text = M.benchProfile(event.data.profile, steps, warmup);
      self.postMessage({ ok: true, variant, threads: M.threads() > 1 ? threads : 1, profile: text });
      return;
    }
    const e = new M.Engine();
    e.setImageFormat(64, 3);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const px = new Uint8Array(64 * 64 * 4);
    for (let i = 0; i < images; i++) {
      for (let j = 0; j < px.length; j++) px[j] = rand();
      e.addImage(px, 64, 64, 4, i % 5);
    }
    e.createModel('farm-small', '', ['a', 'b', 'c', 'd', 'e'], 64, 0.5);
    e.beginTraining({ epochs: 100, batch: 32, optimizer: 'adam', lr: 1e-3, weightDecay: 0, valShare: 0,
      seed: 1, augment: false, schedule: 'none', patience: 0 });
    const times = [];
    for (let i = 0; i < warmup + steps; i++) {
      const s = performance.now();
      e.trainSteps(1);
      if (i >= warmup) times.push(performance.now() - s);
    }
    e.endTraining();
    times.sort((a, b) => a - b);
    self.postMessage({ ok: true, variant, threads: M.threads() > 1 ? threads : 1, medianMs: times[times.length >> 1],
      readyMs, memoryBytes: M.memoryBytes(), simd: M.simd(), isolated: self.crossOriginIsolated });
    e.delete();
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
