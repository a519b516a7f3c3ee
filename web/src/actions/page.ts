// The page's own events: whether the browser is online (the header shows an
// indicator, the home screen says samples are unavailable offline), and a
// warning before leaving the page while a model trains or photos import.

import { dispatch, getState } from '../store';

export function watchConnectivity(): void {
  const update = () => dispatch({ type: 'online', online: navigator.onLine });
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}

/**
 * The browser asks before a reload or close while training runs or photos
 * import, in its own words (browsers ignore a page's text); the Train screen
 * says it in ours, and a cut import is reported at the next start
 * (actions/import-mark.ts).
 */
export function warnBeforeLeaving(): void {
  window.addEventListener('beforeunload', (e) => {
    const s = getState();
    if (!s.training.running && !s.importing) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
