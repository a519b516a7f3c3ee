// The per-step loss curve of a short farm-small training (32 px, augmented,
// dropout) with a fixed seed, for comparing the threaded and the
// single-threaded build.
self.onmessage = async (event) => {
  const { variant, threads } = event.data;
  try {
    const { default: factory } = await import(`/wasm/${variant}.js`);
    const M = await factory({ locateFile: (p) => `/wasm/${p}`, mainScriptUrlOrBlob: `/wasm/${variant}.js` });
    M.setThreads(threads);
    const e = new M.Engine();
    e.setImageFormat(32, 3);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const px = new Uint8Array(40 * 40 * 3);
    for (let i = 0; i < 96; i++) {
      const label = i % 3;
      for (let j = 0; j < px.length; j++) px[j] = (rand() >> 1) + (j % 3 === label ? 100 : 0);
      e.addImage(px, 40, 40, 3, label);
    }
    e.createModel('farm-small', '', ['r', 'g', 'b'], 32, 0.5);
    e.beginTraining({ epochs: 3, batch: 16, optimizer: 'adam', lr: 1e-3, weightDecay: 1e-4, valShare: 0.25,
      seed: 3, augment: true, schedule: 'none', patience: 0 });
    const losses = [];
    for (;;) {
      const r = e.trainSteps(1);
      losses.push(r.loss);
      if (r.finished) break;
    }
    e.delete();
    self.postMessage({ ok: true, losses, threads: M.threads() });
  } catch (err) {
    self.postMessage({ ok: false, error: String((err && err.stack) || err) });
  }
};
