// Classes and their photos: add by picker, folder, drag and drop, camera;
// move or remove a photo (with undo); fold a class away.
//
// Built for thousands of photos: the screen's frame (toolbar, one card per
// class) is rebuilt only when the classes, the language or the tab change;
// a change of photos only refreshes the counts and the grids, and each
// grid keeps just the tiles near the screen (ui/thumbgrid.ts). Import
// progress has its own small element.

import { addClass, renameClass } from '../actions/classes';
import { deleteClassUndoable, importFiles, movePhoto, removePhoto, type IncomingFile } from '../actions/photos';
import type { ClassDef, PhotoMeta } from '../db';
import { t } from '../i18n';
import { currentProject, dispatch, getState, watch, type State } from '../store';
import { openCamera } from './camera';
import { askText } from './dialog';
import { filePicker, h, pickButton, thumbUrl } from './dom';
import { askFolderMapping } from './folder-map';
import { VirtualGrid } from './thumbgrid';

/** Files from a folder picker: the first level of folders names the class; deeper files belong to their top folder. */
export function folderItems(files: File[]): IncomingFile[] {
  return files.map((file) => {
    const parts = (file.webkitRelativePath || file.name).split('/');
    // root/class/.../file.jpg -> class; root/file.jpg -> no class (skipped, listed)
    return { file, className: parts.length >= 3 ? parts[1] : undefined };
  });
}

/** A folder import; into a project that has classes, first asks which class each folder is unless every name matches. */
async function importFolder(files: File[]): Promise<void> {
  const items = folderItems(files);
  const classes = currentProject(getState())?.classes ?? [];
  const counts = new Map<string, number>();
  for (const i of items) if (i.className) counts.set(i.className, (counts.get(i.className) ?? 0) + 1);
  const names = [...counts.keys()].sort();
  if (classes.length && names.some((n) => !classes.some((c) => c.name === n))) {
    const mapping = await askFolderMapping(names.map((name) => ({ name, count: counts.get(name)! })), classes);
    if (!mapping) return;
    for (const i of items) {
      const id = i.className ? mapping.get(i.className) : null;
      if (id) {
        i.classId = id;
        i.className = undefined;
      }
    }
  }
  await importFiles(items);
}

/** Tile size: about six across on a tablet, three on a phone. */
const GRID = { minTile: (w: number) => (w < 500 ? 96 : 112), gap: 8, caption: 52 };

/**
 * The move menu of a tile. Its class options are added when it is first
 * touched or focused: dozens of tiles come and go at each scroll step, and
 * most menus are never opened.
 */
function moveMenu(p: PhotoMeta, c: ClassDef, classes: ClassDef[]): HTMLSelectElement {
  const select = h('select', { class: 'select move', 'aria-label': t('photos.move'), 'data-testid': 'move', onchange: () => {
    if (select.value) void movePhoto(p.id, select.value);
  } }, h('option', { value: '' }, t('photos.moveTo')));
  const fill = () => {
    if (select.options.length === 1) select.append(...classes.filter((o) => o.id !== c.id).map((o) => h('option', { value: o.id }, o.name)));
  };
  for (const ev of ['pointerdown', 'mousedown', 'focus', 'keydown']) select.addEventListener(ev, fill);
  return select;
}

function tile(p: PhotoMeta, c: ClassDef, classes: ClassDef[]): HTMLElement {
  return h('figure', { class: 'thumb', 'data-testid': 'thumb' },
    h('img', { src: thumbUrl(p.id, p.thumb), alt: t('photos.selected', { name: p.name }), title: p.name, decoding: 'async' }),
    h('button', { type: 'button', class: 'icon-btn thumb-del', 'aria-label': t('photos.remove'), title: t('photos.remove'), onclick: () => removePhoto(p.id) }, '✕'),
    h('figcaption', {}, classes.length > 1 && moveMenu(p, c, classes)),
  );
}

interface Card {
  classId: string;
  count: HTMLElement;
  grid: VirtualGrid<PhotoMeta> | null;
  empty: HTMLElement;
}

