// The step counter of a run as the farmer sees it. A resumed run trains only
// the epochs it had left, so the engine counts its steps from 0 over those;
// the run's epochs done before the interruption are added back, so the
// counter continues where it was (as the epoch number does).

import type { Progress } from '../engine/protocol';

/**
 * `epochsLeft`: the epochs the engine was given (the run's, less those done
 * before it was resumed); `resumed`: those done before.
 */
export function runSteps(p: Pick<Progress, 'step' | 'totalSteps'>, epochsLeft: number, resumed: number): { step: number; total: number } {
  if (resumed <= 0 || epochsLeft <= 0) return { step: p.step, total: p.totalSteps };
  const before = Math.round((p.totalSteps / epochsLeft) * resumed);
  return { step: before + p.step, total: before + p.totalSteps };
}
