// The WebAssembly build under Node's test runner: the bound API trains (an
// MLP solves XOR, a small CNN learns real farm photos), model files cross
// between the native CLI and wasm with the same predictions, and bad bytes
// give an Error while the module stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const wasmDir = process.env.BARNLAB_WASM_DIR ?? path.resolve('web/src/engine/wasm');
const cli = process.env.BARNLAB_CLI ?? path.resolve('build/barnlab');
const farm = path.join(process.env.BARNLAB_SHARED_DATA ?? path.resolve('../shared/data'), 'farm-animals-6');
const tmp = fs.mkdtempSync(path.join(process.env.BARNLAB_TMP ?? '/tmp', 'wasm-test-'));

async function load(name = 'barnlab') {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, `${name}.js`)).href);
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, `${name}.wasm`)) });
}

function photos(cls, n) {
  return fs.readdirSync(path.join(farm, cls)).sort().slice(0, n).map((f) => path.join(farm, cls, f));
}

// An 8 x 8 grey image whose left and right halves are bright for bits a and b.
function xorImage(a, b) {
  const px = new Uint8Array(64);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) px[y * 8 + x] = (x < 4 ? a : b) ? 220 : 30;
  return px;
}

function trainToEnd(engine, config) {
  engine.beginTraining(config);
  const losses = [];
  let last = null;
  for (;;) {
    const r = engine.trainSteps(4);
    losses.push(r.loss);
    if (r.epochEnded) last = r.epochEnded;
    if (r.finished) break;
  }
  return { losses, last };
}

const base = { batch: 8, optimizer: 'adam', lr: 0.01, weightDecay: 0, valShare: 0, seed: 1, augment: false, schedule: 'none', patience: 0 };

test('the module loads and reports its build', async () => {
  const m = await load();
  assert.match(m.version(), /barnlab/);
  assert.equal(m.simd(), true);
});

test('the module reports the engine presets, and each one builds', async () => {
  const m = await load();
  const names = m.architectures();
  assert.ok(Array.isArray(names));
  assert.ok(names.includes('convnet-bn') && names.includes('farm-small'), names.join(', '));
  const e = new m.Engine();
  e.setImageFormat(64, 3);
  for (const arch of names) assert.equal(e.createModel(arch, '', ['a', 'b'], 64, -1).arch, arch);
  e.delete();
});

test('an MLP solves XOR through the bound API', async () => {
  const m = await load();
  const e = new m.Engine();
  e.setImageFormat(8, 1);
  const cases = [[0, 0], [0, 1], [1, 0], [1, 1]];
  for (let r = 0; r < 4; r++) for (const [a, b] of cases) e.addImage(xorImage(a, b), 8, 8, 1, a ^ b);
  const spec = 'input 1 8 8\nflatten\naffine 8 init=xavier\ntanh\naffine classes init=xavier\nsoftmax_loss\n';
  e.createModel('custom', spec, ['same', 'different'], 8, 0);
  const { losses } = trainToEnd(e, { ...base, epochs: 60, lr: 0.05 });
  assert.ok(losses.at(-1) < 0.1, `final loss ${losses.at(-1)}`);
  for (const [a, b] of cases) {
    const p = e.predict(xorImage(a, b), 8, 8, 1);
    assert.equal(p[1] > 0.5, (a ^ b) === 1, `XOR(${a},${b}) -> ${Array.from(p)}`);
  }
  e.delete();
});

