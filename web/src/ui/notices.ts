// Messages (toasts) and the "new version available" prompt.

import { t } from '../i18n';
import { dispatch, watch } from '../store';
import { h } from './dom';

export function setupNotices(el: HTMLElement, onReload: () => void): void {
  watch((s) => [s.lang, s.notices, s.updateReady], (s) => {
    el.replaceChildren(
      s.updateReady ? h('div', { class: 'toast update', role: 'alert', 'data-testid': 'update-prompt' },
        h('span', {}, t('update.ready')),
        h('span', { class: 'row' },
          h('button', { type: 'button', class: 'btn', onclick: () => dispatch({ type: 'update-later' }) }, t('update.later')),
          h('button', { type: 'button', class: 'btn primary', onclick: onReload }, t('update.reload')))) : '',
      ...s.notices.map((n) => h('div', { class: `toast ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${n.kind}` },
        h('span', {}, n.text),
        h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('common.dismiss'), onclick: () => dispatch({ type: 'dismiss', id: n.id }) }, '✕'))),
    );
  });
}
