// Shown when no project is open: create one, open a sample, or pick one.

import { exportProject } from '../actions/backup';
import { createProject, openProject } from '../actions/projects';
import { listSamples, openSample, sampleClassName, sampleTitle, type SampleEntry } from '../actions/samples';
import { formatDate, t } from '../i18n';
import { watch } from '../store';
import { askText } from './dialog';
import { h } from './dom';

export function setupHome(el: HTMLElement): void {
  let samples: SampleEntry[] | null = null;
  let render = () => {};
  const load = () =>
    void listSamples().then((list) => {
      samples = list;
      render();
    });
  load();
  // Samples are not precached: fetched again when the network comes back.
  window.addEventListener('online', load);
  watch((s) => [s.lang, s.projects, s.currentId, s.importing, s.online], (s) => {
    render = () => {
      el.hidden = s.currentId !== null;
      if (el.hidden) return;
      el.replaceChildren(
        h('section', { class: 'card hero' },
          h('h1', {}, t('home.title')),
          h('p', { class: 'lead' }, t('app.tagline')),
          h('p', {}, t('home.intro')),
          h('button', { type: 'button', class: 'btn primary big', 'data-testid': 'create-project', onclick: async () => {
            const name = await askText(t('project.namePrompt'), t('project.defaultName'));
            if (name !== null) await createProject(name);
          } }, t('home.create')),
        ),
        s.projects.length === 0 ? '' : h('section', { class: 'card' },
          h('h2', {}, t('home.projects')),
          h('ul', { class: 'list' }, s.projects.map((p) => h('li', { class: 'list-row' },
            h('div', {}, h('strong', {}, p.name), h('div', { class: 'muted' }, t('home.projectInfo', { classes: p.classes.length, created: formatDate(p.created) }))),
            h('span', { class: 'row-buttons' },
              h('button', { type: 'button', class: 'btn', 'data-testid': 'backup-project', onclick: () => exportProject(p.id) }, t('home.backup')),
              h('button', { type: 'button', class: 'btn', onclick: () => openProject(p.id) }, t('home.open'))),
          ))),
        ),
        h('section', { class: 'card' },
          h('h2', {}, t('home.samples')),
          s.importing && h('p', { class: 'muted' }, t('sample.loading', s.importing)),
          !s.online ? h('p', { class: 'muted', 'data-testid': 'samples-offline' }, t('home.samplesOffline'))
            : samples === null ? h('p', { class: 'muted' }, t('common.working'))
            : samples.length === 0 ? h('p', { class: 'muted' }, t('home.noSamples'))
            : h('div', { class: 'sample-grid' }, samples.map((sm) => h('button', { type: 'button', class: 'btn sample', 'data-testid': `sample-${sm.id}`,
                disabled: !!s.importing, onclick: () => openSample(sm) },
                h('strong', {}, sampleTitle(sm.id)), h('span', { class: 'muted' }, sm.classes.map((c) => sampleClassName(sm.id, c)).join(', '))))),
        ),
      );
    };
    render();
  });
}
