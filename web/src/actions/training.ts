// Training: checks the settings against the engine's architectures, sends
// the project's photos to the engine worker, records the run, and keeps
// the model only when the run produced a valid one. While it trains it
// holds the project's training lock (tabs.ts) and the screen wake lock, and
// keeps the checkpoint of every epoch end in IndexedDB until the run ends,
// so a run cut short resumes where it stopped (resumeTraining).

import * as db from '../db';
import type { ModelRecord, PhotoMeta, Project } from '../db';
import { isEngineDeath } from '../engine/client';
import type { Checkpoint, EpochFigures, ModelSpec, TrainConfig, TrainOutcome } from '../engine/protocol';
import { percent, t, type Key } from '../i18n';
import { learnedNothing, noBetterThanGuessing } from '../quality/learned-nothing';
import { compareWithInUse } from '../quality/worse-model';
import { presetOf, settingsFromPreset, toTrainConfig, validateSettings, type TrainSettings } from '../presets';
import { currentProject, dispatch, getState, latestModel } from '../store';
import { refreshInterrupted } from './checkpoints';
import { engine, engineReady } from './engine';
import { useModel } from './models';
import { trainingOrder } from './training-order';
import { codeText, errText, notify, type NoticeOptions } from './notices';
import { openProject } from './projects';
import { isQuotaError } from './storage';
import { withTrainingLock } from './tabs';
import { holdWakeLock, releaseWakeLock } from './wake-lock';

export async function startTraining(mode: 'new' | 'continue'): Promise<void> {
  let architectures: readonly string[];
  try {
    architectures = (await engineReady()).architectures;
  } catch (e) {
    notify('error', () => t('engine.failed', { message: errText(e) }));
    return;
  }
  const s = getState();
  const project = currentProject(s);
  if (!project) return;
  if (s.training.running) {
    notify('error', () => t('train.alreadyRunning'));
    return;
  }
  const labelOf = new Map(project.classes.map((c, i) => [c.id, i]));
  // In an order fixed by the photos themselves (class, then name, then
  // content), not by when they were imported: the same photos, settings and
  // seed train the same model however the import interleaved them, as the
  // CLI's (class folder, file name) order does.
  const photos = s.photos.filter((p) => labelOf.has(p.classId)).sort(trainingOrder(labelOf));
  // A preset is what the engine chooses for this many photos and classes now,
  // with its seed (so the CLI's --preset trains the same); custom settings get a new seed.
  let settings: TrainSettings = project.settings;
  let seed = 1 + Math.floor(Math.random() * 1e9);
  if (settings.preset !== 'custom') {
    let config;
    try {
      config = presetOf(await engine().presets(photos.length, project.classes.length), settings.preset);
    } catch (e) {
      notify('error', () => t('train.failed', { message: errText(e) }));
      return;
    }
    if (!config) {
      notify('error', () => t('train.failed', { message: `unknown preset ${settings.preset}` }));
      return;
    }
    settings = settingsFromPreset(config);
    seed = config.train.seed;
  }
  const problems = validateSettings(settings, architectures);
  if (problems.length) {
    notify('error', () => t('train.invalid', { fields: problems.map((k) => t(k)).join(', ') }));
    return;
  }
  const classNames = project.classes.map((c) => c.name);
  let base: ModelRecord | null = null;
  if (mode === 'continue') {
    base = latestModel(s);
    if (!base || base.info.classes.join('\n') !== classNames.join('\n')) {
      notify('error', () => t('train.classesChanged'));
      return;
    }
  }
  await runLocked({
    project,
    settings,
    config: toTrainConfig(settings, seed),
    model: base ? { bytes: base.bytes.slice(0) } : { spec: { arch: settings.arch, size: settings.size, dropout: settings.dropout, classes: classNames } },
    photos,
    labelOf,
    classNames,
    baseEpoch: base?.info.epochs ?? 0,
    baseHistory: base?.history ?? [],
    started: Date.now(),
    done: [],
  });
}

/** A run to train now: a new one, or the rest of an interrupted one. */
interface RunPlan {
  project: Project;
  settings: TrainSettings;
  /** The engine config of the whole run (its epochs: the run's planned total). */
  config: TrainConfig;
  model: { bytes: ArrayBuffer } | { spec: ModelSpec };
  /** In the order the engine gets them (the split depends on it). */
  photos: PhotoMeta[];
  labelOf: Map<string, number>;
  classNames: string[];
  /** Epochs of the model the run started from, and their figures. */
  baseEpoch: number;
  baseHistory: EpochFigures[];
  started: number;
  /** Epochs of this run done before an interruption (resuming), else empty. */
  done: EpochFigures[];
}

/** Trains holding the project's training lock; another tab holding it is said so. */
async function runLocked(plan: RunPlan): Promise<void> {
  const ran = await withTrainingLock(plan.project.id, () => run(plan));
  if (!ran) notify('error', () => t('train.otherTab'));
  await refreshInterrupted();
}

