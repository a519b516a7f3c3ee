import { describe, expect, it } from 'vitest';
import { BOOK_RIGHT, BOOK_WRONG, schema } from '../../src/lab/pages/losses';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page losses: hash round trip', () => {
  it('defaults to the book example with the target at class 2', () => {
    expect(readSettings(schema, '')).toEqual({ y: BOOK_RIGHT, t: 2 });
    expect(BOOK_WRONG[7]).toBe(0.6);
  });
  it('restores an edited prediction', () => {
    const s = { y: BOOK_WRONG, t: 2 };
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
    expect(readSettings(schema, 'y=0.2,1.5')).toEqual({ y: BOOK_RIGHT, t: 2 });
  });
});
