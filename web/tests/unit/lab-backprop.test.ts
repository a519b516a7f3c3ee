import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/backprop';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page backprop: hash round trip', () => {
  it('defaults to the notebook network', () => {
    const s = readSettings(schema, '');
    expect([s.x1, s.x2, s.x3, s.t1, s.t2]).toEqual([0.5, 0.1, 0.8, 0.1, 0.9]);
    expect([s.w1, s.w10, s.b1, s.b4]).toEqual([0.1, 1, 0.1, 0.2]);
  });
  it('restores every edited number', () => {
    const s = { ...readSettings(schema, ''), w7: -2.125, b3: 0.05, x2: 1, lr: 0.1 };
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
  });
});
