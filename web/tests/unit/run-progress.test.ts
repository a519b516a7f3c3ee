import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/ui/run-progress';

describe('the step counter of a resumed run', () => {
  it('continues from the epochs done before the interruption', () => {
    // A 4-epoch run of 10 steps an epoch, resumed after epoch 1: the engine trains 3 epochs (30 steps).
    expect(runSteps({ step: 0, totalSteps: 30 }, 3, 1)).toEqual({ step: 10, total: 40 });
    expect(runSteps({ step: 12, totalSteps: 30 }, 3, 1)).toEqual({ step: 22, total: 40 });
    expect(runSteps({ step: 30, totalSteps: 30 }, 3, 1)).toEqual({ step: 40, total: 40 });
  });
  it('is the engine\'s count for a run not resumed', () => {
    expect(runSteps({ step: 7, totalSteps: 40 }, 4, 0)).toEqual({ step: 7, total: 40 });
    expect(runSteps({ step: 0, totalSteps: 0 }, 0, 2)).toEqual({ step: 0, total: 0 });
  });
});
