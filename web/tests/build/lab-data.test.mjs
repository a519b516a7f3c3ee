// Checks the Lab's data in the production build (run `npm run build`
// first): every file lab/index.json names is in dist/, has the size it
// claims, and is precached by the service worker (the Lab works offline);
// fashion.bin holds records of 784 pixels + 1 label byte (what
// Lab::set_data reads), a training part then a test part, each in class
// round-robin order so that prefixes are balanced.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireDist, webDir } from '../helpers/server.mjs';

const dist = join(webDir, 'dist');

function precached() {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  return new Set([...sw.matchAll(/"?url"?\s*:\s*"([^"]+)"/g)].map((m) => m[1]));
}

function labIndex() {
  requireDist();
  const p = join(dist, 'lab', 'index.json');
  assert.ok(existsSync(p), 'dist/lab/index.json is missing: scripts/prepare-lab.mjs did not run before vite build');
  return JSON.parse(readFileSync(p, 'utf8'));
}

test('the Lab index and every Lab file are precached', () => {
  const index = labIndex();
  const urls = precached();
  const files = ['lab/index.json'];
  if (index.fashion) files.push(`lab/${index.fashion.file}`);
  if (index.farm) for (const cls of index.farm.classes) for (const f of index.farm.files[cls]) files.push(`lab/farm/${cls}/${f}`);
  const missing = files.filter((f) => !urls.has(f));
  assert.deepEqual(missing, [], `Lab files not precached: ${missing.slice(0, 5).join(', ')}`);
  for (const f of files) assert.ok(statSync(join(dist, f)).size > 0, `${f} is empty`);
});

test('the Lab Fashion-MNIST file holds 785-byte records, train part then test part, class round-robin', (t) => {
  const { fashion } = labIndex();
  if (!fashion) return t.skip('no Fashion-MNIST on this machine');
  const px = fashion.width * fashion.height;
  assert.equal(px, 784);
  assert.equal(fashion.count, fashion.train + fashion.test);
  assert.ok(fashion.count >= 2000, 'the engine side asks for at least 2000 records');
  const data = readFileSync(join(dist, 'lab', fashion.file));
  assert.equal(data.length, fashion.count * (px + 1));
  assert.equal(data.length, fashion.bytes);
  for (let i = 0; i < fashion.count; i++) {
    const k = i < fashion.train ? i : i - fashion.train;
    assert.equal(data[i * (px + 1) + px], k % 10, `label of record ${i}`);
  }
  // Real images, not blank records: the first image of each part has ink.
  for (const r of [0, fashion.train]) assert.ok(data.subarray(r * (px + 1), r * (px + 1) + px).some((v) => v > 100), `record ${r} is blank`);
});

test('the Lab farm photos: every class has photos, JPEG or PNG bytes', (t) => {
  const { farm } = labIndex();
  if (!farm) return t.skip('no farm photos on this machine');
  assert.ok(farm.classes.length >= 2);
  for (const cls of farm.classes) {
    assert.ok(farm.files[cls].length >= 4, `${cls}: too few photos`);
    const head = readFileSync(join(dist, 'lab', 'farm', cls, farm.files[cls][0])).subarray(0, 4);
    const jpeg = head[0] === 0xff && head[1] === 0xd8;
    const png = head.toString('latin1', 1, 4) === 'PNG';
    assert.ok(jpeg || png, `${cls}/${farm.files[cls][0]} is neither JPEG nor PNG`);
  }
});