test('plans, epoch figures and evaluations keep the d.ts field names', async () => {
  const m = await load();
  assert.match(m.version(), /model format \d+/);
  const e = new m.Engine();
  e.setImageFormat(8, 1);
  for (let r = 0; r < 6; r++) for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]]) e.addImage(xorImage(a, b), 8, 8, 1, a ^ b);
  const info = e.createModel('custom', 'input 1 8 8\nflatten\naffine classes\nsoftmax_loss\n', ['same', 'different'], 8, 0);
  assert.deepEqual(Object.keys(info).sort(), ['arch', 'channels', 'classes', 'epochs', 'oodCheck', 'oodThreshold', 'parameters', 'size', 'summary', 'temperature', 'threshold']);
  assert.equal(info.oodCheck, false);
  assert.deepEqual([info.arch, info.classes, info.size, info.channels, info.epochs, info.parameters],
    ['custom', ['same', 'different'], 8, 1, 0, 130]);
  const plan = e.beginTraining({ ...base, epochs: 1, valShare: 0.5 });
  assert.deepEqual(Object.keys(plan).sort(), ['stepsPerEpoch', 'totalSteps', 'trainCount', 'valCount']);
  assert.deepEqual([plan.trainCount, plan.valCount, plan.stepsPerEpoch, plan.totalSteps], [12, 12, 2, 2]);
  let r = e.trainSteps(1);
  assert.deepEqual(Object.keys(r).sort(),
    ['epoch', 'epochEnded', 'finished', 'imagesPerSecond', 'loss', 'step', 'stoppedEarly', 'totalSteps']);
  assert.deepEqual([r.step, r.totalSteps, r.epoch, r.epochEnded, r.finished, r.stoppedEarly], [1, 2, 1, null, false, false]);
  r = e.trainSteps(1);
  assert.deepEqual(Object.keys(r.epochEnded).sort(), ['epoch', 'trainAcc', 'trainLoss', 'valAcc', 'valLoss']);
  assert.equal(r.epochEnded.epoch, 1);
  assert.equal(r.finished, true);
  const ev = e.evaluate();
  assert.deepEqual(Object.keys(ev).sort(), ['accuracy', 'accuracyHigh', 'accuracyLow', 'confused', 'confusion', 'count',
    'eceAfter', 'eceBefore', 'loss', 'misclassified', 'oodCheck', 'oodFlagged', 'oodThreshold', 'perClass', 'temperature', 'threshold']);
  assert.equal(ev.oodCheck, true);
  assert.ok(ev.oodFlagged >= 0 && ev.oodFlagged <= 0.05);
  assert.ok(ev.accuracyLow <= ev.accuracy && ev.accuracy <= ev.accuracyHigh);
  assert.ok(ev.temperature > 0);
  for (const c of ev.confused) assert.deepEqual(Object.keys(c).sort(), ['actual', 'count', 'predicted']);
  assert.equal(ev.count, 12);
  assert.equal(ev.confusion.flat().reduce((a, b) => a + b), 12);
  assert.deepEqual(ev.perClass.map((c) => c.name), ['same', 'different']);
  assert.deepEqual(Object.keys(ev.perClass[0]).sort(), ['count', 'name', 'precision', 'recall']);
  assert.equal(ev.perClass[0].count + ev.perClass[1].count, 12);
  assert.equal(ev.misclassified.length, ev.confusion[0][1] + ev.confusion[1][0]);
  for (const w of ev.misclassified) {
    assert.deepEqual(Object.keys(w).sort(), ['index', 'label', 'predicted', 'probability']);
    assert.notEqual(w.label, w.predicted);
  }
  e.delete();
});

