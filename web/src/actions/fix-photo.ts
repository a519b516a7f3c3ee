// Fixing a mistake where it is seen: a photo of Results moved to its right
// class, a photo checked in Predict added to the training photos.

import * as db from '../db';
import { t } from '../i18n';
import { currentProject, getState } from '../store';
import { errText, notify } from './notices';
import { importFiles, movePhoto } from './photos';

function className(classId: string): string {
  return currentProject(getState())?.classes.find((c) => c.id === classId)?.name ?? '';
}

/** An object URL of the stored (≤256 px) photo, larger than its thumbnail; the caller revokes it. */
export async function storedPhotoUrl(photoId: string): Promise<string | null> {
  const rec = await db.getPhoto(photoId);
  return rec ? URL.createObjectURL(rec.image) : null;
}

export async function movePhotoTo(photoId: string, classId: string): Promise<void> {
  try {
    await movePhoto(photoId, classId);
    notify('success', () => t('photo.moved', { name: className(classId) }));
  } catch (e) {
    notify('error', () => errText(e));
  }
}

/** Imports the checked file into the class (the import says how it went). */
export async function addCheckedPhoto(file: File, classId: string): Promise<void> {
  await importFiles([{ file, classId }]);
}
