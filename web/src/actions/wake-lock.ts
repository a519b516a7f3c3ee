// Keeps the screen on while a model trains, where the browser has a Screen
// Wake Lock (a sleeping tablet suspends the page, and with it the
// training). The browser drops the lock when the page is hidden; it is
// taken again when the page is visible and a training still runs.

let wanted = false;
let sentinel: WakeLockSentinel | null = null;

async function acquire(): Promise<void> {
  if (!wanted || sentinel || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
  try {
    const s = await navigator.wakeLock.request('screen');
    if (!wanted) {
      void s.release();
      return;
    }
    sentinel = s;
    s.addEventListener('release', () => {
      if (sentinel === s) sentinel = null;
    });
  } catch {
    // Refused (battery saver, no user activation): training goes on without it.
  }
}

document.addEventListener('visibilitychange', () => void acquire());

/** Holds the screen on from now until `releaseWakeLock`. */
export function holdWakeLock(): void {
  wanted = true;
  void acquire();
}

export function releaseWakeLock(): void {
  wanted = false;
  const s = sentinel;
  sentinel = null;
  void s?.release();
}

/** Whether the screen is held on now (for tests and the about box). */
export function wakeLockHeld(): boolean {
  return sentinel !== null && !sentinel.released;
}