async function run(plan: RunPlan): Promise<void> {
  const { project, settings } = plan;
  const resumedEpoch = plan.baseEpoch + plan.done.length;
  // The engine's weights change from here on: no saved model is loaded any more.
  dispatch({ type: 'train-start', now: Date.now(), baseEpoch: resumedEpoch, epochs: plan.config.epochs - plan.done.length,
    history: [...plan.baseHistory, ...plan.done], resumedEpochs: plan.done.length });
  holdWakeLock();
  let outcome: TrainOutcome | null = null;
  let failure = '';
  let died = false;
  // This run's epochs so far, and the checkpoint writes in order (each replaces the last).
  const history = [...plan.done];
  let saving: Promise<void> = Promise.resolve();
  let saveFailed = false;
  const checkpoint = (c: Checkpoint): void => {
    const rec: db.CheckpointRecord = {
      projectId: project.id, started: plan.started, settings, config: plan.config, baseEpoch: plan.baseEpoch,
      baseHistory: plan.baseHistory, photoIds: plan.photos.map((p) => p.id), classNames: plan.classNames,
      epoch: c.epoch, history: history.slice(), bytes: c.bytes, saved: Date.now(),
    };
    saving = saving.then(() => db.putCheckpoint(rec)).catch((e: unknown) => {
      // Training goes on; only resuming after an interruption is lost. Say it once.
      if (!saveFailed) notify('error', () => t('resume.saveFailed', { message: errText(e) }));
      saveFailed = true;
    });
  };
  try {
    // Ids only: the worker reads the images from IndexedDB a batch at a time.
    const photos = plan.photos.map((p) => ({ id: p.id, label: plan.labelOf.get(p.classId)! }));
    const config = { ...plan.config, epochs: plan.config.epochs - plan.done.length };
    outcome = await engine().train(plan.model, photos, config, (progress) => {
      history.push(...progress.epochs);
      dispatch({ type: 'train-progress', progress });
    }, checkpoint, (done, total) => dispatch({ type: 'train-ingest', done, total }));
  } catch (e) {
    failure = errText(e);
    died = isEngineDeath(e);
  }
  // Still running until the run and its model are stored: Start, Predict and
  // Results come back only then, with the new model.
  dispatch({ type: 'train-saving' });
  let said: Said | null = null;
  try {
    said = await record(plan, { outcome, failure, died, history, saving });
  } catch (e) {
    // IndexedDB refused (a full disk): the run is over, its model not kept.
    notify('error', () => t('train.saveFailed', { message: isQuotaError(e) ? t('train.diskFull') : errText(e) }));
  } finally {
    releaseWakeLock();
    dispatch({ type: 'train-end' });
  }
  if (said) notify('success', said.text, said.opts);
}

/** What a run ended with, for record(). */
interface Ended {
  outcome: TrainOutcome | null;
  failure: string;
  died: boolean;
  /** The epochs that reached the page (a run that failed has no outcome). */
  history: EpochFigures[];
  /** The checkpoint writes still under way. */
  saving: Promise<void>;
}

/** The notice of a kept model, raised once the training state is idle again. */
interface Said {
  text: () => string;
  opts?: NoticeOptions;
}

/**
 * Stores the run and, when it produced a valid model, the model (made the
 * one in use unless it is clearly worse than the one in use: worse-model.ts);
 * says what went wrong otherwise. Returns the notice of the kept model.
 */
