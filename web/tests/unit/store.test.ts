import { describe, expect, it } from 'vitest';
import type { ModelRecord, PhotoMeta, Project } from '../../src/db';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { architecturesOf, classesReady, currentProject, initialState, latestModel, reduce, TABS, type State } from '../../src/store';
import { en } from '../../src/i18n';

const project = (id: string, name = id): Project => ({ id, name, created: 1, classes: [{ id: 'c1', name: 'cow' }, { id: 'c2', name: 'pig' }], settings: DEFAULT_SETTINGS });
const photo = (id: string, classId: string): PhotoMeta => ({ id, projectId: 'p', classId, name: id, thumb: new Blob(), width: 1, height: 1, added: 0 });
const model = (id: string): ModelRecord => ({
  id, projectId: 'p', created: 0, source: 'trained', bytes: new ArrayBuffer(1),
  info: { arch: 'mlp', classes: ['cow', 'pig'], size: 28, channels: 3, epochs: 1, parameters: 1, summary: '', temperature: 1, threshold: 0 },
  history: [], evaluation: null, photoIds: [],
});

function open(): State {
  let s = initialState('en');
  s = reduce(s, { type: 'projects', projects: [project('p'), project('q')] });
  return reduce(s, { type: 'open', id: 'p', photos: [photo('a', 'c1'), photo('b', 'c2')], models: [], runs: [] });
}

describe('reduce', () => {
  it('opens a project and finds it', () => {
    const s = open();
    expect(currentProject(s)?.id).toBe('p');
    expect(s.photos).toHaveLength(2);
  });
  it('saves a new project, renames an existing one', () => {
    let s = open();
    s = reduce(s, { type: 'project-saved', project: project('r') });
    expect(s.projects.map((p) => p.id)).toEqual(['p', 'q', 'r']);
    s = reduce(s, { type: 'project-saved', project: project('q', 'Barn 2') });
    expect(s.projects.find((p) => p.id === 'q')?.name).toBe('Barn 2');
  });
  it('removing the open project closes it', () => {
    const s = reduce(open(), { type: 'project-removed', id: 'p' });
    expect(s.currentId).toBeNull();
    expect(s.photos).toEqual([]);
    const t = reduce(open(), { type: 'project-removed', id: 'q' });
    expect(t.currentId).toBe('p');
  });
  it('adds, moves and removes photos', () => {
    let s = reduce(open(), { type: 'photos-added', photos: [photo('c', 'c1')] });
    s = reduce(s, { type: 'photo-moved', id: 'c', classId: 'c2' });
    expect(s.photos.find((p) => p.id === 'c')?.classId).toBe('c2');
    s = reduce(s, { type: 'photos-removed', ids: ['a', 'c'] });
    expect(s.photos.map((p) => p.id)).toEqual(['b']);
  });
  it('keeps the newest model last, replacing one with the same id', () => {
    let s = reduce(open(), { type: 'model-added', model: model('m1') });
    s = reduce(s, { type: 'model-added', model: model('m2') });
    expect(latestModel(s)?.id).toBe('m2');
    s = reduce(s, { type: 'model-added', model: model('m1') });
    expect(s.models.map((m) => m.id)).toEqual(['m2', 'm1']);
    s = reduce(s, { type: 'model-removed', id: 'm1' });
    expect(latestModel(s)?.id).toBe('m2');
  });
  it('tracks a training run: start, progress (epochs appended), stopping, end', () => {
    let s = reduce(open(), { type: 'train-start', now: 5, baseEpoch: 2, epochs: 3 });
    expect(s.training.running).toBe(true);
    const fig = { epoch: 3, trainLoss: 1, trainAcc: 0.5, valLoss: 1.1, valAcc: 0.4 };
    s = reduce(s, { type: 'train-progress', progress: { step: 4, totalSteps: 12, epoch: 3, loss: 0.9, imagesPerSecond: 100, secondsLeft: 3, elapsed: 1, epochs: [fig] } });
    s = reduce(s, { type: 'train-progress', progress: { step: 5, totalSteps: 12, epoch: 3, loss: 0.8, imagesPerSecond: 100, secondsLeft: 3, elapsed: 1, epochs: [] } });
    expect(s.training.history).toEqual([fig]);
    expect(s.training.steps.map((p) => p.step)).toEqual([4, 5]);
    s = reduce(s, { type: 'train-stopping' });
    expect(s.training.stopping).toBe(true);
    s = reduce(s, { type: 'train-saving' });
    expect(s.training).toMatchObject({ running: true, stopping: false, saving: true });
    s = reduce(s, { type: 'train-end' });
    expect(s.training).toMatchObject({ running: false, saving: false });
    expect(s.training.history).toHaveLength(1);
  });
  it('keeps the id of the model the engine holds; opening, training or deleting it forgets it', () => {
    let s = reduce(open(), { type: 'model-added', model: model('m1') });
    expect(s.loadedModelId).toBeNull();
    s = reduce(s, { type: 'model-loaded', id: 'm1' });
    expect(s.loadedModelId).toBe('m1');
    expect(reduce(s, { type: 'model-removed', id: 'm2' }).loadedModelId).toBe('m1');
    expect(reduce(s, { type: 'model-removed', id: 'm1' }).loadedModelId).toBeNull();
    expect(reduce(s, { type: 'train-start', now: 1, baseEpoch: 0, epochs: 1 }).loadedModelId).toBeNull();
    expect(reduce(s, { type: 'open', id: 'q', photos: [], models: [], runs: [] }).loadedModelId).toBeNull();
  });
  it('keeps the architectures the engine reported when it became ready', () => {
    let s = open();
    expect(architecturesOf(s)).toEqual([]);
    const status = { flavour: 'single', simd: true, threads: 1, version: 'v', note: '', architectures: ['mlp', 'convnet-bn'], presets: [] } as const;
    s = reduce(s, { type: 'engine', status: { ...status, architectures: [...status.architectures], presets: ['fast'] }, error: null });
    expect(architecturesOf(s)).toEqual(['mlp', 'convnet-bn']);
    s = reduce(s, { type: 'engine', status: null, error: 'no wasm' });
    expect(architecturesOf(s)).toEqual([]);
  });
  it('every tab has a label', () => {
    for (const tab of TABS) expect(`nav.${tab}` in en, tab).toBe(true);
  });
  it('keeps at most 5 notices', () => {
    let s = open();
    for (let i = 0; i < 8; i++) s = reduce(s, { type: 'notify', notice: { id: i, kind: 'info', text: String(i) } });
    expect(s.notices.map((n) => n.id)).toEqual([3, 4, 5, 6, 7]);
    s = reduce(s, { type: 'dismiss', id: 5 });
    expect(s.notices.map((n) => n.id)).toEqual([3, 4, 6, 7]);
  });
  it('shows the update prompt until the user says later', () => {
    let s = reduce(open(), { type: 'update-ready' });
    expect(s.updateReady).toBe(true);
    s = reduce(s, { type: 'update-later' });
    expect(s.updateReady).toBe(false);
  });
  it('does not mutate the previous state', () => {
    const s = open();
    const copy = JSON.stringify(s.photos.map((p) => p.id));
    reduce(s, { type: 'photos-removed', ids: ['a'] });
    expect(JSON.stringify(s.photos.map((p) => p.id))).toBe(copy);
  });
});

