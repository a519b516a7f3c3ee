// Messages (toasts) and the "new version available" prompt. Toasts are
// kept by id, so a new one does not close the list another has open.

import { dismissNotice, keepNotice, noticeDetails, noticeText } from '../actions/notices';
import { t } from '../i18n';
import { dispatch, watch, type Notice } from '../store';
import { h } from './dom';
import { shownNotices } from './notice-fold';

// Rendered again in the new language when it changes (setupNotices drops its cache then).
function toast(n: Notice): HTMLElement {
  const lines = noticeDetails(n);
  const details = lines.length
    ? h('details', { class: 'toast-details', ontoggle: (e: Event) => (e.target as HTMLDetailsElement).open && keepNotice(n.id) },
        h('summary', { 'data-testid': 'notice-list-toggle' }, t('notice.showList', { count: lines.length })),
        h('ul', { 'data-testid': 'notice-list' }, lines.map((d) => h('li', {}, d))))
    : null;
  return h('div', { class: `toast ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${n.kind}` },
    h('div', { class: 'toast-body' }, h('span', { class: 'toast-text' }, noticeText(n.text)), details),
    // On a phone a long text is clamped to two lines (styles.css); "more", beside it, opens it. The whole text stays in the page.
    h('button', { type: 'button', class: 'toast-more', hidden: true, 'aria-hidden': 'true', tabindex: '-1', onclick: (e: Event) => {
      (e.currentTarget as HTMLElement).closest('.toast')?.classList.add('open');
      (e.currentTarget as HTMLElement).hidden = true;
      keepNotice(n.id);
    } }, t('notice.more')),
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

/** A phone's notices at once (styles.css folds the rest under "+N more"). */
const PHONE_NOTICES = 2;

/** "more" on the toasts whose text is clamped now (a phone, a long text). */
function markClamped(toasts: readonly HTMLElement[]): void {
  for (const e of toasts) {
    const text = e.querySelector<HTMLElement>('.toast-text');
    const more = e.querySelector<HTMLElement>('.toast-more');
    if (text && more) more.hidden = e.classList.contains('open') || text.scrollHeight <= text.clientHeight + 1;
  }
}

export function setupNotices(el: HTMLElement, onReload: () => void): void {
  reserveRoom(el);
  const shown = new Map<Notice, HTMLElement>();
  let lang = '';
  // The farmer opened the folded notices; closed again when none is folded.
  let unfolded = false;
  let last: Notice[] = [];
  const moreButton = h('button', { type: 'button', class: 'btn notices-more', 'data-testid': 'notices-more', onclick: () => {
    unfolded = !unfolded;
    render(last);
  } });
  const render = (notices: Notice[]) => {
    last = notices;
    const visible = shownNotices(notices, PHONE_NOTICES);
    const folded = notices.length - visible.size;
    if (folded === 0) unfolded = false;
    for (const n of notices) shown.get(n)?.classList.toggle('folded', !unfolded && !visible.has(n.id));
    moreButton.hidden = folded === 0;
    moreButton.textContent = unfolded ? t('notice.fewer') : t('notice.moreCount', { n: folded });
    moreButton.setAttribute('aria-expanded', String(unfolded));
  };
  new ResizeObserver(() => markClamped([...shown.values()])).observe(el);
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
      moreButton,
    );
    render(s.notices);
    requestAnimationFrame(() => markClamped(toasts));
  });
}
