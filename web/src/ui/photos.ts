// Classes and their photos: add by picker, folder, drag and drop, camera;
// move or remove a photo.

import { addClass, deleteClass, renameClass } from '../actions/classes';
import { importFiles, movePhoto, removePhoto, type IncomingFile } from '../actions/photos';
import { t } from '../i18n';
import { currentProject, photosOf, watch } from '../store';
import { openCamera } from './camera';
import { askText, confirmAction } from './dialog';
import { filePicker, h, pickButton, thumbUrl } from './dom';

/** Files from a folder picker: the first sub-folder names the class. */
function folderItems(files: File[]): IncomingFile[] {
  return files.map((file) => {
    const parts = (file.webkitRelativePath || file.name).split('/');
    // root/class/file.jpg -> class; root/file.jpg -> no class (skipped with a message)
    return { file, className: parts.length >= 3 ? parts[parts.length - 2] : undefined };
  });
}


export function setupPhotos(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.projects, s.photos, s.importing], (s) => {
    const project = currentProject(s);
    el.hidden = !project || s.tab !== 'photos';
    if (el.hidden || !project) return;
    const classes = project.classes;
    const folder = filePicker({ folder: true, multiple: true, testid: 'folder-input' }, (files) => void importFiles(folderItems(files)));
    const toolbar = h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'btn primary', 'data-testid': 'add-class', onclick: async () => {
        const name = await askText(t('classes.namePrompt'), t('classes.defaultName', { n: classes.length + 1 }));
        if (name !== null) await addClass(name);
      } }, '+ ', t('classes.add')),
      pickButton(t('photos.folder'), 'btn', folder),
      h('span', { class: 'muted hint' }, t('photos.folderHint')),
    );
    const importing = s.importing && h('div', { class: 'progress-line', role: 'status', 'data-testid': 'importing' },
      t('photos.importing', s.importing), h('progress', { max: s.importing.total, value: s.importing.done }));
    const cards = classes.map((c) => {
      const photos = photosOf(s, c.id);
      const input = filePicker({ accept: 'image/*', multiple: true, testid: `files-${c.name}` }, (files) =>
        void importFiles(files.map((file) => ({ file, classId: c.id }))));
      const card = h('section', { class: 'card class-card', 'data-testid': `class-${c.name}` },
        h('div', { class: 'class-head' },
          h('h2', {}, c.name, ' ', h('span', { class: 'count' }, t('classes.photos', { count: photos.length }))),
          h('div', { class: 'row' },
            pickButton(t('photos.add'), 'btn primary', input),
            h('button', { type: 'button', class: 'btn', onclick: () => openCamera(c.name, (file) => void importFiles([{ file, classId: c.id }])) }, t('photos.camera')),
            h('button', { type: 'button', class: 'btn', onclick: async () => {
              const name = await askText(t('classes.namePrompt'), c.name);
              if (name !== null) await renameClass(c.id, name);
            } }, t('classes.rename')),
            h('button', { type: 'button', class: 'btn danger-text', onclick: async () => {
              if (await confirmAction(t('classes.deleteConfirm', { name: c.name, count: photos.length }), t('classes.delete'))) await deleteClass(c.id);
            } }, t('classes.delete')),
          ),
        ),
        photos.length === 0
          ? h('p', { class: 'empty' }, t('photos.emptyClass'), ' ', t('photos.drop'))
          : h('div', { class: 'thumbs' }, photos.map((p) => h('figure', { class: 'thumb' },
              h('img', { src: thumbUrl(p.id, p.thumb), alt: t('photos.selected', { name: p.name }), loading: 'lazy', title: p.name }),
              h('figcaption', {},
                classes.length > 1 && h('select', { class: 'select tiny', 'aria-label': t('photos.move'), onchange: (e: Event) => {
                  const v = (e.target as HTMLSelectElement).value;
                  if (v) void movePhoto(p.id, v);
                } }, h('option', { value: '' }, t('photos.move')), classes.filter((o) => o.id !== c.id).map((o) => h('option', { value: o.id }, o.name))),
                h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('photos.remove'), title: t('photos.remove'), onclick: () => removePhoto(p.id) }, '✕'),
              ),
            ))),
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
    el.replaceChildren(
      toolbar,
      importing || '',
      classes.length === 0 ? h('section', { class: 'card empty-state' }, h('p', {}, t('classes.empty')), h('p', { class: 'muted' }, t('photos.folderHint'))) : '',
      ...cards,
    );
  });
}
