import { describe, expect, it } from 'vitest';
import { bestFifth, schema, trialQuery } from '../../src/lab/pages/hyper';
import { readSettings, writeSettings } from '../../src/lab/settings';

describe('lab page hyper: hash round trip', () => {
  it('defaults to 20 trials on log ranges; one engine call per trial', () => {
    const s = readSettings(schema, '');
    expect(trialQuery(s, 4)).toBe('trials=20&epochs=10&n_train=500&val_share=0.2&lr_min_exp=-4&lr_max_exp=-0.5&wd_min_exp=-8&wd_max_exp=-4&seed=1&only=4');
  });
  it('restores a shared link exactly', () => {
    const s = { trials: 50, epochs: 5, n_train: 800, val_share: 0.3, lr_min_exp: -3, lr_max_exp: 0, wd_min_exp: -6, wd_max_exp: -2, seed: 42 };
    expect(readSettings(schema, writeSettings(schema, s))).toEqual(s);
  });
  it('outlines the best fifth, best first, at least one', () => {
    const t = (index: number, val_acc: number) => ({ index, val_acc, lr: 0.1, weight_decay: 1e-5, train_acc: 0.5 });
    expect(bestFifth([t(0, 0.1), t(1, 0.7), t(2, 0.3)]).map((x) => x.index)).toEqual([1]);
    expect(bestFifth(Array.from({ length: 10 }, (_, i) => t(i, i / 10))).map((x) => x.index)).toEqual([9, 8]);
  });
});
