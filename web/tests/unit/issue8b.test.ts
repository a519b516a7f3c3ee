// The model in use, continued training history, online state, chart ticks
// and engine error codes (issue 8, part B).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeText } from '../../src/actions/notices';
import { epochTicks, percentTicks } from '../../src/chartdata';
import type { ModelRecord, Project } from '../../src/db';
import { en, ko, setLang } from '../../src/i18n';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { initialState, latestModel, reduce, type State } from '../../src/store';

const project = (modelId?: string): Project => ({ id: 'p', name: 'p', created: 1, classes: [], settings: DEFAULT_SETTINGS, modelId });
const model = (id: string): ModelRecord => ({
  id, projectId: 'p', created: 0, source: 'trained', bytes: new ArrayBuffer(1),
  info: { arch: 'mlp', classes: ['cow', 'pig'], size: 28, channels: 3, epochs: 1, parameters: 1, summary: '' },
  history: [], evaluation: null, photoIds: [],
});

function withModels(modelId?: string): State {
  let s = reduce(initialState('en'), { type: 'projects', projects: [project(modelId)] });
  s = reduce(s, { type: 'open', id: 'p', photos: [], models: [model('m1'), model('m2')], runs: [] });
  return s;
}

describe('the model in use', () => {
  it('is the newest unless the project chose one', () => {
    expect(latestModel(withModels())?.id).toBe('m2');
    expect(latestModel(withModels('m1'))?.id).toBe('m1');
  });
  it('falls back to the newest when the chosen one was deleted', () => {
    const s = reduce(withModels('m1'), { type: 'model-removed', id: 'm1' });
    expect(latestModel(s)?.id).toBe('m2');
  });
  it('forgets which model the engine holds when told so (an import that was declined)', () => {
    const s = reduce(reduce(withModels(), { type: 'model-loaded', id: 'm1' }), { type: 'model-loaded', id: null });
    expect(s.loadedModelId).toBeNull();
  });
});

describe('continued training', () => {
  it('keeps the earlier epochs and appends the new ones', () => {
    const e = (epoch: number) => ({ epoch, trainLoss: 1, trainAcc: 0.5, valLoss: 1, valAcc: 0.5 });
    let s = reduce(withModels(), { type: 'train-start', now: 1, baseEpoch: 2, epochs: 1, history: [e(1), e(2)] });
    s = reduce(s, { type: 'train-progress', progress: { step: 1, totalSteps: 1, epoch: 3, loss: 1, imagesPerSecond: 1, secondsLeft: 0, epochs: [e(3)] } });
    expect(s.training.history.map((x) => x.epoch)).toEqual([1, 2, 3]);
  });
});

describe('online state', () => {
  it('starts online and follows the browser, unchanged state kept', () => {
    const s = initialState('en');
    expect(s.online).toBe(true);
    expect(reduce(s, { type: 'online', online: true })).toBe(s);
    expect(reduce(s, { type: 'online', online: false }).online).toBe(false);
  });
});

describe('chart ticks', () => {
  it('label whole epochs only', () => {
    expect(epochTicks([1, 1.5, 2, 2.5, 3])).toEqual(['1', '', '2', '', '3']);
  });
  it('show accuracy in percent', () => {
    expect(percentTicks([0, 0.25, 0.5, 1])).toEqual(['0%', '25%', '50%', '100%']);
  });
});

describe('engine error codes', () => {
  // The codes of engine/core/error.h (errc::), read from the header: each needs a text in both languages.
  const header = readFileSync(fileURLToPath(new URL('../../../engine/core/error.h', import.meta.url)), 'utf8');
  const codes = [...header.matchAll(/inline constexpr const char\* k\w+ = "([\w-]+)";/g)].map((m) => m[1]!);
  it('every code has an English and a Korean text', () => {
    expect(codes.length).toBeGreaterThan(5);
    for (const c of codes) {
      expect(`error.${c}` in en, c).toBe(true);
      expect(`error.${c}` in ko, c).toBe(true);
    }
  });
  it('translate a known code, fall back to the English message otherwise', () => {
    setLang('ko');
    expect(codeText('not-model-file', 'not a Barnlab model file')).toBe(ko['error.not-model-file']);
    expect(codeText('some-new-code', 'engine text')).toBe('engine text');
    expect(codeText(undefined, 'engine text')).toBe('engine text');
    setLang('en');
  });
});
