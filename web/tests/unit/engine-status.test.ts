import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n';
import { initialState } from '../../src/store';
import { engineStatus, statusWords } from '../../src/ui/engine-status';

describe('the engine badge', () => {
  it('says starting, then ready, then training while a model trains', () => {
    const s = initialState('en');
    expect(engineStatus(s)).toBe('loading');
    const ready = { ...s, engine: {} as NonNullable<typeof s.engine> };
    expect(engineStatus(ready)).toBe('ready');
    expect(engineStatus({ ...ready, training: { ...ready.training, running: true } })).toBe('training');
  });

  it('keeps all its words (one shown) so its width does not change, in both languages', () => {
    setLang('en');
    expect(statusWords('training')).toEqual([
      { text: 'Starting…', shown: false },
      { text: 'Ready', shown: false },
      { text: 'Training', shown: true },
    ]);
    setLang('ko');
    expect(statusWords('ready').map((w) => [w.text, w.shown])).toEqual([['준비 중…', false], ['준비됨', true], ['학습 중', false]]);
    setLang('en');
  });
});