test('issue 9: presets, the speed probe, calibrated classify with "not sure", saliency', async () => {
  const m = await load();
  assert.deepEqual(m.presets(), ['fast', 'balanced', 'accurate']);
  const p = m.presetConfig('balanced', 120, 6);
  assert.deepEqual(Object.keys(p).sort(), ['arch', 'dropout', 'preset', 'size', 'train']);
  assert.equal(p.arch, 'farm-res');
  assert.deepEqual(Object.keys(p.train).sort(), ['augment', 'augmentation', 'batch', 'epochs', 'labelSmoothing', 'lr',
    'mixup', 'optimizer', 'patience', 'restoreBest', 'schedule', 'seed', 'valShare', 'warmupEpochs', 'weightDecay']);
  assert.ok(m.presetConfig('balanced', 2700, 6).train.epochs < p.train.epochs);
  assert.throws(() => m.presetConfig('quick', 10, 2), /choose fast, balanced or accurate/);
  const e = new m.Engine();
  assert.ok(e.measureStepTime('farm-res', 3, 16, 4, 1) > 0);
  e.setImageFormat(16, 3);
  const img = (top) => {  // bright top or bottom half: mirror images keep their class
    const px = new Uint8Array(16 * 16 * 3);
    for (let i = 0; i < 256; i++) px.fill((i < 128) === top ? 200 : 40, 3 * i, 3 * i + 3);
    return px;
  };
  for (let i = 0; i < 24; i++) e.addImage(img(i % 2 === 0), 16, 16, 3, i % 2);
  e.createModel(p.arch, '', ['top', 'bottom'], 16, p.dropout);
  trainToEnd(e, { ...p.train, epochs: 2, batch: 8, valShare: 0.25 });
  const ev = e.evaluate();
  assert.equal(ev.count, 6);
  assert.equal(e.modelInfo().temperature, ev.temperature);
  const c = e.classify(img(true), 16, 16, 3, true);
  assert.deepEqual(Object.keys(c).sort(), ['distance', 'notSure', 'probabilities', 'top1', 'top2', 'unfamiliar']);
  assert.ok(c.probabilities instanceof Float32Array && c.probabilities.length === 2);
  assert.notEqual(c.top1, c.top2);
  assert.equal(c.notSure, c.probabilities[c.top1] < ev.threshold);
  // The check fitted after training: saturated colour checks look like neither class.
  assert.equal(e.modelInfo().oodCheck, true);
  assert.equal(e.modelInfo().oodThreshold, ev.oodThreshold);
  const checks = new Uint8Array(16 * 16 * 3);
  for (let i = 0; i < 256; i++) checks[3 * i + ((((i % 16) >> 1) + ((i >> 4) >> 1)) % 2 ? 0 : 2)] = 255;
  const odd = e.classify(checks, 16, 16, 3, true);
  assert.equal(odd.unfamiliar, true, `distance ${odd.distance} against ${ev.oodThreshold}`);
  assert.ok(odd.distance > ev.oodThreshold);
  const map = e.saliencyOfImage(0, 1);
  assert.ok(map instanceof Float32Array && map.length === 256);
  assert.equal(Math.max(...map), 1);
  assert.equal(e.saliency(img(false), 16, 16, 3, 0).length, 256);
  assert.throws(() => e.saliencyOfImage(99, 0), /no image number 99/);
  e.delete();
});

test('a small CNN learns a tiny subset of the farm photos', { skip: !fs.existsSync(farm) && 'no farm photos' }, async () => {
  const m = await load();
  const e = new m.Engine();
  e.setImageFormat(32, 3);
  const classes = ['chicken', 'duck', 'pig'];
  classes.forEach((c, k) => photos(c, 40).forEach((f) => e.addEncodedImage(fs.readFileSync(f), k)));
  e.createModel('farm-small', '', classes, 32, 0.5);
  const { last } = trainToEnd(e, { ...base, epochs: 12, lr: 0.001, valShare: 0.25, seed: 5, augment: true });
  const ev = e.evaluate();
  assert.equal(ev.count, 30);
  assert.equal(ev.confusion.length, 3);
  assert.ok(last.valAcc > 0.5, `validation accuracy ${last.valAcc} (chance 0.33)`);
  e.delete();
});

function cliProbs(model, files) {
  const out = execFileSync(cli, ['predict', model, ...files, '--probs'], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => line.split(' ').filter((t) => t.includes('=')).map((t) => Number(t.split('=')[1])));
}

