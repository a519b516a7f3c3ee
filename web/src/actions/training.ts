// Training: checks the settings against the engine's architectures, sends
// the project's photos to the engine worker, records the run, and keeps
// the model only when the run produced a valid one.

import * as db from '../db';
import type { ModelRecord } from '../db';
import type { TrainOutcome } from '../engine/protocol';
import { t } from '../i18n';
import { toTrainConfig, validateSettings } from '../presets';
import { currentProject, dispatch, getState, latestModel } from '../store';
import { engine, engineReady } from './engine';
import { useModel } from './models';
import { codeText, errText, notify } from './notices';

export async function startTraining(mode: 'new' | 'continue'): Promise<void> {
  let architectures: readonly string[];
  try {
    architectures = (await engineReady()).architectures;
  } catch (e) {
    notify('error', t('engine.failed', { message: errText(e) }));
    return;
  }
  const s = getState();
  const project = currentProject(s);
  if (!project) return;
  if (s.training.running) {
    notify('error', t('train.alreadyRunning'));
    return;
  }
  const settings = project.settings;
  const problems = validateSettings(settings, architectures);
  if (problems.length) {
    notify('error', t('train.invalid', { fields: problems.map((k) => t(k)).join(', ') }));
    return;
  }
  const classNames = project.classes.map((c) => c.name);
  let base: ModelRecord | null = null;
  if (mode === 'continue') {
    base = latestModel(s);
    if (!base || base.info.classes.join('\n') !== classNames.join('\n')) {
      notify('error', t('train.classesChanged'));
      return;
    }
  }
  const labelOf = new Map(project.classes.map((c, i) => [c.id, i]));
  const photos = s.photos.filter((p) => labelOf.has(p.classId));
  // The engine's weights change from here on: no saved model is loaded any more.
  dispatch({ type: 'train-start', now: Date.now(), baseEpoch: base?.info.epochs ?? 0, epochs: settings.epochs, history: base?.history ?? [] });
  const started = Date.now();
  let outcome: TrainOutcome | null = null;
  let failure = '';
  try {
    const images = await Promise.all(
      photos.map(async (p) => {
        const rec = await db.getPhoto(p.id);
        return { bytes: rec ? await rec.image.arrayBuffer() : new ArrayBuffer(0), label: labelOf.get(p.classId)! };
      }),
    );
    const model = base
      ? { bytes: base.bytes.slice(0) }
      : { spec: { arch: settings.arch, size: settings.size, dropout: settings.dropout, classes: classNames } };
    outcome = await engine().train(model, images, toTrainConfig(settings, 1 + Math.floor(Math.random() * 1e9)), (progress) =>
      dispatch({ type: 'train-progress', progress }),
    );
  } catch (e) {
    failure = errText(e);
  }
  dispatch({ type: 'train-end' });
  const run: db.RunRecord = {
    id: db.newId(),
    projectId: project.id,
    started,
    settings,
    end: outcome?.end ?? 'failed',
    message: outcome?.message || failure,
    history: outcome?.history ?? [],
  };
  await db.putRun(run);
  if (getState().currentId === project.id) dispatch({ type: 'run-added', run });
  if (!outcome) {
    notify('error', t('train.failed', { message: failure }));
    return;
  }
  if (outcome.skipped.length) notify('error', t('train.skipped', { count: outcome.skipped.length }));
  if (outcome.end === 'diverged' || !outcome.model || !outcome.info) {
    // Never replace the last good model with a failed one.
    notify('error', outcome.end === 'diverged' ? t('train.diverged', { message: codeText(outcome.code, outcome.message) }) : t('train.failed', { message: outcome.message }));
    return;
  }
  const rec: ModelRecord = {
    id: db.newId(),
    projectId: project.id,
    created: Date.now(),
    source: 'trained',
    bytes: outcome.model,
    info: outcome.info,
    history: [...(base?.history ?? []), ...outcome.history],
    evaluation: outcome.evaluation,
    photoIds: photos.map((p) => p.id),
    settings,
  };
  await db.putModel(rec);
  dispatch({ type: 'model-loaded', id: rec.id });
  if (getState().currentId === project.id) dispatch({ type: 'model-added', model: rec });
  await useModel(project.id, rec.id);
  const key = outcome.end === 'stopped' ? 'train.stopped' : outcome.end === 'early-stopped' ? 'train.early' : 'train.finished';
  notify('success', t(key));
}

export async function stopTraining(): Promise<void> {
  if (!getState().training.running) return;
  dispatch({ type: 'train-stopping' });
  await engine().stop();
}
