import { describe, expect, it } from 'vitest';
import { gridQuery, schema, statsQuery } from '../../src/lab/pages/batchnorm';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page batchnorm: hash round trip', () => {
  it('defaults to the engine’s (the book’s contrast at a sixth of the cost): 8 scales, SGD 0.05; one engine call per scale', () => {
    const s = readSettings(schema, '');
    expect(gridQuery(s, 3)).toBe('scales=8&epochs=10&n_train=300&lr=0.05&optimizer=sgd&seed=1&only=3');
    expect(statsQuery(s)).toBe('scale=0.01&seed=1');
  });
  it('restores a shared link exactly', () => {
    const s = { scales: 4, epochs: 20, n_train: 300, lr: 0.1, optimizer: 'adam' as const, seed: 7, stats_scale: 2 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(gridQuery(readSettings(schema, q), 0)).toBe('scales=4&epochs=20&n_train=300&lr=0.1&optimizer=adam&seed=7&only=0');
  });
});