async function record(plan: RunPlan, ended: Ended): Promise<Said | null> {
  const { project, settings } = plan;
  const { outcome, failure, died } = ended;
  await ended.saving;
  // The run ended (whatever its end): nothing to resume. A failed one keeps its checkpoint.
  if (outcome) await db.deleteCheckpoint(project.id);
  // Finite weights that answer the same for every photo: not presented as trained.
  const dead = outcome?.model && outcome.end !== 'diverged' && outcome.evaluation
    ? learnedNothing(outcome.evaluation, plan.classNames.length) : null;
  const run: db.RunRecord = {
    id: db.newId(),
    projectId: project.id,
    started: plan.started,
    settings,
    end: dead ? 'learned-nothing' : outcome?.end ?? 'failed',
    message: outcome?.message || failure,
    history: outcome ? [...plan.done, ...outcome.history] : ended.history,
  };
  await db.putRun(run);
  if (getState().currentId === project.id) dispatch({ type: 'run-added', run });
  if (!outcome) {
    if (!died) notify('error', () => t('train.failed', { message: failure }));
    return null;
  }
  if (outcome.skipped.length) notify('error', () => t('train.skipped', { count: outcome.skipped.length }));
  if (outcome.end === 'stopped' && !outcome.model) {
    // Stopped while the photos were read, before a step: no weights changed.
    notify('info', () => t('train.stoppedBeforeStep'));
    return null;
  }
  if (outcome.end === 'diverged' || !outcome.model || !outcome.info) {
    // Never replace the last good model with a failed one.
    notify('error', () => outcome.end === 'diverged' ? t('train.diverged', { message: codeText(outcome.code, outcome.message) }) : t('train.failed', { message: outcome.message }));
    return null;
  }
  const rec: ModelRecord = {
    id: db.newId(),
    projectId: project.id,
    created: Date.now(),
    source: 'trained',
    bytes: outcome.model,
    info: outcome.info,
    history: [...plan.baseHistory, ...plan.done, ...outcome.history],
    evaluation: outcome.evaluation,
    photoIds: plan.photos.map((p) => p.id),
    settings,
    saliency: outcome.saliency,
  };
  if (dead) {
    // Not stored, and the model in use stays: a dead model replaces nothing
    // unless the farmer says so (the notice's button, for a while).
    const acc = percent(outcome.evaluation!.accuracy);
    notify('error', () => t(dead === 'one-class' ? 'train.learnedNothing.oneClass' : 'train.learnedNothing.flat', { acc }), {
      ms: DECIDE_MS,
      action: { label: () => t('train.keepAnyway'), run: () => void keepModel(rec, false).catch((e: unknown) =>
        notify('error', () => t('train.saveFailed', { message: isQuotaError(e) ? t('train.diskFull') : errText(e) }))) },
    });
    return null;
  }
  // The model in use when the run ends (of the project still open; another
  // project's is not in the state): a clearly worse new model is stored, not used.
  const s = getState();
  const inUse = s.currentId === project.id ? latestModel(s) : null;
  const comparison = compareWithInUse(rec, inUse);
  const worse = comparison.verdict === 'keep-old';
  await keepModel(rec, true, !worse);
  // Chosen by name: a project that never chose one uses the newest, now the new one.
  if (worse && inUse) await useModel(project.id, inUse.id);
  const key: Key = outcome.end === 'stopped' ? 'train.stopped' : outcome.end === 'early-stopped' ? 'train.early' : 'train.finished';
  if (comparison.verdict !== 'use-new') {
    const figures = { fresh: percent(comparison.fresh), inUse: percent(comparison.inUse) };
    if (!worse) return { text: () => `${t(key)} ${t('train.worsePhotosChanged', figures)}` };
    // A success (the run and its model are kept) that stays while the farmer decides.
    return { text: () => `${t(key)} ${t('train.worseKept', figures)}`, opts: {
      ms: DECIDE_MS,
      action: { label: () => t('train.useNew'), run: () => void useModel(project.id, rec.id).catch((e: unknown) =>
        notify('error', () => t('train.saveFailed', { message: errText(e) }))) },
    } };
  }
  const ev = outcome.evaluation;
  // Kept, but no better than guessing yet (e.g. two epochs): said, not hidden.
  if (ev && noBetterThanGuessing(ev, plan.classNames.length)) {
    const acc = percent(ev.accuracy);
    return { text: () => `${t(key)} ${t('train.atChance', { acc })}` };
  }
  return { text: () => t(key) };
}

/** How long the farmer has to keep a model that learned nothing, or use a worse one (the notice's button). */
const DECIDE_MS = 5 * 60_000;

/**
 * Stores a trained model in its project and, when `use`, makes it the one in
 * use; `loaded`: the engine holds its weights now.
 */
async function keepModel(rec: ModelRecord, loaded: boolean, use = true): Promise<void> {
  await db.putModel(rec);
  if (loaded) dispatch({ type: 'model-loaded', id: rec.id });
  if (getState().currentId === rec.projectId) dispatch({ type: 'model-added', model: rec });
  if (use) await useModel(rec.projectId, rec.id);
}

/**
 * Resumes an interrupted run from its last checkpoint: the same photos in
 * the same order, the same config, the model with its optimizer state, for
 * the epochs left. The engine derives every random choice from (seed,
 * epoch, step), so the weights are those of a run never interrupted.
 */
export async function resumeTraining(projectId: string): Promise<void> {
  if (getState().training.running) {
    notify('error', () => t('train.alreadyRunning'));
    return;
  }
  const rec = await db.getCheckpoint(projectId);
  if (!rec) {
    await refreshInterrupted();
    return;
  }
  if (getState().currentId !== projectId) await openProject(projectId);
  const s = getState();
  const project = currentProject(s);
  if (!project || project.id !== projectId) return;
  const classNames = project.classes.map((c) => c.name);
  if (classNames.join('\n') !== rec.classNames.join('\n')) {
    notify('error', () => t('train.classesChanged'));
    return;
  }
  const labelOf = new Map(project.classes.map((c, i) => [c.id, i]));
  const byId = new Map(s.photos.map((p) => [p.id, p]));
  const photos = rec.photoIds.flatMap((id) => {
    const p = byId.get(id);
    return p && labelOf.has(p.classId) ? [p] : [];
  });
  if (photos.length < rec.photoIds.length) notify('info', () => t('resume.photosChanged', { count: rec.photoIds.length - photos.length }));
  dispatch({ type: 'tab', tab: 'train' });
  await runLocked({
    project,
    settings: rec.settings,
    config: rec.config,
    model: { bytes: rec.bytes },
    photos,
    labelOf,
    classNames,
    baseEpoch: rec.baseEpoch,
    baseHistory: rec.baseHistory,
    started: rec.started,
    done: rec.history,
  });
}

export async function stopTraining(): Promise<void> {
  if (!getState().training.running) return;
  dispatch({ type: 'train-stopping' });
  await engine().stop();
}
