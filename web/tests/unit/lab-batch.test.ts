import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/batch';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page batch: hash round trip', () => {
  it('restores data, epochs, learning rate and seed', () => {
    const s = { ...readSettings(schema, ''), data: 'circles' as const, epochs: 5, lr: 0.02, seed: 3, n: 128 };
    expect(writeSettings(schema, s)).toBe('data=circles&n=128&noise=0.1&epochs=5&lr=0.02&seed=3');
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
  });
});
