import { describe, expect, it } from 'vitest';
import { PRESETS, schema } from '../../src/lab/pages/perceptron';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page perceptron: hash round trip', () => {
  it('defaults to the AND preset of the notebook', () => {
    const s = readSettings(schema, '');
    expect([s.w1, s.w2, s.b]).toEqual(PRESETS.and);
    expect(s.gate).toBe('and');
  });
  it('keeps the presets exact', () => {
    expect(PRESETS).toEqual({ and: [0.5, 0.5, -0.7], nand: [-0.5, -0.5, 0.7], or: [0.5, 0.5, -0.2] });
  });
  it('restores weights, gate and the learning moment from a link', () => {
    const s = { ...readSettings(schema, ''), w1: -0.5, w2: -0.5, b: 0.7, gate: 'nand' as const, learn: 'xor' as const, lr: 0.25, learned: 12 };
    const q = writeSettings(schema, s);
    expect(q).toBe('w1=-0.5&w2=-0.5&b=0.7&gate=nand&learn=xor&lr=0.25&learned=12');
    expect(readSettings(schema, q)).toEqual(s);
  });
  it('ignores an unknown gate', () => {
    expect(readSettings(schema, 'gate=xnor').gate).toBe('and');
  });
});
