import { describe, expect, it } from 'vitest';
import { estimateSeconds } from '../../src/quality/estimate';

describe('estimateSeconds', () => {
  it('is epochs x (steps per epoch x ms per step + the evaluation)', () => {
    // 2,700 photos, 20% kept: 2,160 train = 68 steps of 32; 540 checked at a third of a step per 32.
    const s = estimateSeconds({ epochs: 10, batch: 32, valShare: 0.2 }, 2700, 150);
    expect(s).toBeCloseTo((10 * (68 * 150 + (540 / 32) * 150 / 3)) / 1000, 6);
  });
  it('grows with the photos and the measured step time, and is unknown without a measurement', () => {
    const plan = { epochs: 5, batch: 16, valShare: 0.2 };
    expect(estimateSeconds(plan, 200, 100)).toBeLessThan(estimateSeconds(plan, 400, 100));
    expect(estimateSeconds(plan, 200, 100)).toBeCloseTo(estimateSeconds(plan, 200, 50) * 2, 6);
    expect(estimateSeconds(plan, 200, NaN)).toBeNaN();
    expect(estimateSeconds(plan, 0, 100)).toBeNaN();
  });
});
