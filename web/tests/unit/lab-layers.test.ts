import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/layers';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page layers: hash round trip', () => {
  it('restores the layer and the batch shape', () => {
    const s = { layer: 'softmax_with_loss' as const, n: 3, d: 4, out: 2, seed: 9 };
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
    expect(readSettings(schema, 'layer=conv').layer).toBe('relu');
  });
});
