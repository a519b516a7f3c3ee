// Before a folder import into a project that already has classes: a small
// dialog that says, for each top-level folder, which class its photos go
// to (an existing one, e.g. a Korean-named class for a folder "cow", or a
// new class named after the folder). A folder whose name is a class's
// name starts matched to it.

import type { ClassDef } from '../db';
import { t } from '../i18n';
import { h } from './dom';

export interface FolderCount {
  name: string;
  count: number;
}

/** Resolves to folder name -> class id (null: a new class named after the folder), or null when cancelled. */
export function askFolderMapping(folders: FolderCount[], classes: ClassDef[]): Promise<Map<string, string | null> | null> {
  return new Promise((resolve) => {
    const selects = folders.map((f) => {
      const same = classes.find((c) => c.name.toLocaleLowerCase() === f.name.toLocaleLowerCase());
      return h('select', { class: 'select', 'data-testid': `map-${f.name}`, 'aria-label': f.name },
        h('option', { value: '', selected: !same }, t('map.new', { name: f.name })),
        classes.map((c) => h('option', { value: c.id, selected: c === same }, c.name)));
    });
    const dlg = h('dialog', { class: 'modal', 'aria-labelledby': 'map-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'map-title' }, t('map.title')),
        h('p', { class: 'muted' }, t('map.intro')),
        h('div', { class: 'map-rows' }, folders.map((f, i) => h('label', { class: 'map-row' },
          h('span', {}, h('strong', {}, f.name), ' ', h('span', { class: 'muted' }, t('map.files', { count: f.count }))),
          selects[i]))),
        h('div', { class: 'row end' },
          h('button', { type: 'submit', class: 'btn', value: '' }, t('common.cancel')),
          h('button', { type: 'submit', class: 'btn primary', value: 'ok', 'data-testid': 'map-ok' }, t('map.import')),
        ),
      ),
    );
    dlg.addEventListener('close', () => {
      resolve(dlg.returnValue === 'ok' ? new Map(folders.map((f, i) => [f.name, selects[i]!.value || null])) : null);
      dlg.remove();
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}
