import { describe, expect, it } from 'vitest';
import { netQuery, PATH_KEYS, schema } from '../../src/lab/pages/optimizers';
import { pick, readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page optimizers: hash round trip', () => {
  it('defaults to the book: (-7, 2), 30 steps, SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3', () => {
    const s = readSettings(schema, '');
    expect(pick(schema, s, PATH_KEYS)).toBe('x0=-7&y0=2&steps=30&sgd_lr=0.95&momentum_lr=0.1&nesterov_lr=0.1&adagrad_lr=1.5&rmsprop_lr=0.1&adam_lr=0.3&momentum=0.9');
    expect(s.net).toBe(0);
    expect(netQuery(s, 'adam')).toBe('steps=200&only=adam');
  });
  it('restores a shared link exactly, the Fashion-MNIST part included', () => {
    const s = { ...readSettings(schema, ''), sgd_lr: 0.05, adam_lr: 1e-4, momentum: 0.5, steps: 100, x0: 3.5, net: 1, net_steps: 50 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
    expect(netQuery(readSettings(schema, q), 'sgd')).toBe('steps=50&only=sgd');
  });
});
