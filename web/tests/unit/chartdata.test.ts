import { describe, expect, it } from 'vitest';
import { accuracyColumns, lossColumns, mergeSeries, pointCount } from '../../src/chartdata';

describe('chart data', () => {
  it('merges series on one sorted x axis with gaps as null', () => {
    expect(mergeSeries([[{ x: 2, y: 1 }, { x: 1, y: 2 }], [{ x: 1.5, y: NaN }, { x: 2, y: 3 }]])).toEqual([
      [1, 1.5, 2],
      [2, null, 1],
      [null, null, 3],
    ]);
  });
  it('places steps at fractional epochs after the earlier epochs', () => {
    const h = [{ epoch: 3, trainLoss: 0.5, trainAcc: 0.8, valLoss: 0.6, valAcc: 0.7 }];
    const cols = lossColumns(h, [{ step: 5, loss: 0.9 }, { step: 10, loss: 0.7 }], 2, 10);
    expect(cols[0]).toEqual([2.5, 3]);
    expect(pointCount(cols)).toBe(4);
    expect(accuracyColumns(h)).toEqual([[3], [0.8], [0.7]]);
  });
});
