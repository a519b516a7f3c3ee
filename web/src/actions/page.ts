// The page's own events: whether the browser is online (the header shows an
// indicator, the home screen says samples are unavailable offline), and a
// warning before leaving the page while a model trains.

import { dispatch, getState } from '../store';

export function watchConnectivity(): void {
  const update = () => dispatch({ type: 'online', online: navigator.onLine });
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}

/**
 * The browser asks before a reload or close while training runs, in its own
 * words (browsers ignore a page's text); the Train screen says it in ours.
 */
export function warnBeforeLeaving(): void {
  window.addEventListener('beforeunload', (e) => {
    if (!getState().training.running) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
