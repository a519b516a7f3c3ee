import { describe, expect, it } from 'vitest';
import { histQuery, schema, trainQuery } from '../../src/lab/pages/init';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page init: hash round trip', () => {
  it('defaults to 5 sigmoid layers, histograms only', () => {
    const s = readSettings(schema, '');
    expect(histQuery(s)).toBe('activation=sigmoid&layers=5&seed=1');
    expect(s.train).toBe(0);
    expect(trainQuery(s, 'he')).toBe('activation=sigmoid&steps=200&seed=1&init=he');
  });
  it('restores a shared link exactly', () => {
    const s = { activation: 'relu' as const, layers: 7, seed: 3, train: 1, train_steps: 120 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(histQuery(readSettings(schema, q))).toBe('activation=relu&layers=7&seed=3');
    expect(readSettings(schema, 'activation=softplus').activation).toBe('sigmoid');
  });
});
