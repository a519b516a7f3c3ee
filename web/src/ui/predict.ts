// Predict: pick or capture photos and see each class's probability.

import { addCheckedPhoto } from '../actions/fix-photo';
import { predictFiles } from '../actions/prediction';
import { openSort } from '../actions/sort';
import { percent, t, wholePercent } from '../i18n';
import { isWeakModel } from '../quality/weak-model';
import { thresholdPercent } from '../threshold';
import { unfamiliarAnswer } from '../unfamiliar';
import { currentProject, dispatch, latestModel, watch, type Prediction, type State } from '../store';
import { openCamera } from './camera';
import { filePicker, h, pickButton } from './dom';
import { openPhotoView } from './photo-view';
import { savingCard } from './saving';

/** Enlarges a checked photo; one tap on a class adds it to the training photos. */
export function openChecked(s: State, p: Prediction, topName: string | undefined, caption: string | undefined): void {
  if (!p.file) return;
  const file = p.file;
  const classes = currentProject(s)?.classes ?? [];
  const url = URL.createObjectURL(file);
  openPhotoView({ src: p.thumbUrl ?? url, larger: Promise.resolve(url), name: p.name, caption, classes,
    suggestedClassId: classes.find((c) => c.name === topName)?.id, mode: 'add',
    onPick: (classId) => addCheckedPhoto(file, classId), onClose: () => URL.revokeObjectURL(url) });
}

/** The answer; "looks like none of your classes" with the best guess when the model's check flags
 * the photo; "not sure" with the two most likely classes when the model is below its threshold. */
export function headline(p: Prediction, ranked: { name: string; v: number }[]): string {
  const v = p.verdict;
  if (!v || !ranked[0]) return t('predict.unreadable', { name: p.name });
  const unfamiliar = unfamiliarAnswer(v, p.classes);
  if (unfamiliar !== null) return unfamiliar;
  if (v.notSure) {
    return t('predict.notSure', {
      a: p.classes[v.top1] ?? '?', pa: percent(v.probabilities[v.top1] ?? 0),
      b: p.classes[v.top2] ?? '?', pb: percent(v.probabilities[v.top2] ?? 0),
    });
  }
  return `${ranked[0].name} · ${percent(ranked[0].v)}`;
}

export function setupPredict(el: HTMLElement): void {
  watch((s) => [s.lang, s.tab, s.currentId, s.models, s.predictions, s.predicting, s.projects, s.tta, s.sort.open, s.training.saving, s.training.running], (s) => {
    el.hidden = s.currentId === null || s.tab !== 'predict' || s.sort.open;
    if (el.hidden) return;
    if (s.training.saving) {
      el.replaceChildren(savingCard(t('predict.title')));
      return;
    }
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
        isWeakModel(model.evaluation)
          ? h('p', { class: 'notice-inline', 'data-testid': 'weak-model' }, t('predict.weakModel', {
            acc: wholePercent(model.evaluation?.accuracy ?? 0), count: model.evaluation?.count ?? 0,
          }))
          : '',
        // The engine is busy with a training: said plainly, instead of buttons that would fail.
        s.training.running
          ? h('p', { class: 'notice-inline', role: 'status', 'data-testid': 'predict-busy' }, t('train.busyPredict'))
          : h('div', { class: 'row' },
            pickButton(t('predict.pick'), 'btn primary big', input),
            h('button', { type: 'button', class: 'btn big', onclick: () => openCamera(t('predict.title'), (f) => void predictFiles([f])) }, t('predict.camera')),
            h('button', { type: 'button', class: 'btn big', 'data-testid': 'open-sort', onclick: () => openSort(true) }, t('sort.open')),
          ),
        h('label', { class: 'field check' },
          h('input', { type: 'checkbox', checked: s.tta, 'data-testid': 'tta', onchange: (e: Event) => dispatch({ type: 'tta', on: (e.target as HTMLInputElement).checked }) }),
          h('span', {}, t('predict.tta'))),
        s.training.running ? '' : h('p', { class: 'muted' }, s.predicting ? t('predict.working') : t('predict.hint')),
      ),
      ...s.predictions.map((p) => {
        const ranked = p.probabilities
          ? p.classes.map((name, i) => ({ name, v: p.probabilities![i] ?? 0 })).sort((a, b) => b.v - a.v)
          : [];
        const top = ranked[0] ? `${ranked[0].name} · ${percent(ranked[0].v)}` : undefined;
        const open = () => openChecked(s, p, ranked[0]?.name, top);
        const unfamiliar = p.verdict?.unfamiliar === true;
        const notSure = p.verdict?.notSure === true || unfamiliar;
        return h('section', { class: `card prediction${notSure ? ' not-sure' : ''}`, 'data-testid': 'prediction' },
          h('div', { class: 'prediction-grid' },
            p.thumbUrl ? h('button', { type: 'button', class: 'thumb-button', 'aria-label': t('photo.open', { name: p.name }), 'data-testid': 'checked-photo', onclick: open },
              h('img', { src: p.thumbUrl, alt: '', class: 'prediction-img' })) : h('div', { class: 'thumb-missing' }, '?'),
            h('div', {},
              h('h3', { 'data-testid': unfamiliar ? 'unfamiliar' : notSure ? 'not-sure' : 'answer' }, headline(p, ranked)),
              unfamiliar ? h('p', { class: 'muted small' }, t('predict.unfamiliarHint'))
              : notSure ? h('p', { class: 'muted small' }, t('predict.notSureHint', { threshold: thresholdPercent(model.info.threshold, [p.verdict!.probabilities[p.verdict!.top1] ?? 0]) })) : '',
              p.thumbUrl && p.file ? h('button', { type: 'button', class: 'btn', 'data-testid': 'add-to-training', onclick: open }, t('predict.addToTraining')) : '',
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
