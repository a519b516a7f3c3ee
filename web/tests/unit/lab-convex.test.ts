import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/convex';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page convex: hash round trip', () => {
  it('restores a tapped start point on the saddle', () => {
    const s = { ...readSettings(schema, ''), surface: 'saddle' as const, x: -1.25, y: 0.01, momentum: 0 };
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
  });
  it('keeps the start inside the plot', () => {
    expect(readSettings(schema, 'x=5').x).toBe(1.5);
  });
});
