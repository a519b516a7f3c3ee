// Checks the production build (run `npm run build` first): the service
// worker precaches every asset, both engine .wasm files and index.html
// included, and isolation headers (COOP/COEP) and the strict
// Content-Security-Policy are set by the preview server and by the service
// worker.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { requireDist, startPreview, webDir } from '../helpers/server.mjs';

const dist = join(webDir, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [relative(dist, p)];
  });
}

function precacheUrls() {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"?url"?\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(urls.length > 0, 'no precache manifest found in dist/sw.js');
  return new Set(urls);
}

test('the service worker precaches index.html and both engine .wasm files', () => {
  requireDist();
  const urls = precacheUrls();
  assert.ok(urls.has('index.html'), 'index.html is not precached');
  const wasm = [...urls].filter((u) => u.endsWith('.wasm'));
  assert.ok(wasm.some((u) => /\/barnlab-mt-[^/]*\.wasm$/.test(u)), `threaded .wasm not precached: ${wasm.join(', ')}`);
  assert.ok(wasm.some((u) => /\/barnlab-(?!mt-)[^/]*\.wasm$/.test(u)), `single-threaded .wasm not precached: ${wasm.join(', ')}`);
});

test('every built asset is precached, the sample data is not', () => {
  const urls = precacheUrls();
  const files = walk(dist).filter((f) => !f.startsWith('samples/') && f !== 'sw.js' && !f.endsWith('.map'));
  const missing = files.filter((f) => !urls.has(f));
  assert.deepEqual(missing, [], `not precached: ${missing.join(', ')}`);
  assert.ok(![...urls].some((u) => u.startsWith('samples/')), 'sample data must not be precached');
});

test('the web manifest has a name and PNG icons that exist', () => {
  const m = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8'));
  assert.equal(m.name, 'Barnlab');
  for (const icon of m.icons) statSync(join(dist, icon.src));
  assert.ok(m.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
});

test('the service worker adds COOP/COEP to the responses it serves', () => {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  assert.match(sw, /Cross-Origin-Opener-Policy/);
  assert.match(sw, /same-origin/);
  assert.match(sw, /Cross-Origin-Embedder-Policy/);
  assert.match(sw, /require-corp/);
});

// The policy the app must be served with (src/csp.ts): no 'unsafe-inline',
// no 'unsafe-eval', nothing from another origin.
const wantCsp = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
};

function checkCsp(header, where) {
  assert.ok(header, `no Content-Security-Policy on ${where}`);
  const got = Object.fromEntries(
    header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]),
  );
  for (const [k, v] of Object.entries(wantCsp)) assert.deepEqual(got[k], v, `${k} on ${where}: ${header}`);
  assert.doesNotMatch(header, /'unsafe-inline'|'unsafe-eval'|\*/, where);
}

test('the service worker adds the Content-Security-Policy to the responses it serves', () => {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  assert.match(sw, /Content-Security-Policy/);
  const policy = /"(default-src [^"]+)"/.exec(sw) ?? /'(default-src [^']+)'/.exec(sw) ?? /`(default-src [^`]+)`/.exec(sw);
  checkCsp(policy?.[1], 'sw.js');
});

let server;
before(async () => {
  server = await startPreview();
});
after(() => server?.stop());

test('the preview server sends COOP/COEP on the page, the service worker and the wasm', async () => {
  const urls = [...precacheUrls()].filter((u) => u === 'index.html' || u.endsWith('.wasm'));
  for (const path of ['', 'sw.js', ...urls]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    assert.equal(res.headers.get('cross-origin-embedder-policy'), 'require-corp', path);
    if (path.endsWith('.wasm')) assert.equal(res.headers.get('content-type'), 'application/wasm', path);
  }
});

test('the preview server sends the strict Content-Security-Policy on the page, the service worker and the wasm', async () => {
  const urls = [...precacheUrls()].filter((u) => u === 'index.html' || u.endsWith('.wasm') || u.endsWith('.js'));
  for (const path of ['', 'sw.js', ...urls]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    checkCsp(res.headers.get('content-security-policy'), path || '/');
  }
});
