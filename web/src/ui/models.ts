// Saved models: download (.barnlab), import, delete; and the training runs.

import { deleteModel, downloadModel, importModelFile } from '../actions/models';
import { formatDate, t, tOr } from '../i18n';
import { watch } from '../store';
import { confirmAction } from './dialog';
import { filePicker, h, pickButton } from './dom';

export function setupModels(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.models, s.runs], (s) => {
    el.hidden = s.currentId === null || s.tab !== 'models';
    if (el.hidden) return;
    const input = filePicker({ accept: '.barnlab,application/octet-stream', testid: 'model-input' }, (files) => void importModelFile(files[0]!));
    const models = [...s.models].reverse();
    el.replaceChildren(
      h('section', { class: 'card' },
        h('div', { class: 'class-head' }, h('h2', {}, t('models.title')), pickButton(t('models.import'), 'btn', input)),
        models.length === 0 ? h('p', { class: 'empty' }, t('models.empty'))
          : h('ul', { class: 'list' }, models.map((m, i) => h('li', { class: 'list-row', 'data-testid': 'model-row' },
              h('div', {},
                h('strong', {}, m.source === 'trained' ? t('models.trained', { date: formatDate(m.created) }) : t('models.importedOn', { date: formatDate(m.created) })),
                i === 0 ? h('span', { class: 'badge ok' }, t('models.current')) : '',
                h('div', { class: 'muted' }, t('models.info', { arch: m.info.arch, size: m.info.size, epochs: m.info.epochs, params: m.info.parameters.toLocaleString() })),
                h('div', { class: 'muted small' }, m.info.classes.join(', ')),
              ),
              h('div', { class: 'row' },
                h('button', { type: 'button', class: 'btn primary', 'data-testid': 'download-model', onclick: () => downloadModel(m) }, t('models.download')),
                h('button', { type: 'button', class: 'btn danger-text', onclick: async () => {
                  if (await confirmAction(t('models.deleteConfirm'), t('models.delete'))) await deleteModel(m.id);
                } }, t('models.delete')),
              ),
            ))),
      ),
      h('section', { class: 'card' },
        h('h3', {}, t('models.runs')),
        s.runs.length === 0 ? h('p', { class: 'muted' }, t('models.noRuns'))
          : h('ul', { class: 'plain' }, [...s.runs].reverse().map((r) => h('li', {},
              t('models.run', { date: formatDate(r.started), end: tOr(`end.${r.end}`, r.end), epochs: r.history.length }),
              r.message ? h('span', { class: 'muted small' }, ` — ${r.message}`) : ''))),
      ),
    );
  });
}
