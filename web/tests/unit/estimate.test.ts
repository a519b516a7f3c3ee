import { describe, expect, it } from 'vitest';
import { estimateSeconds, splitSizes, stepBatch } from '../../src/quality/estimate';

describe('estimateSeconds', () => {
  it('is epochs x (steps per epoch x ms per step + the evaluation)', () => {
    // 2,700 photos in one class, 20% kept: 2,160 train = 67.5 steps of 32; 540 checked at a third of a step per 32.
    const s = estimateSeconds({ epochs: 10, batch: 32, valShare: 0.2 }, [2700], 150);
    expect(s).toBeCloseTo((10 * (67.5 * 150 + (540 / 32) * 150 / 3)) / 1000, 6);
  });
  it('grows with the photos and the measured step time, and is unknown without a measurement', () => {
    const plan = { epochs: 5, batch: 16, valShare: 0.2 };
    expect(estimateSeconds(plan, [100, 100], 100)).toBeLessThan(estimateSeconds(plan, [200, 200], 100));
    expect(estimateSeconds(plan, [100, 100], 100)).toBeCloseTo(estimateSeconds(plan, [100, 100], 50) * 2, 6);
    expect(estimateSeconds(plan, [100, 100], NaN)).toBeNaN();
    expect(estimateSeconds(plan, [], 100)).toBeNaN();
    expect(estimateSeconds(plan, [0, 0], 100)).toBeNaN();
  });
  it('splits per class as the engine does: one photo of a class of two or more is kept for checking, never all', () => {
    expect(splitSizes([2, 2, 2], 0.2)).toEqual({ train: 3, val: 3 });
    expect(splitSizes([12, 12, 3], 0.2)).toEqual({ train: 22, val: 5 });
    expect(splitSizes([1, 10], 0.2)).toEqual({ train: 9, val: 2 });
    expect(splitSizes([10, 10], 0)).toEqual({ train: 20, val: 0 });
  });
  it('a tiny project: a step holds the few training photos, measured as such, one step an epoch', () => {
    // 3 classes of 2 photos: 3 train, 3 checked. Fast with its batch of 16 takes steps of 3 photos.
    const plan = { epochs: 120, batch: 16, valShare: 0.2 };
    expect(stepBatch(plan, [2, 2, 2])).toBe(3);
    // 40 ms measured for a step of 3 photos: 120 epochs of one step and the check of 3 photos (a third of a step).
    expect(estimateSeconds(plan, [2, 2, 2], 40)).toBeCloseTo((120 * (40 + 40 / 3)) / 1000, 6);
    // The estimate this replaces: a full 16-photo step per epoch, measured with 16 photos (about 16/3 times longer).
    const fullStepMs = 40 * (16 / 3);
    const old = (120 * (Math.ceil(3 / 16) * fullStepMs + (3 / 16) * fullStepMs / 3)) / 1000;
    expect(estimateSeconds(plan, [2, 2, 2], 40)).toBeLessThan(old / 3);
  });
  it('a big project keeps the batch size, and its last, smaller step costs its share', () => {
    const plan = { epochs: 1, batch: 32, valShare: 0 };
    expect(stepBatch(plan, [100])).toBe(32);
    expect(estimateSeconds(plan, [100], 64)).toBeCloseTo((100 / 32) * 64 / 1000, 9);
  });
});
