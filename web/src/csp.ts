// The app's Content-Security-Policy, one definition for the preview server,
// the dev server (vite.config.ts) and the service worker (sw.ts), so it holds
// online, offline and on a static host that sends no headers of its own.
//
// Nothing from another origin; scripts only from the app's own files, plus
// 'wasm-unsafe-eval' to compile the engine (the wasm build uses
// -sDYNAMIC_EXECUTION=0, so Embind needs no eval); workers only from the app;
// images also from blob: (photos and thumbnails from IndexedDB) and data:.
// Styles need no 'unsafe-inline': the app sets inline styles only through
// the CSSOM (el.style), which a policy does not restrict.

// One literal string, so the build test can read it in the built sw.js.
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; " +
  "img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/**
 * The dev server only: Vite injects each imported CSS file as a <style>
 * element (hot reload), which needs 'unsafe-inline' there; the built app
 * links its CSS as a file.
 */
export const devContentSecurityPolicy = contentSecurityPolicy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
