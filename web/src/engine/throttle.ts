// Rate limiting for progress events, and the time-left estimate. Pure
// functions of the time passed in, so tests drive them without timers.

/** Lets an event through at most once per `intervalMs`, unless forced. */
export class Throttle {
  private last = -Infinity;
  constructor(private readonly intervalMs = 100) {}

  /** True when an event at time `now` (ms) should be sent. */
  ready(now: number, force = false): boolean {
    if (force || now - this.last >= this.intervalMs) {
      this.last = now;
      return true;
    }
    return false;
  }
}

/** Seconds left, from the steps done so far and the time they took. */
export function secondsLeft(stepsDone: number, totalSteps: number, elapsedMs: number): number {
  if (stepsDone <= 0 || elapsedMs <= 0) return NaN;
  const left = Math.max(0, totalSteps - stepsDone);
  return (left * elapsedMs) / stepsDone / 1000;
}

/**
 * How many steps to run in the next chunk so that one chunk takes about
 * `targetMs`: the worker yields to its event loop between chunks, so this
 * bounds how long a Stop message waits.
 */
export function nextChunk(current: number, chunkMs: number, targetMs = 60, max = 64): number {
  if (chunkMs <= 0) return Math.min(max, current * 2);
  const ideal = Math.round((current * targetMs) / chunkMs);
  // Change gradually, so one slow chunk (a GC pause) does not swing it.
  const bounded = Math.max(Math.ceil(current / 2), Math.min(current * 2, ideal));
  return Math.max(1, Math.min(max, bounded));
}
