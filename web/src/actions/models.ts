// Saved models: download as a .barnlab file, import one (checked by the
// engine first; one whose classes differ from the project's is kept only
// if the user says so), choose the one in use, delete.

import * as db from '../db';
import type { ModelRecord } from '../db';
import { t } from '../i18n';
import { currentProject, dispatch, getState } from '../store';
import { downloadName, saveBlob } from './download';
import { engine } from './engine';
import { saveProject } from './projects';
import { errText, notify } from './notices';

/** The file name of a download: project name and the model's date. */
export function modelFileName(projectName: string | null, created: number): string {
  return downloadName(projectName ?? 'model', created, 'barnlab');
}

export function downloadModel(model: ModelRecord): void {
  const project = currentProject(getState());
  saveBlob(new Blob([model.bytes], { type: 'application/octet-stream' }), modelFileName(project?.name ?? null, model.created));
}

/** The model as a standard ONNX file (made by the engine), for other tools. */
export async function downloadOnnx(model: ModelRecord): Promise<void> {
  const project = currentProject(getState());
  try {
    const onnx = await engine().onnx(model.bytes.slice(0));
    saveBlob(new Blob([onnx], { type: 'application/octet-stream' }),
             downloadName(project?.name ?? 'model', model.created, 'onnx'));
  } catch (e) {
    notify('error', () => t('models.onnxFailed', { reason: errText(e) }));
  }
}

/**
 * Checks the file with the engine before keeping it: a bad file changes
 * nothing. When its classes differ from the project's, `ask(text)` decides.
 */
export async function importModelFile(file: File, ask: (text: string) => Promise<boolean>): Promise<void> {
  const project = currentProject(getState());
  if (!project) return;
  if (getState().training.running) {
    notify('info', () => t('train.busyImport'));
    return;
  }
  const bytes = await file.arrayBuffer();
  try {
    const info = await engine().loadModel(bytes.slice(0));
    // The engine holds the file's weights now, whatever the answer below.
    dispatch({ type: 'model-loaded', id: null });
    const ours = project.classes.map((c) => c.name);
    if (!sameClasses(info.classes, ours)) {
      const text = t('models.classesDiffer', { theirs: info.classes.join(', '), ours: ours.join(', ') || '–' });
      if (!(await ask(text))) return;
    }
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
    await useModel(project.id, rec.id);
    notify('success', () => t('models.imported', { name: file.name }));
  } catch (e) {
    notify('error', () => t('models.bad', { name: file.name, message: errText(e) }));
  }
}

export async function deleteModel(id: string): Promise<void> {
  await db.deleteModel(id);
  dispatch({ type: 'model-removed', id });
}

/** Same class names, in the same order (the order is the model's output order). */
export function sameClasses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Makes `modelId` the model in use of project `projectId` (stored with the project). */
export async function useModel(projectId: string, modelId: string): Promise<void> {
  const p = getState().projects.find((x) => x.id === projectId);
  if (p && p.modelId !== modelId) await saveProject({ ...p, modelId });
}
