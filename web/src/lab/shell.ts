// The lab section: shown when the hash is `#/lab...`, hidden otherwise (the
// projects part of the app is hidden meanwhile, by the `in-lab` class on
// <body>). It renders the index of pages or one page as a lab-notebook
// page: title, purpose, the live experiment, what to notice, and links to
// the previous and next page. The page's settings live in the hash, so the
// page is rebuilt from them on a language change or a pasted link.

import { getLang } from '../i18n';
import { watch } from '../store';
import { h } from '../ui/dom';
import { LabClient } from './client';
import './lab.css';
import { PAGES, pageIndex, titleKey } from './pages';
import { labHash, parseLabHash } from './route';
import { lt, type LabKey } from './text';

let client: LabClient | null = null;
/** The lab's own engine worker, started when the lab is first opened. */
function labClient(): LabClient {
  client ??= LabClient.start();
  return client;
}

export function setupLab(el: HTMLElement): void {
  let current: AbortController | null = null;
  /** What is on screen: page id + settings, and the language it was drawn in. */
  let shown: { page: string | null; query: string; lang: string } | null = null;

  const render = () => {
    const route = parseLabHash(location.hash);
    document.body.classList.toggle('in-lab', route !== null);
    el.hidden = route === null;
    if (!route) {
      current?.abort();
      current = null;
      shown = null;
      return;
    }
    const lang = getLang();
    if (shown && shown.page === route.page && shown.query === route.query && shown.lang === lang) return;
    current?.abort();
    current = new AbortController();
    shown = { page: route.page, query: route.query, lang };
    if (route.page === null) renderIndex(el);
    else renderPage(el, route.page, route.query, current.signal, (q) => {
      if (shown) shown.query = q;
      history.replaceState(history.state, '', labHash(route.page, q));
    });
    window.scrollTo(0, 0);
  };

  window.addEventListener('hashchange', render);
  watch((s) => [s.lang], render);
  render();
}

function renderIndex(el: HTMLElement): void {
  el.replaceChildren(
    h('section', { class: 'card lab-paper' },
      h('h1', {}, lt('lab.title')),
      h('p', { class: 'lead' }, lt('lab.intro')),
      h('ol', { class: 'lab-index', 'data-testid': 'lab-index' },
        PAGES.map((p) => h('li', {}, h('a', { href: labHash(p.id), class: 'lab-index-link', 'data-testid': `lab-link-${p.id}` }, lt(titleKey(p.id)))))),
      h('p', {}, h('a', { href: '#/', class: 'btn' }, lt('lab.back'))),
    ),
  );
}

function renderPage(el: HTMLElement, id: string, query: string, signal: AbortSignal, save: (q: string) => void): void {
  const i = pageIndex(id);
  if (i < 0) {
    el.replaceChildren(h('section', { class: 'card lab-paper' }, h('p', { class: 'lab-status error' }, lt('lab.notFound', { id })), h('a', { href: labHash(null), class: 'btn' }, lt('lab.contents'))));
    return;
  }
  const page = PAGES[i]!;
  const prev = PAGES[i - 1];
  const next = PAGES[i + 1];
  const key = (k: string) => `${id}.${k}` as LabKey;
  const experiment = h('div', { class: 'lab-experiment', 'data-testid': 'lab-experiment' }, h('p', { class: 'muted' }, lt('lab.loading')));
  const nav = (where: 'top' | 'bottom') => h('nav', { class: `lab-nav ${where}` },
    prev ? h('a', { href: labHash(prev.id), class: 'btn lab-prev', rel: 'prev', 'data-testid': where === 'bottom' ? 'lab-prev' : undefined }, `← ${lt(titleKey(prev.id))}`) : h('span', {}),
    h('a', { href: labHash(null), class: 'btn lab-contents' }, lt('lab.contents')),
    next ? h('a', { href: labHash(next.id), class: 'btn lab-next', rel: 'next', 'data-testid': where === 'bottom' ? 'lab-next' : undefined }, `${lt(titleKey(next.id))} →`) : h('span', {}),
  );
  el.replaceChildren(
    nav('top'),
    h('article', { class: 'card lab-paper', 'data-testid': `lab-page-${id}` },
      h('header', { class: 'lab-head' },
        h('span', { class: 'lab-pageno' }, lt('lab.page', { n: i + 1, total: PAGES.length })),
        h('h1', {}, `${i + 1}. ${lt(key('title'))}`)),
      h('section', { class: 'lab-section' }, h('h2', {}, lt('lab.purpose')), h('p', {}, lt(key('purpose')))),
      h('section', { class: 'lab-section' }, h('h2', {}, lt('lab.experiment')), experiment),
      h('section', { class: 'lab-section lab-notice' }, h('h2', {}, lt('lab.notice')), h('p', {}, lt(key('notice')))),
      h('p', { class: 'muted small' }, lt('lab.shareHint')),
    ),
    nav('bottom'),
  );
  void page.load().then(
    (m) => {
      if (signal.aborted) return;
      experiment.replaceChildren();
      m.setup(experiment, labClient(), { query, save, signal });
    },
    (e: unknown) => {
      if (!signal.aborted) experiment.replaceChildren(h('p', { class: 'lab-status error' }, lt('lab.failed', { message: e instanceof Error ? e.message : String(e) })));
    },
  );
}
