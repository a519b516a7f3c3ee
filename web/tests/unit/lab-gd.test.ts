import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/gd';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page gd: hash round trip', () => {
  it('defaults to the book: lr 0.1 from (-3, 4)', () => {
    expect(readSettings(schema, '')).toEqual({ lr: 0.1, steps: 30, x0: -3, x1: 4 });
  });
  it('restores a shared link exactly', () => {
    for (const lr of [0.1, 10, 1e-10]) {
      const s = { ...readSettings(schema, ''), lr, steps: 100 };
      const q = writeSettings(schema, s);
      expect(readSettings(schema, q)).toEqual(s);
    }
    expect(writeSettings(schema, readSettings(schema, 'lr=1e-10'))).toBe('lr=1e-10&steps=30&x0=-3&x1=4');
  });
});
