import { describe, expect, it } from 'vitest';
import { columnsOutOfView } from '../../src/ui/confusion';

describe('the confusion matrix swipe hint', () => {
  // Six columns of 40 px after a row-name column of 80 px.
  const edges = Array.from({ length: 6 }, (_, i) => [80 + 40 * i, 120 + 40 * i] as const);
  it('counts the columns cut at the right, then at the left once scrolled', () => {
    expect(columnsOutOfView(edges, 0, 320)).toBe(0);
    expect(columnsOutOfView(edges, 0, 250)).toBe(2);  // 240-280 cut, 280-320 gone
    expect(columnsOutOfView(edges, 70, 250)).toBe(0);
    expect(columnsOutOfView(edges, 100, 250)).toBe(1);
  });
  it('forgives half a pixel of rounding', () => {
    expect(columnsOutOfView(edges, 0, 319.6)).toBe(0);
    expect(columnsOutOfView(edges, 0, 319)).toBe(1);
  });
});
