import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRecord, PhotoMeta, Project } from '../../src/db';
import type { TrainOutcome } from '../../src/engine/protocol';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { noticeText } from '../../src/actions/notices';
import { getState, initialState, latestModel, reduce, resetState } from '../../src/store';

// The training action over the real store, with IndexedDB replaced by a
// store whose model writes wait until the test lets them through (a slow
// disk), and the engine worker by one that answers a finished run. The
// browser-only locks (Web Locks, Wake Lock) run the training directly.
const stored: { models: ModelRecord[]; runs: unknown[] } = { models: [], runs: [] };
let modelWrite: { resolve: () => void; reject: (e: unknown) => void } | null = null;
vi.mock('../../src/db', () => ({
  newId: () => Math.random().toString(36).slice(2),
  putProject: async () => {},
  putRun: async (r: unknown) => void stored.runs.push(r),
  putCheckpoint: async () => {},
  deleteCheckpoint: async () => {},
  listCheckpoints: async () => [],
  putModel: (m: ModelRecord) => new Promise<void>((resolve, reject) => {
    modelWrite = { resolve: () => { stored.models.push(m); resolve(); }, reject };
  }),
}));
let outcome: TrainOutcome;
vi.mock('../../src/actions/engine', () => ({
  engineReady: async () => ({ architectures: ['mlp'] }),
  engine: () => ({ train: async () => outcome, stop: async () => ({ wasTraining: false }) }),
}));
vi.mock('../../src/actions/tabs', () => ({
  withTrainingLock: async (_id: string, train: () => Promise<void>) => (await train(), true),
  lockedProjects: async () => [],
}));
vi.mock('../../src/actions/wake-lock', () => ({ holdWakeLock: () => {}, releaseWakeLock: () => {} }));

const { startTraining } = await import('../../src/actions/training');

const classes = [{ id: 'c1', name: 'cow' }, { id: 'c2', name: 'pig' }];
const project: Project = { id: 'p', name: 'Herd', created: 1, classes, modelId: 'old',
  settings: { ...DEFAULT_SETTINGS, preset: 'custom', arch: 'mlp', epochs: 1 } };
const info = { arch: 'mlp', classes: ['cow', 'pig'], size: 64, channels: 3, epochs: 1, parameters: 10, summary: '', temperature: 1, threshold: 0 };
const oldModel = { id: 'old', projectId: 'p', created: 1, source: 'trained', bytes: new ArrayBuffer(4), info, history: [], evaluation: null,
  photoIds: [] } as unknown as ModelRecord;
const photos: PhotoMeta[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, projectId: 'p', classId: classes[i % 2]!.id, name: `${id}.jpg`, added: i } as unknown as PhotoMeta));

function openProject(): void {
  let s = initialState('en');
  s = reduce(s, { type: 'projects', projects: [project] });
  resetState(reduce(s, { type: 'open', id: 'p', photos, models: [oldModel], runs: [] }));
}

const noticeTexts = () => getState().notices.map((n) => [n.kind, noticeText(n.text)]);

beforeEach(() => {
  stored.models = [];
  stored.runs = [];
  modelWrite = null;
  outcome = { end: 'finished', message: '', model: new ArrayBuffer(8), info, evaluation: null, history: [], skipped: [], saliency: [] };
  openProject();
});

describe('a finished run while its model is stored', () => {
  it('stays running ("saving") until the model is stored: Start, Predict and Results then have the new model', async () => {
    const run = startTraining('new');
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    // The disk is slow: the model is not stored yet.
    let s = getState();
    expect(s.training).toMatchObject({ running: true, saving: true });
    expect(latestModel(s)?.id).toBe('old');
    expect(noticeTexts()).toEqual([]);
    modelWrite!.resolve();
    await run;
    s = getState();
    expect(s.training).toMatchObject({ running: false, saving: false });
    expect(stored.models).toHaveLength(1);
    const fresh = stored.models[0]!;
    expect(latestModel(s)?.id).toBe(fresh.id);
    expect(s.loadedModelId).toBe(fresh.id);
    expect(noticeTexts()).toEqual([['success', 'Training finished. The model is saved.']]);
  });

  it('a store that fails (a full disk) ends the run, says so, and keeps the previous model in use', async () => {
    const run = startTraining('new');
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await run;
    const s = getState();
    expect(s.training).toMatchObject({ running: false, saving: false });
    expect(latestModel(s)?.id).toBe('old');
    expect(noticeTexts()).toEqual([['error', expect.stringMatching(/^The trained model could not be stored: the device’s storage is full .*Your previous model is kept/)]]);
  });
});
