// The app's state, in one place. `reduce` is a pure function of the state
// and an action (unit-tested); `dispatch` applies it and tells subscribers.
// Side effects (IndexedDB, the workers) live in actions/, one module per
// concern, which dispatch the outcome here. The DOM never holds state of its own.

import type { CheckpointRecord, ClassDef, ModelRecord, PhotoMeta, Project, RunRecord } from './db';
import type { EngineStatus, EpochFigures, PresetConfig, Progress, Verdict } from './engine/protocol';
import type { Lang } from './i18n';
import { idleSort, sortReduce, type SortAction, type SortState } from './sort/state';

/** The tabs of an open project, in the order the tab bar shows them. */
export const TABS = ['photos', 'train', 'results', 'predict', 'models'] as const;
export type Tab = (typeof TABS)[number];

export interface Notice {
  id: number;
  kind: 'info' | 'error' | 'success';
  /** Text in the current language: a function is called at each render (actions/notices.ts). */
  text: NoticeText;
  /** Lines shown under a "show list" toggle (an import's skipped files). */
  details?: string[] | (() => string[]);
  /** A button on the notice (Undo). */
  action?: { label: NoticeText; run: () => void };
}

/** A notice's words: a function rendering them in the current language, or a fixed string. */
export type NoticeText = string | (() => string);

export interface TrainingView {
  running: boolean;
  stopping: boolean;
  /** The run has ended and its model is being stored: still `running` until it is (Start, Predict and Results wait). */
  saving: boolean;
  started: number;
  /** Epochs the model had before this run (continuing training). */
  baseEpoch: number;
  /** Epochs planned for this run. */
  epochs: number;
  progress: Progress | null;
  /** Photos read into the engine before the first step (the worker's ingest events). */
  ingested: { done: number; total: number } | null;
  /** Epoch figures of the current (or last) run. */
  history: EpochFigures[];
  /** Loss of each progress event, for the live step plot. */
  steps: { step: number; loss: number }[];
  /** Epochs of this run done before it was interrupted and resumed (0 for a run not resumed). */
  resumedEpochs: number;
}

export interface Prediction {
  name: string;
  thumbUrl: string | null;
  classes: string[];
  /** null when the photo could not be read. */
  probabilities: number[] | null;
  /** The checked file, so it can be added to the training photos. */
  file: File | null;
  /** The engine's calibrated answer ("not sure" below the model's threshold); null when unreadable. */
  verdict: Verdict | null;
}

/** What each preset trains for the project's photo and class counts, and its measured time per step. */
export interface PresetPlans {
  /** `${photoCount}:${classCount}` they were made for. */
  key: string;
  configs: PresetConfig[];
  /** ms per step by preset name, as measured on this device (absent until measured). */
  msPerStep: Record<string, number>;
}

/** A training that stopped at an epoch's end and can resume there (db.CheckpointRecord without its bytes). */
export type ResumeOffer = Pick<CheckpointRecord, 'projectId' | 'epoch' | 'baseEpoch' | 'saved'> & { epochs: number };

export interface State {
  lang: Lang;
  tab: Tab;
  projects: Project[];
  currentId: string | null;
  photos: PhotoMeta[];
  models: ModelRecord[];
  runs: RunRecord[];
  /** The loaded engine (with the architectures it can build); null until it is ready. */
  engine: EngineStatus | null;
  engineError: string | null;
  /** Id of the saved model whose weights the engine holds now (null: none or unknown). */
  loadedModelId: string | null;
  training: TrainingView;
  importing: { done: number; total: number } | null;
  predictions: Prediction[];
  predicting: boolean;
  notices: Notice[];
  updateReady: boolean;
  /** The advanced training settings panel is open. */
  advancedOpen: boolean;
  /** Classes whose photos are folded away on the Photos screen. */
  folded: readonly string[];
  /** The browser says it is online (navigator.onLine). */
  online: boolean;
  presetPlans: PresetPlans | null;
  /** Predict also from the mirror image (test-time augmentation). */
  tta: boolean;
  /** Sort photos (sort/state.ts): many photos through the model in use. */
  sort: SortState;
  /** Interrupted trainings that can resume (their checkpoints, without the bytes). */
  interrupted: ResumeOffer[];
  /** Projects another tab of this browser is training now (it holds their training lock). */
  trainingElsewhere: readonly string[];
  /** The browser's storage for this app (navigator.storage); null until read or where it has none. */
  storage: StorageInfo | null;
}

export interface StorageInfo {
  /** Bytes used and the most this app may use (estimate()). */
  usage: number;
  quota: number;
  /** The browser keeps the data even when space runs low (persist() granted); null: not asked yet. */
  persisted: boolean | null;
}

export const idleTraining: TrainingView = {
  running: false,
  stopping: false,
  saving: false,
  started: 0,
  baseEpoch: 0,
  epochs: 0,
  progress: null,
  ingested: null,
  history: [],
  steps: [],
  resumedEpochs: 0,
};

