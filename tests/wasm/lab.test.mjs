// The learning lab through the WebAssembly build (class Lab of
// wasm/lab_bindings.cpp), as the web app's lab worker calls it: JSON results
// of a few pages, a bad setting as a JavaScript Error with the engine's
// message (the Lab stays usable), the stateful playground, and data input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const wasmDir = process.env.BARNLAB_WASM_DIR ?? path.resolve('web/src/engine/wasm');
const farm = path.join(process.env.BARNLAB_SHARED_DATA ?? path.resolve('../shared/data'), 'farm-animals-6');

async function load() {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'barnlab.js')).href);
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'barnlab.wasm')) });
}

test('lab pages compute their key figures in wasm', async () => {
  const m = await load();
  const lab = new m.Lab();
  try {
    const ids = JSON.parse(lab.run('lab.ids', '')).ids;
    for (const id of ['perceptron.gate', 'mlp2d.start', 'gd.path', 'backprop.net', 'layers.show']) {
      assert.ok(ids.includes(id), id);
    }

    const gd = JSON.parse(lab.run('gd.path', 'lr=0.1&steps=100'));
    assert.deepEqual(gd.path[0], [-3, 4]);
    assert.ok(Math.abs(gd.final[0]) < 1e-8 && Math.abs(gd.final[1]) < 1e-8);
    assert.equal(JSON.parse(lab.run('gd.path', 'lr=10')).diverged, true);
    assert.equal(JSON.parse(lab.run('gd.path', 'lr=1e-10')).moved, false);

    const loss = JSON.parse(lab.run('loss.compare', ''));
    assert.ok(Math.abs(loss.book.y1.mse - 0.0975) < 1e-6);
    assert.ok(Math.abs(loss.book.y2.ce - 2.3026) < 1e-4);

    const soft = JSON.parse(lab.run('activation.softmax', 'v=1010,1000,990'));
    assert.ok(soft.softmax.every(Number.isFinite));
    assert.equal(soft.naive[0], null);

    const bp = JSON.parse(lab.run('backprop.net', ''));
    assert.equal(bp.grads.length, 14);
    assert.ok(bp.max_difference < 1e-6, `max difference ${bp.max_difference}`);

    const xor = JSON.parse(lab.run('perceptron.xor', ''));
    assert.deepEqual(xor.and, xor.targets);
    assert.equal(xor.single.converged, false);
  } finally {
    lab.delete();
  }
});

test('point sets are the same as natively (tests/engine/test_lab_mlp.cpp pins the same values)', async () => {
  const m = await load();
  const lab = new m.Lab();
  try {
    const close = (a, b) => Math.abs(a - b) <= 1e-5 * Math.abs(b);
    const x = JSON.parse(lab.run('mlp2d.data', 'data=xor&n=20&noise=0.5&seed=3')).points;
    const s = JSON.parse(lab.run('mlp2d.data', 'data=spirals&n=20&noise=0.5&seed=3')).points;
    assert.ok(close(x[0][0], 1.015038) && close(x[1][1], 0.30165407), JSON.stringify(x.slice(0, 2)));
    assert.ok(close(s[0][0], 0.17067465) && close(s[1][0], -0.97381616), JSON.stringify(s.slice(0, 2)));
  } finally {
    lab.delete();
  }
});

test('a bad setting is an Error naming the key; the Lab stays usable', async () => {
  const m = await load();
  const lab = new m.Lab();
  try {
    assert.throws(() => lab.run('gd.path', 'lr=500'),
      (e) => e instanceof Error && /lr=500 is out of range: use a number from 1e-12 to 100/.test(e.message));
    assert.throws(() => lab.run('gd.path', 'lrr=1'), /unknown setting lrr/);
    assert.throws(() => lab.run('no.such', ''), /the experiments are/);
    assert.throws(() => lab.run('mlp2d.step', ''), /run mlp2d.start first/);
    assert.ok(JSON.parse(lab.run('gd.path', 'lr=0.2')).path.length > 1);
  } finally {
    lab.delete();
  }
});

test('the MLP playground trains between calls and is reproducible', async () => {
  const m = await load();
  const run = () => {
    const lab = new m.Lab();
    try {
      const s = JSON.parse(lab.run('mlp2d.start', 'data=xor&n=200&noise=0&grid=10&seed=1'));
      assert.equal(s.grid.p.length, 100);
      assert.equal(s.points.length, 200);
      return JSON.parse(lab.run('mlp2d.step', 'epochs=40'));
    } finally {
      lab.delete();
    }
  };
  const a = run();
  const b = run();
  assert.ok(a.accuracy >= 0.97, `accuracy ${a.accuracy}`);
  assert.equal(a.loss, b.loss);
});

test('data: fashion records and farm photos', async () => {
  const m = await load();
  const lab = new m.Lab();
  try {
    assert.throws(() => lab.setData('fashion', new Uint8Array(100)), /784 pixels \+ 1 label/);
    lab.setData('fashion', new Uint8Array(785 * 3));
    assert.throws(() => lab.addPhoto(new Uint8Array([1, 2, 3]), 0, 'cow'), /not a readable image/);
    const cls = fs.readdirSync(farm, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()[0];
    const file = fs.readdirSync(path.join(farm, cls)).sort()[0];
    lab.addPhoto(new Uint8Array(fs.readFileSync(path.join(farm, cls, file))), 0, cls);
    assert.equal(lab.photoCount(), 1);
    lab.clearPhotos();
    assert.equal(lab.photoCount(), 0);
  } finally {
    lab.delete();
  }
});
