import { describe, expect, it } from 'vitest';

import { isWeakModel, WEAK_MODEL_ACCURACY } from '../../src/quality/weak-model';

describe('the weak-model note on Check a photo', () => {
  it('is shown below the accuracy at which answers are rarely sure', () => {
    expect(isWeakModel({ accuracy: 0.53, count: 30 })).toBe(true);
    expect(isWeakModel({ accuracy: WEAK_MODEL_ACCURACY - 0.001, count: 30 })).toBe(true);
  });
  it('is not shown for a good model, an unevaluated one or no checking photos', () => {
    expect(isWeakModel({ accuracy: 0.84, count: 300 })).toBe(false);
    expect(isWeakModel({ accuracy: WEAK_MODEL_ACCURACY, count: 30 })).toBe(false);
    expect(isWeakModel(null)).toBe(false);
    expect(isWeakModel(undefined)).toBe(false);
    expect(isWeakModel({ accuracy: 0.2, count: 0 })).toBe(false);
    expect(isWeakModel({ accuracy: Number.NaN, count: 30 })).toBe(false);
  });
});
