/// <reference lib="webworker" />
// The service worker: precaches every built asset (the .wasm files too)
// in a versioned cache, serves them offline, and re-wraps each response
// with COOP/COEP (the approach of coi-serviceworker) so the page is
// cross-origin isolated and the threaded engine runs even on a host that
// does not send those headers, and with the app's Content-Security-Policy
// (csp.ts), so it holds offline too. Updates wait until the page says so
// (registerType 'prompt').

import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache } from 'workbox-precaching';
import { contentSecurityPolicy } from './csp';

declare const self: ServiceWorkerGlobalScope;

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function isolated(res: Response): Response {
  if (res.status === 0 || res.type === 'opaque' || res.type === 'opaqueredirect') return res;
  const headers = new Headers(res.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  headers.set('Content-Security-Policy', contentSecurityPolicy);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function respond(request: Request): Promise<Response> {
  // Navigations get the app shell (a single-page app).
  const url = request.mode === 'navigate' ? new URL('index.html', self.registration.scope).href : request.url;
  if (getCacheKeyForURL(url)) {
    const cached = await matchPrecache(url);
    if (cached) return isolated(cached);
  }
  // Not precached (e.g. the sample data): network only.
  return isolated(await fetch(request));
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(respond(event.request));
});
