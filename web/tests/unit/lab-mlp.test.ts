import { describe, expect, it } from 'vitest';
import { schema } from '../../src/lab/pages/mlp';
import { pick, readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page mlp: hash round trip', () => {
  it('restores data, net, optimizer and the epoch reached', () => {
    const s = { ...readSettings(schema, ''), data: 'spirals' as const, hidden: 24, layers: 2, act: 'relu' as const, opt: 'momentum' as const, lr: 0.003, epochs: 150, seed: 7 };
    const q = writeSettings(schema, s);
    expect(readSettings(schema, q)).toEqual(s);
  });
  it('sends the engine only its own keys (not the epoch counter)', () => {
    const q = pick(schema, readSettings(schema, 'epochs=30'), ['data', 'hidden', 'lr']);
    expect(q).toBe('data=xor&hidden=8&lr=0.03');
  });
});
