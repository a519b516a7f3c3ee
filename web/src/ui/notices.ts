// Messages (toasts) and the "new version available" prompt. Toasts are
// kept by id, so a new one does not close the list another has open.

import { dismissNotice, keepNotice, noticeDetails, noticeText } from '../actions/notices';
import { t } from '../i18n';
import { dispatch, watch, type Notice } from '../store';
import { h } from './dom';

// Rendered again in the new language when it changes (setupNotices drops its cache then).
function toast(n: Notice): HTMLElement {
  const lines = noticeDetails(n);
  const details = lines.length
    ? h('details', { class: 'toast-details', ontoggle: (e: Event) => (e.target as HTMLDetailsElement).open && keepNotice(n.id) },
        h('summary', { 'data-testid': 'notice-list-toggle' }, t('notice.showList', { count: lines.length })),
        h('ul', { 'data-testid': 'notice-list' }, lines.map((d) => h('li', {}, d))))
    : null;
  return h('div', { class: `toast ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${n.kind}` },
    h('div', { class: 'toast-body' }, h('span', {}, noticeText(n.text)), details),
    n.action && h('button', { type: 'button', class: 'btn toast-action', 'data-testid': 'notice-action', onclick: () => {
      n.action!.run();
      dismissNotice(n.id);
    } }, noticeText(n.action.label)),
    h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('common.dismiss'), onclick: () => dismissNotice(n.id) }, '✕'));
}

/**
 * The notices' height as `--notices-h` on the page: the screens keep that
 * much room below their content, and the Train screen's Start and Stop stay
 * above the notices (styles.css, "Notices"), so a stack of notices never
 * covers them.
 */
function reserveRoom(el: HTMLElement): void {
  const set = () => document.documentElement.style.setProperty('--notices-h', `${Math.ceil(el.getBoundingClientRect().height)}px`);
  new ResizeObserver(set).observe(el);
  set();
}

export function setupNotices(el: HTMLElement, onReload: () => void): void {
  reserveRoom(el);
  const shown = new Map<Notice, HTMLElement>();
  let lang = '';
  watch((s) => [s.lang, s.notices, s.updateReady], (s) => {
    if (s.lang !== lang) shown.clear();
    lang = s.lang;
    for (const n of shown.keys()) if (!s.notices.includes(n)) shown.delete(n);
    const toasts = s.notices.map((n) => {
      let e = shown.get(n);
      if (!e) shown.set(n, (e = toast(n)));
      return e;
    });
    el.replaceChildren(
      s.updateReady ? h('div', { class: 'toast update', role: 'alert', 'data-testid': 'update-prompt' },
        h('span', {}, t('update.ready')),
        h('span', { class: 'row' },
          h('button', { type: 'button', class: 'btn', onclick: () => dispatch({ type: 'update-later' }) }, t('update.later')),
          h('button', { type: 'button', class: 'btn primary', onclick: onReload }, t('update.reload')))) : '',
      ...toasts,
    );
  });
}
