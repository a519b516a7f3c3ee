import { describe, expect, it } from 'vitest';
import { EXAMPLE, GRID_KEYS, photoQuery, schema } from '../../src/lab/pages/pool';
import { pick, readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page pool: hash round trip', () => {
  it('defaults to the book example with 2x2 windows, stride 2', () => {
    const s = readSettings(schema, '');
    expect(s.input).toEqual(EXAMPLE);
    expect(pick(schema, s, GRID_KEYS)).toBe('input=1,2,1,0;0,1,2,3;3,0,1,2;2,4,0,1&size=2&stride=2&pad=0');
    expect(photoQuery(s)).toBe('photo=0&size=64&filter=vertical&pool=2');
  });
  it('restores a shared link exactly, grid and photo settings', () => {
    const s = { ...readSettings(schema, ''), input: [[5, 1, 2], [0, 9, 3]], size: 3, stride: 1, pad: 1, photo: 17, px: 96, filter: 'blur' as const, pool: 4 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(photoQuery(readSettings(schema, q))).toBe('photo=17&size=96&filter=blur&pool=4');
  });
});
