import { describe, expect, it } from 'vitest';
import { lookQuery, schema, trainQuery } from '../../src/lab/pages/cnn';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page cnn: hash round trip', () => {
  it('defaults: 32 px photos, 8 epochs, Adam 0.003, the first photo', () => {
    const s = readSettings(schema, '');
    expect(trainQuery(s)).toBe('size=32&epochs=8&lr=0.003&seed=1');
    expect(lookQuery(s)).toBe('photo=0');
  });
  it('restores a shared link exactly', () => {
    const s = { size: 48, epochs: 3, lr: 0.01, seed: 9, photo: 40 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(lookQuery(readSettings(schema, q))).toBe('photo=40');
  });
});
