// Checks that the wasm build's output is in src/engine/wasm/ before a
// build (with --warn: only warns, for the dev server).
import { existsSync } from 'node:fs';

const dir = new URL('../src/engine/wasm/', import.meta.url);
const needed = ['barnlab.js', 'barnlab.wasm', 'barnlab-mt.js', 'barnlab-mt.wasm'];
const missing = needed.filter((f) => !existsSync(new URL(f, dir)));
if (missing.length) {
  const msg =
    `Missing engine files in web/src/engine/wasm/: ${missing.join(', ')}.\n` +
    'Run the wasm build first, from the repository root:\n' +
    '  export NODE_PATH=/usr/share/nodejs && emcmake cmake -S . -B build-wasm -G Ninja && cmake --build build-wasm';
  if (process.argv.includes('--warn')) console.warn(`warning: ${msg}`);
  else {
    console.error(`error: ${msg}`);
    process.exit(1);
  }
}
