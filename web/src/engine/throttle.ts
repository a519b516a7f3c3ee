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

/** Cost of evaluating one validation image, as a share of a training step's cost per image (a forward pass of three). */
export const EVAL_COST = 1 / 3;

/**
 * The live time-left estimate of a run: measured ms per step plus the
 * measured evaluation per epoch. Fed every trainSteps chunk (the engine
 * stops a chunk at an epoch's end, so a chunk that ends an epoch holds its
 * evaluation). The first chunk is left out of the step time: it carries
 * one-off costs (allocations, threads starting) that would inflate a short
 * run's estimate. Until an epoch has ended, the evaluation is estimated at
 * EVAL_COST of a training step per image.
 */
export class RunTimer {
  private chunks = 0;
  private stepMs = 0;
  private steps = 0;
  private firstMs = 0;
  private firstSteps = 0;
  private evalMs: number | null = null;

  /** A chunk of `steps` steps took `ms`; `endedEpoch`: it ended an epoch (and ran its evaluation). */
  record(steps: number, ms: number, endedEpoch: boolean): void {
    this.chunks++;
    if (this.chunks === 1) {
      this.firstMs = ms;
      this.firstSteps = steps;
      if (!endedEpoch) return;
    }
    if (!endedEpoch) {
      this.stepMs += ms;
      this.steps += steps;
      return;
    }
    const per = this.msPerStep();
    if (Number.isFinite(per)) this.evalMs = Math.max(0, ms - steps * per);
  }

  /** Measured ms per training step (the first chunk only when nothing else is known). */
  msPerStep(): number {
    if (this.steps > 0) return this.stepMs / this.steps;
    return this.firstSteps > 0 ? this.firstMs / this.firstSteps : NaN;
  }

  /** Seconds for `stepsLeft` steps and `epochsLeft` evaluations of `valCount` images (batches of `batch`). */
  secondsLeft(stepsLeft: number, epochsLeft: number, valCount: number, batch: number): number {
    const per = this.msPerStep();
    if (!Number.isFinite(per)) return NaN;
    const evalMs = this.evalMs ?? (valCount / Math.max(1, batch)) * per * EVAL_COST;
    return (Math.max(0, stepsLeft) * per + Math.max(0, epochsLeft) * evalMs) / 1000;
  }
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

/**
 * Which epoch ends get a checkpoint: as many as keep checkpoints to about
 * `share` of the run. Exporting the model with its optimizer state takes
 * tens of milliseconds; a small project's epoch (a step or two) takes less,
 * so a checkpoint after every epoch made such a run several times slower
 * than its steps. After an export of `ms`, the next checkpoint waits until
 * ms x (1 / share - 1) have passed: a model whose export is cheap next to
 * its epochs still gets one every epoch, and an interruption loses at most
 * about ten export times plus an epoch.
 */
export class CheckpointPace {
  private last = -Infinity;
  private gapMs = 0;
  constructor(private readonly share = 0.25) {}

  /** True when the epoch that ended at `now` (ms) is to be checkpointed. */
  due(now: number): boolean {
    return now - this.last >= this.gapMs;
  }

  /** A checkpoint was made at `now`; its export took `ms`. */
  made(now: number, ms: number): void {
    this.last = now;
    this.gapMs = Math.max(0, ms) * (1 / this.share - 1);
  }
}
