// A static server for the wasm benchmark and the threads test: this folder
// at /, the wasm build at /wasm/, with COOP/COEP so pages are cross-origin
// isolated and the threaded build can run. Localhost only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const wasmDir = process.env.BARNLAB_WASM_DIR ?? path.resolve(here, '../src/engine/wasm');
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

export async function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    const file = url.startsWith('/wasm/') ? path.join(wasmDir, url.slice(6))
      : path.join(here, url === '/' ? 'index.html' : url.slice(1));
    if (!file.startsWith(here) && !file.startsWith(wasmDir)) { res.writeHead(403).end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, {
        'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }).end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

export const chromiumOptions = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};
