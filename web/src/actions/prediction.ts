// Prediction: the model in use on photos the user picks. Predict shows a
// few at once; Sort (actions/sort.ts) runs many through classifyFiles in
// batches.

import type { ModelRecord } from '../db';
import { decodeFile } from '../decode/client';
import type { Verdict } from '../engine/protocol';
import { t } from '../i18n';
import { dispatch, getState, latestModel, type Prediction } from '../store';
import { engine } from './engine';
import { errText, notify } from './notices';

/** Loads the model's weights into the engine unless it holds them already. */
export async function ensureLoaded(model: ModelRecord): Promise<void> {
  if (getState().loadedModelId === model.id) return;
  await engine().loadModel(model.bytes.slice(0));
  dispatch({ type: 'model-loaded', id: model.id });
}

/** One checked file: its thumbnail and the engine's answer (both null when it could not be read). */
export interface Classified {
  thumb: Blob | null;
  verdict: Verdict | null;
}

/**
 * Decodes the files in the decode pool (the ≤256 px photo the engine reads,
 * as the import stores it) and asks the engine, in its worker, for the
 * calibrated answer of each, with the mirror image too when `tta`. The
 * loaded model must be the one meant (ensureLoaded).
 */
export async function classifyFiles(files: File[], tta: boolean): Promise<Classified[]> {
  const decoded = await Promise.all(files.map((f) => decodeFile(f)));
  const buffers: ArrayBuffer[] = [];
  const slots: number[] = [];
  for (let i = 0; i < decoded.length; i++) {
    const d = decoded[i]!;
    if (d.type === 'ok') {
      slots.push(i);
      buffers.push(await d.image.arrayBuffer());
    }
  }
  const verdicts = buffers.length ? await engine().predict(buffers, tta) : [];
  return decoded.map((d, i) => {
    const slot = slots.indexOf(i);
    return { thumb: d.type === 'ok' ? d.thumb : null, verdict: slot >= 0 ? verdicts[slot] ?? null : null };
  });
}

/**
 * True, after saying so, while a model trains: the engine is busy with it,
 * and checking photos works again when it finishes (Predict says so too).
 */
export function refusedWhileTraining(): boolean {
  if (!getState().training.running) return false;
  notify('info', () => t('train.busyPredict'));
  return true;
}

export async function predictFiles(files: File[]): Promise<void> {
  const model = latestModel(getState());
  if (!model || files.length === 0 || refusedWhileTraining()) return;
  dispatch({ type: 'predicting' });
  const out: Prediction[] = [];
  try {
    await ensureLoaded(model);
    const checked = await classifyFiles(files, getState().tta);
    checked.forEach(({ thumb, verdict: v }, i) => {
      if (!v) notify('error', () => t('predict.unreadable', { name: files[i]!.name }));
      out.push({
        name: files[i]!.name,
        thumbUrl: thumb ? URL.createObjectURL(thumb) : null,
        classes: model.info.classes,
        probabilities: v?.probabilities ?? null,
        verdict: v,
        file: files[i]!,
      });
    });
  } catch (e) {
    notify('error', () => errText(e));
  }
  for (const old of getState().predictions) if (old.thumbUrl) URL.revokeObjectURL(old.thumbUrl);
  dispatch({ type: 'predictions', predictions: out });
}
