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

/** A checking result of 3 classes x 20 photos all given class 0 (Wilson interval as the engine's). */
const deadEvaluation = {
  accuracy: 1 / 3, loss: Math.log(3), count: 60, confusion: [[20, 0, 0], [20, 0, 0], [20, 0, 0]], perClass: [],
  misclassified: Array.from({ length: 40 }, (_, i) => ({ index: i, label: 1 + (i % 2), predicted: 0, probability: 1 / 3 })),
  accuracyLow: 0.2297, accuracyHigh: 0.4559, confused: [], eceBefore: 0, eceAfter: 0, temperature: 1, threshold: 0,
};

/** Starts a run of a three-class project whose checking result is `evaluation`. */
function trainThreeClasses(evaluation: TrainOutcome['evaluation']): Promise<void> {
  outcome = { ...outcome, evaluation };
  const three = { ...project, classes: [...classes, { id: 'c3', name: 'goat' }] };
  resetState(reduce(getState(), { type: 'projects', projects: [three] }));
  return startTraining('new');
}

describe('a run that learned nothing', () => {
  it('is said plainly with what to do, stores no model and keeps the one in use until the farmer keeps it', async () => {
    const run = trainThreeClasses(deadEvaluation);
    await vi.waitFor(() => expect(getState().training.running).toBe(false));
    await run;
    expect(modelWrite).toBeNull();
    expect(latestModel(getState())?.id).toBe('old');
    expect(stored.runs).toMatchObject([{ end: 'learned-nothing' }]);
    const notices = getState().notices;
    expect(noticeTexts()).toEqual([['error', 'The model learned nothing: it gives every photo the same class, so its checking accuracy (33.3%) '
      + 'is what guessing gives. It was not saved, and the model in use is unchanged. Lower the learning rate or use the Balanced preset, then train again.']]);
    // "Keep it anyway": stored and made the model in use.
    notices[0]!.action!.run();
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.resolve();
    await vi.waitFor(() => expect(latestModel(getState())?.id).toBe(stored.models[0]?.id));
  });

  it('a model that learned something on the same photos is stored as usual', async () => {
    const confusion = [[16, 2, 2], [3, 15, 2], [2, 2, 16]];
    outcome = { ...outcome, evaluation: { ...deadEvaluation, accuracy: 47 / 60, loss: 0.6, confusion, accuracyLow: 0.66, accuracyHigh: 0.87,
      misclassified: deadEvaluation.misclassified.slice(0, 13).map((m) => ({ ...m, probability: 0.7 })) } };
    const run = startTraining('new');
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.resolve();
    await run;
    expect(latestModel(getState())?.id).toBe(stored.models[0]!.id);
    expect(stored.runs).toMatchObject([{ end: 'finished' }]);
    expect(noticeTexts()).toEqual([['success', 'Training finished. The model is saved.']]);
  });

  it('a model at chance that is not dead (one class, varying confidence: too few epochs) is stored, and the notice says it guesses', async () => {
    const run = trainThreeClasses({ ...deadEvaluation, loss: 1.2,
      misclassified: deadEvaluation.misclassified.map((m, i) => ({ ...m, probability: 0.4 + (i % 10) * 0.03 })) });
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.resolve();
    await run;
    expect(latestModel(getState())?.id).toBe(stored.models[0]!.id);
    expect(noticeTexts()).toEqual([['success', 'Training finished. The model is saved. But on the checking photos it does no better than guessing yet (33.3%): '
      + 'train for more epochs or add photos before trusting it.']]);
  });
});


/** A checking result of 60 photos of two classes with `right` of them right. */
function checked(right: number): NonNullable<TrainOutcome['evaluation']> {
  return { ...deadEvaluation, accuracy: right / 60, loss: 0.5, confusion: [[right - 30, 60 - right], [0, 30]], accuracyLow: right / 60 - 0.1,
    accuracyHigh: right / 60 + 0.1, misclassified: [] };
}

/** The model in use: trained on the project's photos, right on `right` of 60 checking photos. */
function inUseChecking(right: number, photoIds = photos.map((p) => p.id)): void {
  const s = getState();
  resetState(reduce(s, { type: 'open', id: 'p', photos, models: [{ ...oldModel, evaluation: checked(right), photoIds }], runs: [] }));
}

describe('a new model clearly worse than the one in use', () => {
  it('is stored, the model in use stays, and the notice gives both figures with a button that switches to the new one', async () => {
    inUseChecking(50);
    outcome = { ...outcome, evaluation: checked(42) };
    const run = startTraining('new');
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.resolve();
    await run;
    const s = getState();
    expect(stored.models).toHaveLength(1);
    const fresh = stored.models[0]!;
    expect(s.models.map((m) => m.id)).toEqual(['old', fresh.id]);
    expect(latestModel(s)?.id).toBe('old');
    expect(s.projects[0]!.modelId).toBe('old');
    expect(noticeTexts()).toEqual([['success', 'Training finished. The model is saved. But the new model checks 70.0% right, below the model in use (83.3%): '
      + 'the model in use stays. The new one is saved on Models; to use it anyway, tap Use it now.']]);
    const notice = getState().notices[0]!;
    expect(noticeText(notice.action!.label)).toBe('Use it now');
    notice.action!.run();
    await vi.waitFor(() => expect(latestModel(getState())?.id).toBe(fresh.id));
  });

  it('a model as good or better (or lower by less than a point) replaces the one in use, as before', async () => {
    for (const [before, after] of [[50, 53], [50, 50]] as const) {
      inUseChecking(before);
      stored.models = [];
      outcome = { ...outcome, evaluation: checked(after) };
      const run = startTraining('new');
      await vi.waitFor(() => expect(modelWrite).not.toBeNull());
      modelWrite!.resolve();
      modelWrite = null;
      await run;
      expect(latestModel(getState())?.id).toBe(stored.models[0]!.id);
    }
    expect(noticeTexts()).toEqual([['success', 'Training finished. The model is saved.'], ['success', 'Training finished. The model is saved.']]);
  });

  it('when the photos changed a lot since the model in use was checked, the figures are not compared: the new one is used, and that is said', async () => {
    inUseChecking(50, ['x', 'y', 'z', 'a']);
    outcome = { ...outcome, evaluation: checked(42) };
    const run = startTraining('new');
    await vi.waitFor(() => expect(modelWrite).not.toBeNull());
    modelWrite!.resolve();
    await run;
    expect(latestModel(getState())?.id).toBe(stored.models[0]!.id);
    expect(noticeTexts()).toEqual([['success', expect.stringMatching(/^Training finished\. The model is saved\. It checks 70\.0% right, below the previous model \(83\.3%\), but the photos changed a lot/)]]);
  });
});
