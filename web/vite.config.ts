// Vite config: COOP/COEP headers on the dev and preview servers (the
// threaded engine needs SharedArrayBuffer) and the Content-Security-Policy
// (src/csp.ts), the wasm files emitted as
// assets (never inlined), and the PWA built from our own service worker
// (src/sw.ts, injectManifest) so it can add the same headers offline.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy, devContentSecurityPolicy } from './src/csp';

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const previewHeaders = { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy };
const devHeaders = { ...isolationHeaders, 'Content-Security-Policy': devContentSecurityPolicy };

/**
 * Dev server only: serve the engine's files untouched. Vite would otherwise
 * transform them as source modules (it adds an import to Emscripten's
 * classic pthread worker script, which then fails to start).
 */
function rawEngineFiles(): Plugin {
  const dir = fileURLToPath(new URL('./src/engine/wasm/', import.meta.url));
  return {
    name: 'barnlab-raw-engine-files',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // Only plain requests: `?url` / `?import` ones are Vite's own modules.
        const m = /^\/src\/engine\/wasm\/([\w.-]+\.(js|wasm))$/.exec(req.url ?? '');
        const file = m ? dir + m[1] : '';
        if (!m || !existsSync(file)) return next();
        res.setHeader('Content-Type', m[2] === 'wasm' ? 'application/wasm' : 'text/javascript');
        res.setHeader('Content-Length', statSync(file).size);
        for (const [k, v] of Object.entries(devHeaders)) res.setHeader(k, v);
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  server: { headers: devHeaders },
  preview: { headers: previewHeaders },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The engine's JS/wasm must stay files: pthread workers load them by URL.
    assetsInlineLimit: 0,
  },
  plugins: [
    rawEngineFiles(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Barnlab',
        short_name: 'Barnlab',
        description: 'Train your own photo classifier for farm animals, offline, on this device.',
        theme_color: '#2f6b3a',
        background_color: '#f6f3ea',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        // Everything the app needs, the engine's .wasm included, and the
        // Lab's data (small, and every Lab page must work offline); the
        // sample data is fetched on demand instead (see README).
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}', 'lab/**/*.{json,bin,jpg,jpeg}'],
        globIgnores: ['samples/**'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
});
