// Prediction: the newest model of the project on photos the user picks.

import type { ModelRecord } from '../db';
import { decodeFile } from '../decode/client';
import { t } from '../i18n';
import { dispatch, getState, latestModel, type Prediction } from '../store';
import { engine } from './engine';
import { errText, notify } from './notices';

/** Loads the model's weights into the engine unless it holds them already. */
async function ensureLoaded(model: ModelRecord): Promise<void> {
  if (getState().loadedModelId === model.id) return;
  await engine().loadModel(model.bytes.slice(0));
  dispatch({ type: 'model-loaded', id: model.id });
}

export async function predictFiles(files: File[]): Promise<void> {
  const model = latestModel(getState());
  if (!model || files.length === 0) return;
  dispatch({ type: 'predicting' });
  const out: Prediction[] = [];
  try {
    await ensureLoaded(model);
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
    const probs = buffers.length ? await engine().predict(buffers) : [];
    decoded.forEach((d, i) => {
      const slot = slots.indexOf(i);
      const p = slot >= 0 ? probs[slot] ?? null : null;
      if (!p) notify('error', t('predict.unreadable', { name: files[i]!.name }));
      out.push({
        name: files[i]!.name,
        thumbUrl: d.type === 'ok' ? URL.createObjectURL(d.thumb) : null,
        classes: model.info.classes,
        probabilities: p,
        file: files[i]!,
      });
    });
  } catch (e) {
    notify('error', errText(e));
  }
  for (const old of getState().predictions) if (old.thumbUrl) URL.revokeObjectURL(old.thumbUrl);
  dispatch({ type: 'predictions', predictions: out });
}
