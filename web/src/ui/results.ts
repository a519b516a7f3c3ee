// Results of the model in use (else the newest one checked): confusion matrix, per-class
// accuracy, and the validation photos it got wrong.

import { movePhotoTo, storedPhotoUrl } from '../actions/fix-photo';
import { percent, t } from '../i18n';
import { currentProject, latestModel, watch } from '../store';
import { h, thumbUrl } from './dom';
import { openPhotoView } from './photo-view';
import { confusionTable } from './confusion';
import { savingCard } from './saving';
import { accuracyWithInterval, confusedCard, saliencyCanvas, trustNotes } from './results-quality';

export function setupResults(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.models, s.photos, s.projects, s.training.saving], (s) => {
    el.hidden = s.currentId === null || s.tab !== 'results';
    if (el.hidden) return;
    if (s.training.saving) {
      el.replaceChildren(savingCard(t('results.title')));
      return;
    }
    const newest = latestModel(s);
    const model = newest?.evaluation ? newest : [...s.models].reverse().find((m) => m.evaluation) ?? null;
    const ev = model?.evaluation;
    if (!model || !ev) {
      el.replaceChildren(h('section', { class: 'card empty-state' }, h('h2', {}, t('results.title')),
        h('p', {}, newest && newest.history.length && !ev ? t('results.noValidation') : t('results.empty'))));
      return;
    }
    const names = model.info.classes;
    const photoById = new Map(s.photos.map((p) => [p.id, p]));
    const saliencyByIndex = new Map((model.saliency ?? []).map((m) => [m.index, m]));
    el.replaceChildren(
      h('section', { class: 'card' },
        h('h2', {}, t('results.title')),
        h('p', { class: 'big-figure', 'data-testid': 'val-accuracy' }, t('results.accuracy', { acc: accuracyWithInterval(ev), count: ev.count })),
        trustNotes(ev),
      ),
      confusedCard(ev, names),
      h('section', { class: 'card' },
        h('h3', {}, t('results.perClass')),
        h('div', { class: 'bars' }, ev.perClass.map((c) => h('div', { class: 'bar-row' },
          h('span', { class: 'bar-label' }, c.name),
          h('span', { class: 'bar' }, h('span', { class: 'bar-fill', style: `width:${(c.recall * 100).toFixed(1)}%` })),
          h('span', { class: 'bar-value' }, `${percent(c.recall)} (${c.count})`)))),
      ),
      h('section', { class: 'card' },
        h('h3', {}, t('results.confusion')),
        h('p', { class: 'muted' }, t('results.confusionHint')),
        confusionTable(ev, names),
      ),
      h('section', { class: 'card' },
        h('h3', {}, t('results.misclassified')),
        ev.misclassified.length && model.saliency?.length ? h('p', { class: 'muted' }, t('results.saliencyHint')) : '',
        ev.misclassified.length === 0 ? h('p', {}, t('results.noneWrong'))
          : h('div', { class: 'thumbs' }, ev.misclassified.map((m) => {
              const p = photoById.get(model.photoIds[m.index] ?? '');
              const caption = t('results.predictedAs', { truth: names[m.label] ?? '?', name: names[m.predicted] ?? '?', p: percent(m.probability) });
              if (!p) return h('figure', { class: 'thumb wide' }, h('div', { class: 'thumb-missing' }, t('results.photoGone')), h('figcaption', { class: 'small' }, caption));
              const classes = currentProject(s)?.classes ?? [];
              const suggested = classes.find((c) => c.name === names[m.predicted]);
              const open = () => {
                const larger = storedPhotoUrl(p.id);
                openPhotoView({ src: thumbUrl(p.id, p.thumb), larger, name: caption, caption, classes, currentClassId: p.classId,
                  suggestedClassId: suggested?.id, mode: 'move', onPick: (classId) => movePhotoTo(p.id, classId),
                  onClose: () => void larger.then((u) => u && URL.revokeObjectURL(u)) });
              };
              const map = saliencyByIndex.get(m.index);
              return h('figure', { class: 'thumb wide' },
                h('button', { type: 'button', class: 'thumb-button', 'aria-label': t('photo.open', { name: caption }), 'data-testid': 'wrong-photo', onclick: open },
                  h('div', { class: 'saliency-wrap' }, h('img', { src: thumbUrl(p.id, p.thumb), alt: '' }), map ? saliencyCanvas(map) : '')),
                h('figcaption', { class: 'small' }, caption));
            })),
      ),
    );
  });
}
