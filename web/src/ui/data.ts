// "Your data" on the home screen: how much of the browser's storage the
// app uses, whether the browser promised to keep it (with a button to ask),
// and restoring a project from a backup file (each project's "Back up" is
// on its row in the list above).

import { importBackup } from '../actions/backup';
import { askPersistence, formatBytes } from '../actions/storage';
import { t } from '../i18n';
import { watch } from '../store';
import { filePicker, h, pickButton } from './dom';

export function setupData(el: HTMLElement): void {
  const input = filePicker({ accept: '.zip,application/zip', testid: 'backup-input' }, (files) => void importBackup(files[0]!));
  watch((s) => [s.lang, s.currentId, s.storage], (s) => {
    el.hidden = s.currentId !== null;
    // The input outlives the section's renders: its label follows the language even while hidden.
    input.setAttribute('aria-label', t('data.restore'));
    if (el.hidden) return;
    const st = s.storage;
    el.replaceChildren(
      h('section', { class: 'card', 'data-testid': 'your-data' },
        h('h2', {}, t('data.title')),
        h('p', { 'data-testid': 'storage-usage' }, st && st.quota ? t('data.usage', { used: formatBytes(st.usage), quota: formatBytes(st.quota) }) : t('data.unknown')),
        st?.persisted === true ? h('p', { 'data-testid': 'storage-kept' }, t('data.kept'))
          : h('p', { 'data-testid': 'storage-not-kept' }, t('data.notKept')),
        st?.persisted === false ? h('p', {}, h('button', { type: 'button', class: 'btn', onclick: () => void askPersistence() }, t('data.keep'))) : '',
        h('p', { class: 'muted' }, t('data.hint')),
        pickButton(t('data.restore'), 'btn', input),
      ),
    );
  });
}