describe('classesReady', () => {
  it('needs two classes with two photos each', () => {
    const classes = [{ id: 'c1', name: 'a' }, { id: 'c2', name: 'b' }];
    expect(classesReady(classes, [photo('1', 'c1'), photo('2', 'c1'), photo('3', 'c2')])).toBe(false);
    expect(classesReady(classes, [photo('1', 'c1'), photo('2', 'c1'), photo('3', 'c2'), photo('4', 'c2')])).toBe(true);
    expect(classesReady(classes.slice(0, 1), [photo('1', 'c1'), photo('2', 'c1')])).toBe(false);
  });
});

describe('photos at scale', () => {
  it('folds and unfolds a class; restored photos go back in the order they were added', () => {
    let s = initialState('en');
    s = reduce(s, { type: 'fold', classId: 'a', folded: true });
    expect(s.folded).toEqual(['a']);
    expect(reduce(s, { type: 'fold', classId: 'a', folded: true })).toBe(s);
    expect(reduce(s, { type: 'fold', classId: 'a', folded: false }).folded).toEqual([]);
    const photo = (id: string, added: number) => ({ id, projectId: 'p', classId: 'c', name: id, thumb: new Blob(), width: 1, height: 1, added });
    s = reduce(s, { type: 'photos-added', photos: [photo('1', 1), photo('3', 3)] });
    s = reduce(s, { type: 'photos-added', photos: [photo('2', 2)] });
    expect(s.photos.map((p) => p.id)).toEqual(['1', '2', '3']);
  });
});
