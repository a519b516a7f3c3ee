// Predict: pick or capture photos and see each class's probability.

import { predictFiles } from '../actions/prediction';
import { percent, t } from '../i18n';
import { latestModel, watch } from '../store';
import { openCamera } from './camera';
import { filePicker, h, pickButton } from './dom';

export function setupPredict(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.models, s.predictions, s.predicting], (s) => {
    el.hidden = s.currentId === null || s.tab !== 'predict';
    if (el.hidden) return;
    const model = latestModel(s);
    if (!model) {
      el.replaceChildren(h('section', { class: 'card empty-state' }, h('h2', {}, t('predict.title')), h('p', {}, t('predict.noModel'))));
      return;
    }
    const input = filePicker({ accept: 'image/*', multiple: true, testid: 'predict-input' }, (files) => void predictFiles(files));
    el.replaceChildren(
      h('section', { class: 'card' },
        h('h2', {}, t('predict.title')),
        h('p', { class: 'muted' }, t('predict.using', { arch: model.info.arch, epochs: model.info.epochs, classes: model.info.classes.join(', ') })),
        h('div', { class: 'row' },
          pickButton(t('predict.pick'), 'btn primary big', input),
          h('button', { type: 'button', class: 'btn big', onclick: () => openCamera(t('predict.title'), (f) => void predictFiles([f])) }, t('predict.camera')),
        ),
        h('p', { class: 'muted' }, s.predicting ? t('predict.working') : t('predict.hint')),
      ),
      ...s.predictions.map((p) => {
        const ranked = p.probabilities
          ? p.classes.map((name, i) => ({ name, v: p.probabilities![i] ?? 0 })).sort((a, b) => b.v - a.v)
          : [];
        return h('section', { class: 'card prediction', 'data-testid': 'prediction' },
          h('div', { class: 'prediction-grid' },
            p.thumbUrl ? h('img', { src: p.thumbUrl, alt: p.name, class: 'prediction-img' }) : h('div', { class: 'thumb-missing' }, '?'),
            h('div', {},
              h('h3', {}, ranked[0] ? `${ranked[0].name} · ${percent(ranked[0].v)}` : t('predict.unreadable', { name: p.name })),
              h('p', { class: 'muted small' }, p.name),
              h('div', { class: 'bars' }, ranked.map((r, i) => h('div', { class: `bar-row${i === 0 ? ' top' : ''}`, 'data-testid': 'prob' },
                h('span', { class: 'bar-label' }, r.name),
                h('span', { class: 'bar' }, h('span', { class: 'bar-fill', style: `width:${(r.v * 100).toFixed(1)}%` })),
                h('span', { class: 'bar-value', 'data-value': r.v.toFixed(6) }, percent(r.v))))),
            ),
          ),
        );
      }),
    );
  });
}
