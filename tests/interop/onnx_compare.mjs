// Runs an ONNX file Barnlab exported with ONNX Runtime (onnxruntime-node from
// web/node_modules) on the pixels Barnlab's predict saw, and compares the
// probabilities with Barnlab's own, within 1e-4.
//
// Usage: node onnx_compare.mjs MODEL.onnx PIXELS PREDICT.json
//   PIXELS: barnlab predict --dump-pixels (N x C x S x S bytes)
//   PREDICT.json: barnlab predict --json of the same photos
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../web/package.json', import.meta.url)));
const ort = require('onnxruntime-node');

const [onnxPath, pixelsPath, jsonPath] = process.argv.slice(2);
const predicted = JSON.parse(readFileSync(jsonPath, 'utf8'));
const bytes = readFileSync(pixelsPath);
const n = predicted.photos.length;
const k = predicted.classes.length;
if (n === 0 || bytes.length % n !== 0) throw new Error(`${bytes.length} pixel bytes for ${n} photos`);

const session = await ort.InferenceSession.create(onnxPath);
const perPhoto = bytes.length / n;
const input = session.inputNames[0];
const meta = session.inputMetadata?.[0];
const dims = meta?.shape ?? [];
const c = Number(dims[1]);
const s = Math.round(Math.sqrt(perPhoto / c));
if (c * s * s !== perPhoto) throw new Error(`cannot read ${perPhoto} bytes a photo as ${c} x S x S`);
const pixels = Float32Array.from(bytes, (b) => b / 255);
const out = await session.run({ [input]: new ort.Tensor('float32', pixels, [n, c, s, s]) });
const probs = out.probabilities.data;
if (probs.length !== n * k) throw new Error(`ONNX gave ${probs.length} values, expected ${n} x ${k}`);
let worst = 0, at = '';
for (let i = 0; i < n; i++) {
  for (let j = 0; j < k; j++) {
    const d = Math.abs(probs[i * k + j] - predicted.photos[i].probabilities[j]);
    if (d > worst) {
      worst = d;
      at = `${predicted.photos[i].photo} class ${predicted.classes[j]}: ONNX ${probs[i * k + j]}, Barnlab ${predicted.photos[i].probabilities[j]}`;
    }
  }
}
if (!(worst <= 1e-4)) {
  console.error(`FAIL: ${onnxPath}: largest difference ${worst} (${at})`);
  process.exit(1);
}
console.log(`onnxruntime ok: ${onnxPath}: ${n} photos x ${k} classes, largest difference ${worst.toExponential(2)}`);
