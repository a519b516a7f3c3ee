// The time a training will take on this device, before it starts: the
// engine's measured milliseconds per step (a few timed steps of the same
// network at the same size, with as many photos per step as the run will
// really put in one) times the steps the plan will run, plus the evaluation
// on the validation split after each epoch. Pure.
//
// A small project is where a plain "steps x ms per step" goes wrong: with
// 5 training photos and a batch of 16, every step holds 5 photos, not 16,
// and costs about a third of a full step. So the step is measured with the
// photos it will hold (stepBatch), and a last, smaller step of an epoch
// costs its share of a full one.

import { EVAL_COST } from '../engine/throttle';

export interface PlanShape {
  epochs: number;
  batch: number;
  valShare: number;
}

/**
 * Training and checking photos of a run, split per class as the engine
 * splits them (engine/data/split.cpp): round(share x n) kept for checking,
 * at least one when the class has two or more, never all of a class.
 */
export function splitSizes(classCounts: readonly number[], valShare: number): { train: number; val: number } {
  let train = 0;
  let val = 0;
  for (const n of classCounts) {
    if (!(n > 0)) continue;
    let v = Math.floor(valShare * n + 0.5);
    if (valShare > 0 && n >= 2) v = Math.max(v, 1);
    v = Math.min(v, n - 1);
    val += v;
    train += n - v;
  }
  return { train, val };
}

/** Photos in one training step: the batch size, or all the training photos when there are fewer. Measure a step of this size. */
export function stepBatch(plan: PlanShape, classCounts: readonly number[]): number {
  const { train } = splitSizes(classCounts, plan.valShare);
  return Math.max(1, Math.min(Math.round(plan.batch), train));
}

/**
 * Seconds to train photos of these class sizes with these settings, where
 * `msPerStep` was measured with stepBatch(plan, classCounts) photos a step.
 */
export function estimateSeconds(plan: PlanShape, classCounts: readonly number[], msPerStep: number): number {
  const { train, val } = splitSizes(classCounts, plan.valShare);
  if (!(msPerStep > 0) || train <= 0 || plan.batch <= 0) return NaN;
  const perStep = stepBatch(plan, classCounts);
  // A validation image costs EVAL_COST of a training image (a forward pass only).
  const epochMs = (train / perStep) * msPerStep + (val / perStep) * msPerStep * EVAL_COST;
  return (plan.epochs * epochMs) / 1000;
}