export function initialState(lang: Lang): State {
  return {
    lang,
    tab: 'photos',
    projects: [],
    currentId: null,
    photos: [],
    models: [],
    runs: [],
    engine: null,
    engineError: null,
    loadedModelId: null,
    training: idleTraining,
    importing: null,
    predictions: [],
    predicting: false,
    notices: [],
    updateReady: false,
    advancedOpen: false,
    folded: [],
    online: true,
    presetPlans: null,
    tta: true,
    sort: idleSort,
    interrupted: [],
    trainingElsewhere: [],
    storage: null,
  };
}

export type Action =
  | { type: 'lang'; lang: Lang }
  | { type: 'tab'; tab: Tab }
  | { type: 'projects'; projects: Project[] }
  | { type: 'project-saved'; project: Project }
  | { type: 'project-removed'; id: string }
  | { type: 'open'; id: string | null; photos: PhotoMeta[]; models: ModelRecord[]; runs: RunRecord[] }
  | { type: 'photos-added'; photos: PhotoMeta[] }
  | { type: 'photos-removed'; ids: string[] }
  | { type: 'photo-moved'; id: string; classId: string }
  | { type: 'model-added'; model: ModelRecord }
  | { type: 'model-removed'; id: string }
  | { type: 'run-added'; run: RunRecord }
  | { type: 'engine'; status: EngineStatus | null; error: string | null }
  | { type: 'model-loaded'; id: string | null }
  | { type: 'train-start'; now: number; baseEpoch: number; epochs: number; history?: EpochFigures[]; resumedEpochs?: number }
  | { type: 'train-progress'; progress: Progress }
  | { type: 'train-stopping' }
  | { type: 'train-ingest'; done: number; total: number }
  | { type: 'train-end' }
  | { type: 'train-saving' }
  | { type: 'importing'; progress: { done: number; total: number } | null }
  | { type: 'notify'; notice: Notice }
  | { type: 'dismiss'; id: number }
  | { type: 'update-ready' }
  | { type: 'update-later' }
  | { type: 'advanced'; open: boolean }
  | { type: 'predicting' }
  | { type: 'predictions'; predictions: Prediction[] }
  | { type: 'fold'; classId: string; folded: boolean }
  | { type: 'online'; online: boolean }
  | { type: 'preset-plans'; plans: PresetPlans }
  | { type: 'preset-measured'; key: string; preset: string; msPerStep: number }
  | { type: 'tta'; on: boolean }
  | { type: 'sort'; action: SortAction }
  | { type: 'interrupted'; offers: ResumeOffer[] }
  | { type: 'training-elsewhere'; projectIds: readonly string[] }
  | { type: 'storage'; info: StorageInfo };

