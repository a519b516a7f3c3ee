// Top bar: project switcher, language, offline indicator, engine status
// (plain words; the technical details in an about box); and the tab bar.

import { showTab } from '../actions/app';
import { changeLang } from '../actions/language';
import { createProject, deleteProject, openProject, renameProject } from '../actions/projects';
import { LANGS, t } from '../i18n';
import { lt } from '../lab/text';
import { currentProject, TABS, watch, type State } from '../store';
import { askText, confirmAction, showInfo } from './dialog';
import { h } from './dom';
import { engineStatus, STATUS_KEYS, statusWords, type EngineStatus } from './engine-status';

/**
 * The header in three parts, each redrawn only when what it shows changes:
 * the engine becoming ready (seconds after the page opens) redraws the
 * status badges, never the project buttons, so a button is not replaced
 * under a finger (a tap that lands during such a redraw opened the delete
 * question without the tap being seen to arrive, and the next tap met
 * the open dialog).
 */
export function setupHeader(el: HTMLElement): void {
  const bar = h('div', { class: 'project-bar' });
  const end = h('div', { class: 'header-end' });
  // The picture and name go home, to the project list (as "All projects" in the list does).
  const brand = h('button', { type: 'button', class: 'brand', 'data-testid': 'home-link', onclick: () => { leaveLab(); void openProject(null); } },
    h('img', { src: `${import.meta.env.BASE_URL}icons/icon.svg`, alt: '', width: 36, height: 36 }), h('span', { class: 'brand-name' }, 'Barnlab'));
  el.replaceChildren(
    brand, bar, end);
  watch((s) => [s.lang], () => brand.setAttribute('aria-label', t('header.home')));
  watch((s) => [s.lang, s.projects, s.currentId], (s) => {
    const project = currentProject(s);
    const select = h('select', { class: 'select', 'aria-label': t('project.label'), 'data-testid': 'project-select',
      onchange: (e: Event) => { const v = (e.target as HTMLSelectElement).value; leaveLab(); void openProject(v || null); } },
      h('option', { value: '' }, t('project.home')),
      s.projects.map((p) => h('option', { value: p.id, selected: p.id === s.currentId }, p.name)),
    );
    bar.replaceChildren(...[
      select,
      h('a', { href: '#/lab', class: 'btn', 'data-testid': 'lab-tab' }, lt('lab.nav')),
      h('button', { type: 'button', class: 'btn icon-label', title: t('project.new'), 'aria-label': t('project.new'), 'data-testid': 'new-project', onclick: async () => {
        const name = await askText(t('project.namePrompt'), t('project.defaultName'));
        if (name !== null) { leaveLab(); await createProject(name); }
      } }, ...iconLabel('new', t('project.new'), t('project.newShort'))),
      project && h('button', { type: 'button', class: 'btn icon-label', title: t('project.rename'), 'aria-label': t('project.rename'), 'data-testid': 'rename-project', onclick: async () => {
        const name = await askText(t('project.namePrompt'), project.name);
        if (name !== null) await renameProject(name);
      } }, ...iconLabel('rename', t('project.rename'), t('project.renameShort'))),
      project && h('button', { type: 'button', class: 'btn icon-label danger-text apart', title: t('project.delete'), 'aria-label': t('project.delete'), 'data-testid': 'delete-project', onclick: async () => {
        if (await confirmAction(t('project.deleteConfirm', { name: project.name }), t('project.delete'))) await deleteProject(project.id);
      } }, ...iconLabel('delete', t('project.delete'), t('project.deleteShort'))),
    ].filter((c) => !!c));
  });
  watch((s) => [s.lang, s.engine, s.engineError, s.online, s.training.running], (s) => {
    const lang = h('select', { class: 'select small', 'aria-label': t('lang.label'), 'data-testid': 'lang-select',
      onchange: (e: Event) => changeLang((e.target as HTMLSelectElement).value as 'en' | 'ko') },
      LANGS.map((l) => h('option', { value: l, selected: l === s.lang }, l === 'ko' ? '한국어' : 'English')),
    );
    const engine = s.engineError
      ? h('span', { class: 'badge error' }, t('engine.failed', { message: s.engineError }))
      : s.engine
        ? h('button', { type: 'button', class: 'badge badge-button badge-stable', 'data-testid': 'engine-status', 'aria-label': `${t(STATUS_KEYS[engineStatus(s)])} · ${t('engine.about')}`,
            onclick: () => aboutEngine(s) }, statusCell(engineStatus(s)))
        : h('span', { class: 'badge badge-button badge-stable waiting' }, statusCell('loading'));
    end.replaceChildren(...[
      s.online ? null : h('span', { class: 'badge offline', role: 'status', 'data-testid': 'offline', title: t('offline.hint') }, t('offline.badge')),
      engine, lang,
    ].filter((c) => !!c));
  });
}

/**
 * A project button's picture and its words: a wide screen shows them whole,
 * a tablet their short form ("New"), a phone only the picture (the words are
 * read out and are the tooltip), so the header keeps to one row on a tablet
 * and two on a phone (styles.css, "Header").
 */
function iconLabel(icon: 'new' | 'rename' | 'delete', words: string, short: string): HTMLElement[] {
  // The button's aria-label reads the whole words; a tablet shows the short ones (styles.css).
  return [h('span', { class: `hicon hicon-${icon}`, 'aria-hidden': 'true' }), h('span', { class: 'hlabel', 'aria-hidden': 'true' }, words),
    h('span', { class: 'hshort', 'aria-hidden': 'true' }, short)];
}

/**
 * The words of the engine's status in one cell, all but one hidden: the
 * badge is as wide loading as ready or training, so the project's buttons
 * beside it do not move when the engine becomes ready (a tap meant for
 * Delete landed on Rename, the button that slid under it).
 */
function statusCell(status: EngineStatus): HTMLElement[] {
  return statusWords(status).map((w) => h('span', { class: w.shown ? undefined : 'unseen', 'aria-hidden': w.shown ? undefined : 'true' }, w.text));
}

/** The engine's technical details, kept off the main screens. */
function aboutEngine(s: State): void {
  const e = s.engine;
  if (!e) return;
  showInfo(t('engine.about'), [
    e.flavour === 'threads' ? t('engine.aboutThreads', { n: e.threads }) : t('engine.aboutSingle'),
    t('engine.aboutSimd', { on: e.simd ? t('common.yes') : t('common.no') }),
    t('engine.aboutVersion', { version: e.version }),
    e.note,
  ].filter(Boolean));
}

/** Opening or creating a project leaves the lab (its hash) for the project's tabs. */
function leaveLab(): void {
  if (location.hash.startsWith('#/lab')) location.hash = '#/';
}

export function setupTabs(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.training.running], (s) => {
    el.hidden = s.currentId === null;
    el.replaceChildren(
      ...TABS.map((tab) =>
        h('button', { type: 'button', role: 'tab', class: `tab${s.tab === tab ? ' active' : ''}`, 'aria-selected': String(s.tab === tab),
          'data-testid': `tab-${tab}`, onclick: () => showTab(tab) },
          t(`nav.${tab}`), tab === 'train' && s.training.running ? h('span', { class: 'dot', 'aria-hidden': 'true' }) : null),
      ),
    );
  });
}
