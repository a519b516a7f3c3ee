// The offer to resume an interrupted training (actions/checkpoints.ts): one
// card per interrupted run above the screens, whatever tab is open, with
// Resume and Discard. Hidden while this tab trains and in the lab.

import { discardInterrupted } from '../actions/checkpoints';
import { notify } from '../actions/notices';
import { resumeTraining } from '../actions/training';
import { t } from '../i18n';
import { watch, type ResumeOffer, type State } from '../store';
import { h } from './dom';

function offerCard(s: State, o: ResumeOffer): HTMLElement {
  const name = s.projects.find((p) => p.id === o.projectId)?.name ?? '';
  // Epochs of this run done / planned (a continued model counts its earlier epochs too).
  const done = o.epoch - o.baseEpoch;
  return h('section', { class: 'card resume-offer', role: 'region', 'aria-label': t('resume.resume'), 'data-testid': 'resume-offer' },
    h('p', {}, t('resume.text', { project: name, epoch: done, total: o.epochs })),
    h('div', { class: 'row actions' },
      h('button', { type: 'button', class: 'btn primary big', 'data-testid': 'resume', onclick: () => void resumeTraining(o.projectId) }, t('resume.resume')),
      h('button', { type: 'button', class: 'btn big', 'data-testid': 'resume-discard', onclick: async () => {
        await discardInterrupted(o.projectId);
        notify('info', () => t('resume.discarded'));
      } }, t('resume.discard'))));
}

export function setupResume(el: HTMLElement): void {
  watch((s) => [s.lang, s.interrupted, s.projects, s.training.running], (s) => {
    el.hidden = s.training.running || s.interrupted.length === 0;
    el.replaceChildren(...(el.hidden ? [] : s.interrupted.map((o) => offerCard(s, o))));
  });
}
