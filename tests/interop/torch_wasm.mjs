// The app's engine (the wasm module, as the browser runs it) loads a model
// file that PyTorch trained further (tools/barnlab_torch.py) and predicts
// each photo as the native CLI does (within 1e-5).
//
// Usage: node torch_wasm.mjs WASM_DIR MODEL.barnlab CLI_PREDICT.json
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [wasmDir, modelFile, cliJson] = process.argv.slice(2);
const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'barnlab.js')).href);
const m = await factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'barnlab.wasm')) });
const e = new m.Engine();
const cli = JSON.parse(fs.readFileSync(cliJson, 'utf8'));
const info = e.importModel(fs.readFileSync(modelFile));
assert.deepEqual(info.classes, cli.classes);
assert.ok(cli.photos.length > 0, 'the CLI predicted no photo');
let largest = 0;
for (const p of cli.photos) {
  const got = Array.from(e.predictEncoded(fs.readFileSync(p.photo)));
  assert.equal(got.length, p.probabilities.length, p.photo);
  for (let k = 0; k < got.length; k++) largest = Math.max(largest, Math.abs(got[k] - p.probabilities[k]));
}
e.delete();
assert.ok(largest <= 1e-5, `wasm and the CLI differ by ${largest} on the PyTorch-trained model`);
console.log(`torch -> wasm ok: the app's engine predicts the PyTorch-trained model as the CLI does, largest difference ${largest.toExponential(2)}`);
