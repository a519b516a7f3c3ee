// Classes of the open project: add, rename (deleting one, with its photos
// and an undo, is in photos.ts).

import * as db from '../db';
import type { ClassDef } from '../db';
import { t } from '../i18n';
import { currentProject, getState } from '../store';
import { notify } from './notices';
import { saveProject } from './projects';

export async function addClass(name: string): Promise<ClassDef | null> {
  const p = currentProject(getState());
  const clean = name.trim();
  if (!p || !clean) return null;
  if (p.classes.some((c) => c.name === clean)) {
    notify('error', () => t('classes.exists', { name: clean }));
    return null;
  }
  const c = { id: db.newId(), name: clean };
  await saveProject({ ...p, classes: [...p.classes, c] });
  return c;
}

export async function renameClass(id: string, name: string): Promise<void> {
  const p = currentProject(getState());
  const clean = name.trim();
  if (!p || !clean) return;
  if (p.classes.some((c) => c.name === clean && c.id !== id)) {
    notify('error', () => t('classes.exists', { name: clean }));
    return;
  }
  await saveProject({ ...p, classes: p.classes.map((c) => (c.id === id ? { ...c, name: clean } : c)) });
}
