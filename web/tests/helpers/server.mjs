// Starts `vite preview` on a free localhost port for the build and e2e tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('../../', import.meta.url));

export function requireDist() {
  if (!existsSync(new URL('../../dist/index.html', import.meta.url))) {
    throw new Error('web/dist/ is missing: run `npm run build` first.');
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPreview() {
  requireDist();
  const port = await freePort();
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: webDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return { url, port, stop: () => child.kill('SIGTERM'), log: () => log };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`vite preview did not start:\n${log}`);
}

/**
 * Records every Content-Security-Policy violation in the pages of a
 * Playwright `context` (the `securitypolicyviolation` event, listened to
 * before any page script runs) and in its workers (Chromium's "Refused to
 * ..." console reports, uncaught page errors). A violation inside a worker
 * reaches neither (Chromium throws there, e.g. an EvalError when the engine's
 * glue code needs eval), so `check()` also looks for "Content Security
 * Policy" in the text each open page shows: the app shows a worker's failure
 * to start (the engine badge, a notice). Returns `check()`, to await after
 * each test (`afterEach(() => csp.check())`): it throws listing the
 * violations, then forgets them.
 */
export async function watchCsp(context) {
  const violations = [];
  await context.exposeBinding('__barnlabCspViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
        globalThis.__barnlabCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'an inline use'}${where} ${e.sample}`);
      },
      true,
    );
  });
  const onConsole = (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  };
  const onError = (e) => {
    if (/Content Security Policy/i.test(String(e))) violations.push(String(e));
  };
  context.on('console', onConsole);
  context.on('page', (page) => {
    page.on('worker', (w) => w.on('console', onConsole));
    page.on('pageerror', onError);
  });
  return {
    violations,
    async check() {
      for (const page of context.pages()) {
        const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        const shown = /[^\n]*Content Security Policy[^\n]*/i.exec(text);
        if (shown) violations.push(`shown on ${page.url()}: ${shown[0]}`);
      }
      const found = violations.splice(0);
      if (found.length) throw new Error(`Content-Security-Policy violations:\n${found.join('\n')}`);
    },
  };
}
