import { describe, expect, it } from 'vitest';
import { runQuery, schema } from '../../src/lab/pages/overfit';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page overfit: hash round trip', () => {
  it('defaults to the book: 300 images; each run switches on only its own regularization', () => {
    const s = readSettings(schema, '');
    expect(runQuery(s, 'none')).toBe('n_train=300&epochs=50&lr=0.05&seed=1&weight_decay=0&dropout=0');
    expect(runQuery(s, 'decay')).toBe('n_train=300&epochs=50&lr=0.05&seed=1&weight_decay=0.1&dropout=0');
    expect(runQuery(s, 'dropout')).toBe('n_train=300&epochs=50&lr=0.05&seed=1&weight_decay=0&dropout=0.2');
  });
  it('restores a shared link exactly', () => {
    const s = { n_train: 500, epochs: 40, lr: 0.05, weight_decay: 0.35, dropout: 0.5, seed: 2 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
  });
});