const MAX_STEP_POINTS = 2000;

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'lang':
      return { ...s, lang: a.lang };
    case 'tab':
      return { ...s, tab: a.tab };
    case 'projects':
      return { ...s, projects: a.projects };
    case 'project-saved': {
      const exists = s.projects.some((p) => p.id === a.project.id);
      const projects = exists ? s.projects.map((p) => (p.id === a.project.id ? a.project : p)) : [...s.projects, a.project];
      return { ...s, projects };
    }
    case 'project-removed': {
      const projects = s.projects.filter((p) => p.id !== a.id);
      if (s.currentId !== a.id) return { ...s, projects };
      return { ...s, projects, currentId: null, photos: [], models: [], runs: [], training: idleTraining };
    }
    case 'open':
      return { ...s, currentId: a.id, photos: a.photos, models: a.models, runs: a.runs, training: idleTraining, predictions: [], loadedModelId: null, sort: idleSort };
    case 'photos-added': {
      // Restored photos (undo) go back to their place, in the order they were added.
      const photos = [...s.photos, ...a.photos];
      const last = s.photos[s.photos.length - 1];
      if (last && a.photos.some((p) => p.added < last.added)) photos.sort((x, y) => x.added - y.added);
      return { ...s, photos };
    }
    case 'photos-removed': {
      const gone = new Set(a.ids);
      return { ...s, photos: s.photos.filter((p) => !gone.has(p.id)) };
    }
    case 'photo-moved':
      return { ...s, photos: s.photos.map((p) => (p.id === a.id ? { ...p, classId: a.classId } : p)) };
    case 'model-added':
      return { ...s, models: [...s.models.filter((m) => m.id !== a.model.id), a.model] };
    case 'model-removed':
      return { ...s, models: s.models.filter((m) => m.id !== a.id), loadedModelId: s.loadedModelId === a.id ? null : s.loadedModelId };
    case 'run-added':
      return { ...s, runs: [...s.runs, a.run] };
    case 'engine':
      return { ...s, engine: a.status, engineError: a.error };
    case 'model-loaded':
      return { ...s, loadedModelId: a.id };
    case 'train-start':
      // Training changes the engine's weights: they are no saved model's any more.
      return { ...s, loadedModelId: null, training: { ...idleTraining, running: true, started: a.now, baseEpoch: a.baseEpoch, epochs: a.epochs, history: a.history ?? [], resumedEpochs: a.resumedEpochs ?? 0 } };
    case 'train-progress': {
      const t = s.training;
      const steps = [...t.steps, { step: a.progress.step, loss: a.progress.loss }];
      if (steps.length > MAX_STEP_POINTS) steps.splice(0, steps.length - MAX_STEP_POINTS);
      return { ...s, training: { ...t, progress: a.progress, history: [...t.history, ...a.progress.epochs], steps } };
    }
    case 'train-ingest':
      return { ...s, training: { ...s.training, ingested: { done: a.done, total: a.total } } };
    case 'train-stopping':
      return { ...s, training: { ...s.training, stopping: true } };
    case 'train-end':
      return { ...s, training: { ...s.training, running: false, stopping: false, saving: false } };
    case 'train-saving':
      return { ...s, training: { ...s.training, stopping: false, saving: true } };
    case 'importing':
      return { ...s, importing: a.progress };
    case 'notify':
      return { ...s, notices: [...s.notices.slice(-4), a.notice] };
    case 'dismiss':
      return { ...s, notices: s.notices.filter((n) => n.id !== a.id) };
    case 'update-ready':
      return { ...s, updateReady: true };
    case 'update-later':
      return { ...s, updateReady: false };
    case 'advanced':
      return s.advancedOpen === a.open ? s : { ...s, advancedOpen: a.open };
    case 'predicting':
      return { ...s, predicting: true };
    case 'predictions':
      return { ...s, predicting: false, predictions: a.predictions };
    case 'fold': {
      if (s.folded.includes(a.classId) === a.folded) return s;
      return { ...s, folded: a.folded ? [...s.folded, a.classId] : s.folded.filter((id) => id !== a.classId) };
    }
    case 'online':
      return s.online === a.online ? s : { ...s, online: a.online };
    case 'preset-plans':
      return { ...s, presetPlans: a.plans };
    case 'preset-measured':
      if (s.presetPlans?.key !== a.key) return s;
      return { ...s, presetPlans: { ...s.presetPlans, msPerStep: { ...s.presetPlans.msPerStep, [a.preset]: a.msPerStep } } };
    case 'tta':
      return { ...s, tta: a.on };
    case 'sort':
      return { ...s, sort: sortReduce(s.sort, a.action) };
    case 'interrupted':
      return { ...s, interrupted: a.offers };
    case 'training-elsewhere':
      return { ...s, trainingElsewhere: a.projectIds };
    case 'storage':
      return { ...s, storage: a.info };
    default: {
      const never: never = a;
      throw new Error(`Unhandled action ${JSON.stringify(never)}`);
    }
  }
}

// ---- The live store ----

type Listener = (s: State, prev: State) => void;
let state: State = initialState('en');
const listeners = new Set<Listener>();

export function getState(): State {
  return state;
}

export function resetState(s: State): void {
  state = s;
}

export function dispatch(a: Action): void {
  const prev = state;
  state = reduce(state, a);
  for (const l of listeners) l(state, prev);
}

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Call `render` now and whenever any of the values picked by `select`
 * changes (compared by identity), so a UI piece redraws only for its slice.
 */
export function watch<T extends readonly unknown[]>(select: (s: State) => T, render: (s: State) => void): void {
  let last = select(state);
  render(state);
  subscribe((s) => {
    const next = select(s);
    if (next.length !== last.length || next.some((v, i) => v !== last[i])) {
      last = next;
      render(s);
    }
  });
}

// ---- Selectors ----

export function currentProject(s: State): Project | null {
  return s.projects.find((p) => p.id === s.currentId) ?? null;
}

/** How many of the loaded photos are in one of the project's classes (what training and the estimates count). */
export function projectPhotoCount(s: State, project: Project): number {
  return s.photos.filter((p) => project.classes.some((c) => c.id === p.classId)).length;
}

export function photosOf(s: State, classId: string): PhotoMeta[] {
  return s.photos.filter((p) => p.classId === classId);
}

/** The model in use: the one chosen for the current project, else the newest. */
export function latestModel(s: State): ModelRecord | null {
  const chosen = currentProject(s)?.modelId;
  return s.models.find((m) => m.id === chosen) ?? (s.models.length ? s.models[s.models.length - 1]! : null);
}

/** The architectures the engine can build (empty until it has loaded). */
export function architecturesOf(s: State): readonly string[] {
  return s.engine?.architectures ?? [];
}

export function classesReady(classes: ClassDef[], photos: PhotoMeta[]): boolean {
  const counts = classes.map((c) => photos.filter((p) => p.classId === c.id).length);
  return classes.length >= 2 && counts.every((n) => n >= 2);
}
