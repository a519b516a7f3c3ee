import { describe, expect, it } from 'vitest';
import { lrnQuery, schema, tableQuery } from '../../src/lab/pages/alexnet';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page alexnet: hash round trip', () => {
  it('defaults to the preset at 64 px colour, 6 classes, and AlexNet’s LRN constants', () => {
    const s = readSettings(schema, '');
    expect(tableQuery(s)).toBe('size=64&channels=3&classes=6');
    expect(lrnQuery(s)).toBe('input=1,2,3,4,5,6,7,8&size=5&alpha=0.0001&beta=0.75&k=2');
  });
  it('restores a shared link exactly', () => {
    const s = { ...readSettings(schema, ''), size: 96, channels: 1, classes: 10, x: [0.5, -1, 3], n: 3, alpha: 0.5, beta: 1.25, k: 0.5 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(lrnQuery(readSettings(schema, q))).toBe('input=0.5,-1,3&size=3&alpha=0.5&beta=1.25&k=0.5');
  });
});
