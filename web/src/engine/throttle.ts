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

/** Cost of evaluating one validation image, as a share of a training step's cost per image (a forward pass of three). */
export const EVAL_COST = 1 / 3;

export interface RunClock {
  elapsedMs: number;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** Epochs ended in this run, and the time (ms since the start) the last one ended. */
  epochsDone: number;
  lastEpochEndMs: number;
  trainCount: number;
  valCount: number;
}

/**
 * Seconds left in a run. Once an epoch has ended, from the measured time
 * per epoch, which includes the evaluation on the validation split at its
 * end: (steps left / steps per epoch) x ms per epoch. Before that, from the
 * time per step so far, plus the evaluations still to come estimated at
 * EVAL_COST of a training step per image.
 */
export function runSecondsLeft(c: RunClock): number {
  const stepsLeft = Math.max(0, c.totalSteps - c.step);
  if (c.epochsDone > 0 && c.lastEpochEndMs > 0 && c.stepsPerEpoch > 0) {
    return (stepsLeft / c.stepsPerEpoch) * (c.lastEpochEndMs / c.epochsDone) / 1000;
  }
  const steps = secondsLeft(c.step, c.totalSteps, c.elapsedMs);
  if (!Number.isFinite(steps) || c.trainCount <= 0 || c.stepsPerEpoch <= 0) return steps;
  const epochsLeft = Math.ceil(c.totalSteps / c.stepsPerEpoch - c.step / c.stepsPerEpoch);
  const msPerImage = c.elapsedMs / c.step / (c.trainCount / c.stepsPerEpoch);
  return steps + (epochsLeft * c.valCount * msPerImage * EVAL_COST) / 1000;
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
