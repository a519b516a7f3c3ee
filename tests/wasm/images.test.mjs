// The engine's image store in the wasm build: the worker reserves room for
// every photo of a run before it streams them in, so the pixel buffer never
// grows by copying (which holds the old and the new buffer at once, and wasm
// memory never shrinks). The memory figures are printed, not held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const wasmDir = process.env.BARNLAB_WASM_DIR ?? path.resolve('web/src/engine/wasm');

async function load() {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'barnlab.js')).href);
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'barnlab.wasm')) });
}

const COUNT = 2700;  // the farm photos
const SIZE = 64;     // the Fast preset's size

/** A fresh module (its memory as small as it starts) given COUNT photos, with or without the reservation. */
async function ingest(reserve) {
  const mod = await load();
  const e = new mod.Engine();
  try {
    e.setImageFormat(SIZE, 3);
    const before = mod.memoryBytes();
    if (reserve) e.reserveImages(COUNT);
    const px = new Uint8Array(SIZE * SIZE * 3);
    for (let i = 0; i < COUNT; i++) {
      px.fill(i % 251);
      e.addImage(px, SIZE, SIZE, 3, i % 6);
    }
    return { count: e.imageCount(), capacity: e.imageCapacity(), grew: mod.memoryBytes() - before };
  } finally {
    e.delete();
  }
}

test('2,700 photos go into room reserved once: the buffer never regrows', async (t) => {
  const reserved = await ingest(true);
  const grown = await ingest(false);
  assert.equal(reserved.count, COUNT);
  assert.equal(reserved.capacity, COUNT, 'exactly the room reserved: never regrown');
  assert.ok(grown.capacity > COUNT, 'one at a time, the buffer regrows with room to spare');
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  t.diagnostic(`wasm memory grown by ${COUNT} photos at ${SIZE} px (${mb(COUNT * SIZE * SIZE * 3)} of pixels): ` +
    `${mb(reserved.grew)} reserved first, ${mb(grown.grew)} one at a time`);
});
