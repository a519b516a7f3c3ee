// Projects: open, create, rename, delete, and their training settings.

import * as db from '../db';
import type { Project } from '../db';
import { t } from '../i18n';
import { DEFAULT_SETTINGS, type TrainSettings } from '../presets';
import { currentProject, dispatch, getState } from '../store';
import { notify } from './notices';
import { beforeFirstProject, refreshStorage } from './storage';

/** Opens a project (null: back to the project list). Not while training. */
export async function openProject(id: string | null): Promise<void> {
  if (getState().training.running) {
    notify('error', () => t('train.alreadyRunning'));
    return;
  }
  if (id === null) {
    dispatch({ type: 'open', id: null, photos: [], models: [], runs: [] });
  } else {
    const [photos, models, runs] = await Promise.all([db.listPhotos(id), db.listModels(id), db.listRuns(id)]);
    dispatch({ type: 'open', id, photos, models, runs });
    dispatch({ type: 'tab', tab: models.length ? 'predict' : 'photos' });
  }
  await db.setMeta('currentProject', id);
}

export async function createProject(name: string, classes: string[] = []): Promise<Project> {
  // The first project: ask the browser to keep the data (the answer is shown).
  void beforeFirstProject();
  const project: Project = {
    id: db.newId(),
    name: name.trim() || t('project.defaultName'),
    created: Date.now(),
    classes: classes.map((n) => ({ id: db.newId(), name: n })),
    settings: { ...DEFAULT_SETTINGS },
  };
  await db.putProject(project);
  dispatch({ type: 'project-saved', project });
  await openProject(project.id);
  dispatch({ type: 'tab', tab: 'photos' });
  return project;
}

/** Stores a changed project and puts it in the state. */
export async function saveProject(p: Project): Promise<void> {
  await db.putProject(p);
  dispatch({ type: 'project-saved', project: p });
}

export async function renameProject(name: string): Promise<void> {
  const p = currentProject(getState());
  if (p && name.trim()) await saveProject({ ...p, name: name.trim() });
}

export async function deleteProject(id: string): Promise<void> {
  if (getState().training.running && getState().currentId === id) {
    notify('error', () => t('train.alreadyRunning'));
    return;
  }
  await db.deleteProject(id);
  dispatch({ type: 'project-removed', id });
  void refreshStorage();
  if (getState().currentId === null) await db.setMeta('currentProject', null);
}

export async function saveSettings(settings: TrainSettings): Promise<void> {
  const p = currentProject(getState());
  if (p) await saveProject({ ...p, settings });
}
