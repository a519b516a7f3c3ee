import { describe, expect, it } from 'vitest';
import { compareWithInUse, sharedPhotos } from '../../src/quality/worse-model';
import type { ModelRecord } from '../../src/db';

type Compared = Pick<ModelRecord, 'evaluation' | 'photoIds' | 'info'>;

const ids = Array.from({ length: 100 }, (_, i) => `p${i}`);
function model(accuracy: number | null, photoIds = ids, classes = ['cow', 'pig']): Compared {
  return { evaluation: accuracy === null ? null : { accuracy, count: 60 }, photoIds, info: { classes } } as unknown as Compared;
}

describe('compareWithInUse', () => {
  it('keeps the model in use when the new one is lower by more than a point on about the same photos', () => {
    expect(compareWithInUse(model(0.704), model(0.837))).toEqual({ verdict: 'keep-old', fresh: 0.704, inUse: 0.837 });
    // 10 photos added to 100: 100 of 110 shared, still comparable.
    expect(compareWithInUse(model(0.7, [...ids, ...ids.slice(0, 10).map((id) => `${id}b`)]), model(0.8)).verdict).toBe('keep-old');
  });

  it('uses the new model when it is as good, better, or lower by a point or less', () => {
    expect(compareWithInUse(model(0.9), model(0.8)).verdict).toBe('use-new');
    expect(compareWithInUse(model(0.8), model(0.8)).verdict).toBe('use-new');
    expect(compareWithInUse(model(0.795), model(0.8)).verdict).toBe('use-new');
  });

  it('compares nothing without a model in use, a checking result on both sides, or the same classes', () => {
    expect(compareWithInUse(model(0.5), null).verdict).toBe('use-new');
    expect(compareWithInUse(model(0.5), model(null)).verdict).toBe('use-new');
    expect(compareWithInUse(model(null), model(0.9)).verdict).toBe('use-new');
    expect(compareWithInUse(model(0.5), model(0.9, ids, ['cow', 'goat'])).verdict).toBe('use-new');
  });

  it('says the photos changed when fewer than 80% of the two runs\u2019 photos are shared', () => {
    expect(sharedPhotos(ids, ids)).toBe(1);
    expect(sharedPhotos(ids.slice(0, 50), ids.slice(25, 75))).toBeCloseTo(25 / 75);
    expect(compareWithInUse(model(0.6, ids.slice(0, 50)), model(0.9, ids.slice(25, 75)))).toEqual({ verdict: 'photos-changed', fresh: 0.6, inUse: 0.9 });
  });
});
