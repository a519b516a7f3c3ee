// The time a training will take on this device, before it starts: the
// engine's measured milliseconds per step (a few timed steps of the same
// network at the same size and batch) times the steps the plan will run,
// plus the evaluation on the validation split after each epoch. Pure.

import { EVAL_COST } from '../engine/throttle';

export interface PlanShape {
  epochs: number;
  batch: number;
  valShare: number;
}

/** Seconds to train `photoCount` photos with these settings at `msPerStep`. */
export function estimateSeconds(plan: PlanShape, photoCount: number, msPerStep: number): number {
  if (!(msPerStep > 0) || photoCount <= 0 || plan.batch <= 0) return NaN;
  const valCount = Math.round(photoCount * plan.valShare);
  const trainCount = photoCount - valCount;
  const stepsPerEpoch = Math.ceil(trainCount / plan.batch);
  // A validation image costs EVAL_COST of a training image (a forward pass only).
  const evalMs = (valCount / plan.batch) * msPerStep * EVAL_COST;
  return (plan.epochs * (stepsPerEpoch * msPerStep + evalMs)) / 1000;
}
