// A photo enlarged in a dialog, with one button per class: a mistake seen
// in Results or Predict is fixed where it is seen, in one more tap (move
// the photo to its right class, or add it to the training photos).

import type { ClassDef } from '../db';
import { t } from '../i18n';
import { h } from './dom';

export interface PhotoViewOptions {
  /** The image to show large (an object URL or a thumbnail while the larger one loads). */
  src: string;
  /** A larger image to swap in once it is ready. */
  larger?: Promise<string | null>;
  name: string;
  caption?: string;
  classes: ClassDef[];
  /** The class the photo is in now (its button is marked and disabled). */
  currentClassId?: string;
  /** A class to suggest (e.g. what the model said). */
  suggestedClassId?: string;
  /** 'move': the photo is in the project; 'add': it is not yet. */
  mode: 'move' | 'add';
  onPick: (classId: string) => Promise<void>;
  onClose?: () => void;
}

export function openPhotoView(o: PhotoViewOptions): HTMLDialogElement {
  const img = h('img', { src: o.src, alt: o.name, class: 'photo-view-img' });
  void o.larger?.then((u) => { if (u) img.src = u; });
  const dlg: HTMLDialogElement = h('dialog', { class: 'modal photo-view', 'aria-label': t('photo.title'), 'data-testid': 'photo-view' },
    img,
    o.caption ? h('p', { class: 'muted' }, o.caption) : '',
    h('p', {}, h('strong', {}, o.mode === 'move' ? t('photo.moveTo') : t('photo.addTo'))),
    h('div', { class: 'class-choices' }, o.classes.map((c) => {
      const here = c.id === o.currentClassId;
      return h('button', { type: 'button', class: `btn${c.id === o.suggestedClassId ? ' primary' : ''}`, disabled: here,
        'data-testid': 'photo-class', 'aria-label': here ? t('photo.isIn', { name: c.name }) : c.name,
        onclick: async () => {
          dlg.close();
          await o.onPick(c.id);
        } }, c.name);
    })),
    h('div', { class: 'row end' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'photo-close', onclick: () => dlg.close() }, t('common.close'))),
  );
  dlg.addEventListener('close', () => {
    dlg.remove();
    o.onClose?.();
  });
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}
