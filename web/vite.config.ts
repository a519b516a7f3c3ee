// Vite config: COOP/COEP headers on the dev and preview servers (the
// threaded engine needs SharedArrayBuffer), the wasm files emitted as
// assets (never inlined), and the PWA built from our own service worker
// (src/sw.ts, injectManifest) so it can add the same headers offline.

import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The engine's JS/wasm must stay files: pthread workers load them by URL.
    assetsInlineLimit: 0,
  },
  plugins: [
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
        // Everything the app needs, the engine's .wasm included; the sample
        // data is fetched on demand instead (see README).
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
        globIgnores: ['samples/**'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
});
