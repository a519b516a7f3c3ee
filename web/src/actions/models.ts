// Saved models: download as a .barnlab file, import one (checked by the
// engine first), delete.

import * as db from '../db';
import type { ModelRecord } from '../db';
import { t } from '../i18n';
import { currentProject, dispatch, getState } from '../store';
import { engine } from './engine';
import { errText, notify } from './notices';

/** The file name of a download: project name and the model's date. */
export function modelFileName(projectName: string | null, created: number): string {
  const stamp = new Date(created).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `${(projectName ?? 'model').replace(/[^\p{L}\p{N}_-]+/gu, '-')}-${stamp}.barnlab`;
}

export function downloadModel(model: ModelRecord): void {
  const project = currentProject(getState());
  const url = URL.createObjectURL(new Blob([model.bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = modelFileName(project?.name ?? null, model.created);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Checks the file with the engine before keeping it: a bad file changes nothing. */
export async function importModelFile(file: File): Promise<void> {
  const project = currentProject(getState());
  if (!project) return;
  const bytes = await file.arrayBuffer();
  try {
    const info = await engine().loadModel(bytes.slice(0));
    const rec: ModelRecord = {
      id: db.newId(),
      projectId: project.id,
      created: Date.now(),
      source: 'imported',
      bytes,
      info,
      history: [],
      evaluation: null,
      photoIds: [],
    };
    await db.putModel(rec);
    dispatch({ type: 'model-loaded', id: rec.id });
    dispatch({ type: 'model-added', model: rec });
    notify('success', t('models.imported', { name: file.name }));
  } catch (e) {
    notify('error', t('models.bad', { name: file.name, message: errText(e) }));
  }
}

export async function deleteModel(id: string): Promise<void> {
  await db.deleteModel(id);
  dispatch({ type: 'model-removed', id });
}