function assertClose(a, b, tol, what) {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

test('a model file moves between the native CLI and wasm with the same predictions',
  { skip: (!fs.existsSync(farm) || !fs.existsSync(cli)) && 'needs the CLI and the farm photos' }, async () => {
  const data = path.join(tmp, 'data');
  for (const c of ['cow', 'sheep']) {
    fs.mkdirSync(path.join(data, c), { recursive: true });
    photos(c, 10).forEach((f) => fs.symlinkSync(f, path.join(data, c, path.basename(f))));
  }
  const nativeModel = path.join(tmp, 'native.barnlab');
  execFileSync(cli, ['train', data, '--arch', 'lenet', '--size', '32', '--epochs', '2', '--batch', '5', '--val', '0.2', '--out', nativeModel]);
  const probes = [...photos('goat', 2), ...photos('cow', 2).slice(1)];
  const native = cliProbs(nativeModel, probes);

  const m = await load();
  const e = new m.Engine();
  const info = e.importModel(fs.readFileSync(nativeModel));
  assert.deepEqual(info.classes, ['cow', 'sheep']);
  probes.forEach((f, i) => assertClose(Array.from(e.predictEncoded(fs.readFileSync(f))), native[i], 1e-5, `native->wasm ${f}`));

  // And back: a model trained in wasm predicts the same with the CLI.
  e.setImageFormat(32, 3);
  ['cow', 'sheep'].forEach((c, k) => photos(c, 10).forEach((f) => e.addEncodedImage(fs.readFileSync(f), k)));
  e.createModel('simple-convnet', '', ['cow', 'sheep'], 32, -1);
  trainToEnd(e, { ...base, epochs: 2, lr: 0.001, valShare: 0.2 });
  const wasmModel = path.join(tmp, 'wasm.barnlab');
  fs.writeFileSync(wasmModel, e.exportModel());
  const back = cliProbs(wasmModel, probes);
  probes.forEach((f, i) => assertClose(back[i], Array.from(e.predictEncoded(fs.readFileSync(f))), 1e-5, `wasm->native ${f}`));
  e.delete();
});

test('corrupt model bytes give an Error and the module stays usable', async () => {
  const m = await load();
  const e = new m.Engine();
  e.setImageFormat(16, 3);
  e.createModel('mlp', '', ['a', 'b'], 16, -1);
  const good = e.exportModel();
  const probe = new Uint8Array(16 * 16 * 3).fill(90);
  const before = Array.from(e.predict(probe, 16, 16, 3));

  const corrupt = good.slice();
  corrupt[Math.floor(corrupt.length / 2)] ^= 0xff;
  assert.throws(() => e.importModel(corrupt), (err) => err instanceof Error && /corrupt/.test(err.message));
  assert.throws(() => e.importModel(good.slice(0, 100)), (err) => err instanceof Error && /truncated/.test(err.message));
  assert.throws(() => e.importModel(new TextEncoder().encode('hello')), (err) => err instanceof Error && /Barnlab/.test(err.message));
  assert.throws(() => e.addEncodedImage(new Uint8Array([1, 2, 3]), 0), (err) => err instanceof Error && /image/.test(err.message));
  assert.throws(() => e.createModel('resnet', '', ['a', 'b'], 16, -1), (err) => err instanceof Error && /choose one of/.test(err.message));
  // The errors a user meets in the app carry the engine's stable code; the others none.
  const codeOf = (f) => { try { f(); } catch (err) { return err.code; } return 'no error'; };
  assert.equal(codeOf(() => e.importModel(corrupt)), 'model-corrupt');
  assert.equal(codeOf(() => e.importModel(good.slice(0, 100))), 'model-truncated');
  assert.equal(codeOf(() => e.importModel(new TextEncoder().encode('hello'))), 'not-model-file');
  assert.equal(codeOf(() => e.createModel('resnet', '', ['a', 'b'], 16, -1)), undefined);
  assert.deepEqual(Array.from(e.predict(probe, 16, 16, 3)), before);
  e.delete();
});
