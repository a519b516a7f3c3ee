// The line under Start / Stop saying what leaving the page does now: while
// a model trains, leaving stops it; once it has trained and is being saved,
// leaving may lose the model being saved (the training itself is over).

import type { Key } from '../i18n';
import type { TrainingView } from '../store';

export function leaveNoteKey(tr: Pick<TrainingView, 'running' | 'saving'>): Key | null {
  if (!tr.running) return null;
  return tr.saving ? 'train.leaveSaving' : 'train.leaveWarning';
}
