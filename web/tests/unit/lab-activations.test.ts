import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/activations';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page activations: hash round trip', () => {
  it('defaults to the overflow example 1010, 1000, 990', () => {
    expect(readSettings(schema, '').v).toEqual([1010, 1000, 990]);
  });
  it('restores an edited vector and shift', () => {
    const s = { ...readSettings(schema, ''), v: [0.3, 2.9, 4, -1], shift: -1000, alpha: 0.01 };
    const q = writeSettings(schema, s);
    expect(q).toContain('v=0.3,2.9,4,-1');
    expect(readSettings(schema, q)).toEqual(s);
  });
});