export function setupPhotos(el: HTMLElement): void {
  const progress = h('div', { class: 'import-slot' });
  const frame = h('div', {});
  el.append(progress, frame);
  let cards: Card[] = [];

  const fill = (s: State) => {
    const byClass = new Map<string, PhotoMeta[]>();
    for (const p of s.photos) {
      let list = byClass.get(p.classId);
      if (!list) byClass.set(p.classId, (list = []));
      list.push(p);
    }
    for (const card of cards) {
      const photos = byClass.get(card.classId) ?? [];
      card.count.textContent = t('classes.photos', { count: photos.length });
      card.empty.hidden = photos.length > 0;
      card.grid?.setItems(photos);
    }
  };

  watch((s) => [s.lang, s.tab, s.currentId, s.projects, s.folded], (s) => {
    const project = currentProject(s);
    el.hidden = !project || s.tab !== 'photos';
    for (const c of cards) c.grid?.destroy();
    cards = [];
    if (el.hidden || !project) {
      frame.replaceChildren();
      return;
    }
    const classes = project.classes;
    const folder = filePicker({ folder: true, multiple: true, testid: 'folder-input' }, (files) => void importFolder(files));
    const toolbar = h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-class', onclick: async () => {
        const name = await askText(t('classes.namePrompt'), t('classes.defaultName', { n: classes.length + 1 }));
        if (name !== null) await addClass(name);
      } }, '+ ', t('classes.add')),
      pickButton(t('photos.folder'), 'btn', folder),
      // An empty project says it in its empty-state card instead (not twice).
      classes.length === 0 ? '' : h('span', { class: 'muted hint' }, t('photos.folderHint')),
    );
    const cardEls = classes.map((c) => {
      const folded = s.folded.includes(c.id);
      const input = filePicker({ accept: 'image/*', multiple: true, testid: `files-${c.name}` }, (files) =>
        void importFiles(files.map((file) => ({ file, classId: c.id }))));
      const count = h('span', { class: 'count' });
      const grid = folded ? null : new VirtualGrid<PhotoMeta>((p) => tile(p, c, classes), GRID, { 'data-testid': `grid-${c.name}` });
      const empty = h('p', { class: 'empty' }, t('photos.emptyClass'), ' ', t('photos.drop'));
      cards.push({ classId: c.id, count, grid, empty });
      const card = h('section', { class: `card class-card${folded ? ' folded' : ''}`, 'data-testid': `class-${c.name}` },
        h('div', { class: 'class-head' },
          h('h2', {}, h('button', { type: 'button', class: 'fold', 'aria-expanded': String(!folded), 'data-testid': `fold-${c.name}`,
            title: t(folded ? 'classes.unfold' : 'classes.fold', { name: c.name }),
            onclick: () => dispatch({ type: 'fold', classId: c.id, folded: !folded }) },
            h('span', { class: 'chevron', 'aria-hidden': 'true' }, folded ? '▸' : '▾'), c.name, ' ', count)),
          h('div', { class: 'row' },
            pickButton(t('photos.add'), 'btn primary', input),
            h('button', { type: 'button', class: 'btn', onclick: () => openCamera(c.name, (file) => void importFiles([{ file, classId: c.id }])) }, t('photos.camera')),
            h('button', { type: 'button', class: 'btn', onclick: async () => {
              const name = await askText(t('classes.namePrompt'), c.name);
              if (name !== null) await renameClass(c.id, name);
            } }, t('classes.rename')),
            h('button', { type: 'button', class: 'btn danger-text', 'data-testid': `delete-class-${c.name}`, onclick: () => deleteClassUndoable(c.id) }, t('classes.delete')),
          ),
        ),
        folded ? '' : empty,
        grid?.el,
      );
      card.addEventListener('dragover', (e) => {
        e.preventDefault();
        card.classList.add('drop');
      });
      card.addEventListener('dragleave', () => card.classList.remove('drop'));
      card.addEventListener('drop', (e) => {
        e.preventDefault();
        card.classList.remove('drop');
        const files = Array.from(e.dataTransfer?.files ?? []);
        if (files.length) void importFiles(files.map((file) => ({ file, classId: c.id })));
      });
      return card;
    });
    frame.replaceChildren(
      toolbar,
      classes.length === 0 ? h('section', { class: 'card empty-state' }, h('p', {}, t('classes.empty')), h('p', { class: 'muted' }, t('photos.folderHint'))) : '',
      ...cardEls,
    );
    fill(s);
  });

  // Photos added, moved or removed: counts and grids only, and only while the screen shows.
  watch((s) => [s.photos], (s) => {
    if (!el.hidden) fill(s);
  });

  watch((s) => [s.lang, s.importing], (s) => {
    progress.replaceChildren(s.importing ? h('div', { class: 'progress-line', role: 'status', 'data-testid': 'importing' },
      t('photos.importing', s.importing), h('progress', { max: s.importing.total, value: s.importing.done })) : '');
  });
}
