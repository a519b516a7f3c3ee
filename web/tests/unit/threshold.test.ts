import { describe, expect, it } from 'vitest';
import { percent } from '../../src/i18n';
import { thresholdPercent } from '../../src/threshold';

describe('the not-sure threshold as shown', () => {
  it('has one decimal, like the probabilities beside it (Results and Check a photo agree)', () => {
    expect(thresholdPercent(0.565)).toBe('56.5%');
    expect(thresholdPercent(0.565, [0.562])).toBe('56.5%');
  });

  it('gets more decimals when a probability below it would show the same figure', () => {
    const threshold = 0.5627;
    const below = 0.5623;
    expect(percent(below)).toBe('56.2%');
    expect(percent(threshold)).toBe('56.3%');
    expect(thresholdPercent(threshold, [below])).toBe('56.3%');
    const close = 0.56251;
    expect(percent(close)).toBe(percent(0.56279));
    expect(thresholdPercent(0.56279, [close])).toBe('56.28%');
  });
});
