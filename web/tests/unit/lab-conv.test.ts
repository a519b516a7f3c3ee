import { describe, expect, it } from 'vitest';
import { ENGINE_KEYS, EXAMPLE_FILTER, EXAMPLE_INPUT, schema } from '../../src/lab/pages/conv';
import { pick, readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page conv: hash round trip', () => {
  it('defaults to the notebook example, the engine gets only its keys', () => {
    const s = readSettings(schema, '');
    expect(s).toEqual({ input: EXAMPLE_INPUT, filter: EXAMPLE_FILTER, pad: 0, stride: 1, win: 0 });
    expect(pick(schema, s, ENGINE_KEYS)).toBe('input=1,2,3,0;0,1,2,3;3,0,1,2;2,3,0,1&filter=2,0,1;0,1,2;1,0,2&pad=0&stride=1');
  });
  it('restores a shared link exactly: matrices, padding, stride, window', () => {
    const s = { input: [[1, -2.5], [3, 4], [0, 1]], filter: [[1]], pad: 2, stride: 3, win: 5 };
    const q = writeSettings(schema, s);
    expect(q).toBe('input=1,-2.5;3,4;0,1&filter=1&pad=2&stride=3&win=5');
    expect(readSettings(schema, q)).toEqual(s);
    expect(readSettings(schema, encodeURI(q).replace(/;/g, '%3B'))).toEqual(s);
  });
  it('falls back to the example for a ragged matrix or a non-square filter', () => {
    expect(readSettings(schema, 'input=1,2;3').input).toEqual(EXAMPLE_INPUT);
    expect(readSettings(schema, 'filter=1,2;3,4;5,6').filter).toEqual(EXAMPLE_FILTER);
    expect(readSettings(schema, 'input=1,x;3,4').input).toEqual(EXAMPLE_INPUT);
  });
});
