// Lab pages 10-18 in the WebAssembly build, as the lab worker calls them:
// the notebook's figures come out the same as natively, data and photos go
// in through setData/addPhoto, errors arrive as JavaScript Errors with the
// engine's message, and the default settings of the training pages finish
// in a time a tablet can wait for (printed as diagnostics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const wasmDir = process.env.BARNLAB_WASM_DIR ?? path.resolve('web/src/engine/wasm');
const farm = path.join(process.env.BARNLAB_SHARED_DATA ?? path.resolve('../shared/data'), 'farm-animals-6');
const fashionDir = '/usr/share/datasets/fashion-mnist';

async function load() {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'barnlab.js')).href);
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'barnlab.wasm')) });
}

// The first n test-split records as setData("fashion") takes them: 784 pixels + 1 label byte.
function fashionRecords(n) {
  const images = zlib.gunzipSync(fs.readFileSync(path.join(fashionDir, 't10k-images-idx3-ubyte.gz')));
  const labels = zlib.gunzipSync(fs.readFileSync(path.join(fashionDir, 't10k-labels-idx1-ubyte.gz')));
  const out = new Uint8Array(n * 785);
  for (let i = 0; i < n; i++) {
    out.set(images.subarray(16 + i * 784, 16 + (i + 1) * 784), i * 785);
    out[i * 785 + 784] = labels[8 + i];
  }
  return out;
}

function run(lab, id, params = '') {
  return JSON.parse(lab.run(id, params));
}

function timed(t, lab, id, params = '') {
  const start = performance.now();
  const r = run(lab, id, params);
  t.diagnostic(`${id}${params ? '?' + params : ''}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return r;
}

const Module = await load();

test('lab 15-18: the convolution example, pooling, the alexnet table and LRN', () => {
  const lab = new Module.Lab();
  try {
    assert.deepEqual(run(lab, 'conv.example').output, [[15, 16], [6, 15]]);
    assert.deepEqual(run(lab, 'conv.example', 'pad=1').output,
      [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]);
    const pool = run(lab, 'pool.grid');
    assert.deepEqual(pool.max, [[2, 3], [4, 2]]);
    assert.deepEqual(pool.argmax, [[[0, 1], [1, 3]], [[3, 1], [2, 3]]]);
    const table = run(lab, 'alexnet.table');
    assert.equal(table.layers[0].params, 32 * 3 * 25 + 32);
    assert.ok(table.layers.some((l) => l.type === 'lrn'));
    const lrn = run(lab, 'lrn.demo', 'input=1,2,3&size=3&alpha=3&k=1&beta=1');
    assert.deepEqual(lrn.s, [6, 15, 14]);
    assert.throws(() => lab.run('conv.example', 'input=1,2;3'), /row 2 has 1 numbers/);
  } finally {
    lab.delete();
  }
});

test('lab 10: the optimizer race gives the native facts', () => {
  const lab = new Module.Lab();
  try {
    const r = run(lab, 'optimizers.paths');
    const by = Object.fromEntries(r.paths.map((p) => [p.name, p]));
    assert.equal(by.sgd.y_sign_flips, 30);
    assert.equal(by.adagrad.y_sign_flips, 0);
    assert.equal(r.closest, 'adagrad');
    assert.ok(Math.abs(by.adagrad.final_distance - 0.1202) < 1e-3);
  } finally {
    lab.delete();
  }
});

test('lab 10-14: Fashion-MNIST pages with their default settings', (t) => {
  const lab = new Module.Lab();
  try {
    assert.throws(() => lab.run('optimizers.mnist', ''), /setData/);
    lab.setData('fashion', fashionRecords(1000));
    const curves = timed(t, lab, 'optimizers.mnist', 'only=adam');
    assert.equal(curves.curves[0].loss.length, 200);
    assert.ok(curves.curves[0].final_loss < curves.curves[0].loss[0]);
    timed(t, lab, 'init.train', 'init=he');
    const bn = timed(t, lab, 'batchnorm.grid', 'only=3');
    assert.ok(bn.runs[0].bn.train_acc.at(-1) > bn.runs[0].plain.train_acc.at(-1));
    const plain = timed(t, lab, 'overfit.train');
    const decay = timed(t, lab, 'overfit.train', 'weight_decay=0.1');
    assert.ok(plain.gap > decay.gap, `gap ${plain.gap} without, ${decay.gap} with weight decay`);
    const trial = timed(t, lab, 'hyper.search', 'only=0');
    assert.equal(trial.trials.length, 1);
  } finally {
    lab.delete();
  }
});

test('lab 16-17: photos, a CNN trained once, a look-only photo looked through', (t) => {
  const lab = new Module.Lab();
  try {
    const classes = ['cow', 'pig', 'sheep'];
    classes.forEach((cls, label) => {
      for (const f of fs.readdirSync(path.join(farm, cls)).sort().slice(0, 20))
        lab.addPhoto(new Uint8Array(fs.readFileSync(path.join(farm, cls, f))), label, cls);
    });
    const own = fs.readdirSync(path.join(farm, 'cow')).sort()[100];
    lab.addPhoto(new Uint8Array(fs.readFileSync(path.join(farm, 'cow', own))), -1, '');
    assert.equal(run(lab, 'pool.photo', 'photo=60').max.w, 32);
    assert.throws(() => lab.run('cnn.look', 'photo=60'), /run cnn.train first/);
    const trained = timed(t, lab, 'cnn.train');
    assert.deepEqual(trained.classes, classes);
    assert.equal(trained.photos, 60);
    const look = timed(t, lab, 'cnn.look', 'photo=60');
    assert.equal(look.trained_on_it, false);
    assert.equal(look.layers.length, 6);
    assert.equal(Math.max(...look.saliency.values), 1);
  } finally {
    lab.delete();
  }
});
