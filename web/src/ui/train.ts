// Train: presets, advanced settings, Start/Stop/Continue, live charts of
// loss and accuracy with speed and time left.

import { saveSettings } from '../actions/projects';
import { startTraining, stopTraining } from '../actions/training';
import { accuracyColumns, lossColumns } from '../chartdata';
import { formatDuration, percent, t, tOr } from '../i18n';
import { archOptions, OPTIMIZERS, PRESETS, SCHEDULES, SIZES, type PresetName, type TrainSettings } from '../presets';
import { architecturesOf, classesReady, currentProject, dispatch, latestModel, watch, type State } from '../store';
import { createChart, type Chart } from './chart';
import { h } from './dom';

function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

function numberInput(value: number, step: string, min: string, max: string, onSet: (v: number) => void, testid?: string): HTMLInputElement {
  return h('input', { type: 'number', class: 'text-input', value: String(value), step, min, max, inputMode: 'decimal', 'data-testid': testid,
    onchange: (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      if (Number.isFinite(v)) onSet(v);
    } });
}

/** `label` turns a value into the words shown (a choice's plain name); the value itself is what is stored. */
function selectInput(options: readonly (string | number)[], value: string | number, onSet: (v: string) => void, testid?: string,
  label: (o: string) => string = (o) => o): HTMLSelectElement {
  return h('select', { class: 'select', 'data-testid': testid, onchange: (e: Event) => onSet((e.target as HTMLSelectElement).value) },
    options.map((o) => h('option', { value: String(o), selected: String(o) === String(value) }, label(String(o)))));
}

/** The plain words for an advanced setting's choice (`choice.<kind>.<value>`), else the value. */
const choice = (kind: 'arch' | 'optimizer' | 'schedule') => (value: string) => tOr(`choice.${kind}.${value}`, value);

function settingsForm(s: TrainSettings, architectures: readonly string[], disabled: boolean, open: boolean): HTMLElement {
  const set = (patch: Partial<TrainSettings>) => void saveSettings({ ...s, ...patch, preset: 'custom' });
  const presets = h('div', { class: 'presets', role: 'radiogroup', 'aria-label': t('train.preset') },
    (Object.keys(PRESETS) as PresetName[]).map((name) => h('button', { type: 'button', role: 'radio', 'aria-checked': String(s.preset === name),
      class: `preset${s.preset === name ? ' active' : ''}`, disabled, 'data-testid': `preset-${name}`,
      onclick: () => saveSettings({ ...PRESETS[name] }) },
      h('strong', {}, t(`preset.${name}`)), h('span', {}, t(`preset.${name}.hint`)),
      h('span', { class: 'muted small' }, t('preset.detail', { arch: choice('arch')(PRESETS[name].arch), size: PRESETS[name].size, epochs: PRESETS[name].epochs })))),
  );
  const adv = h('details', { class: 'advanced', open, ontoggle: (e: Event) => dispatch({ type: 'advanced', open: (e.target as HTMLDetailsElement).open }) },
    h('summary', {}, t('train.advanced'), s.preset === 'custom' ? ` (${t('preset.custom')})` : ''),
    h('fieldset', { class: 'grid-form', disabled },
      field(t('train.arch'), selectInput(archOptions(architectures, s.arch), s.arch, (v) => set({ arch: v }), 'arch', choice('arch'))),
      field(t('train.size'), selectInput(SIZES, s.size, (v) => set({ size: Number(v) }))),
      field(t('train.epochs'), numberInput(s.epochs, '1', '1', '500', (v) => set({ epochs: Math.round(v) }), 'epochs')),
      field(t('train.batch'), numberInput(s.batch, '1', '1', '512', (v) => set({ batch: Math.round(v) }))),
      field(t('train.optimizer'), selectInput(OPTIMIZERS, s.optimizer, (v) => set({ optimizer: v }), 'optimizer', choice('optimizer'))),
      field(t('train.lr'), numberInput(s.lr, 'any', '0', '1', (v) => set({ lr: v }), 'lr')),
      field(t('train.weightDecay'), numberInput(s.weightDecay, 'any', '0', '1', (v) => set({ weightDecay: v }))),
      field(t('train.dropout'), numberInput(s.dropout, '0.05', '0', '0.9', (v) => set({ dropout: v }))),
      field(t('train.valShare'), numberInput(s.valShare, '0.05', '0', '0.5', (v) => set({ valShare: v }), 'val-share')),
      field(t('train.schedule'), selectInput(SCHEDULES, s.schedule, (v) => set({ schedule: v }), 'schedule', choice('schedule'))),
      field(t('train.patience'), numberInput(s.patience, '1', '0', '100', (v) => set({ patience: Math.round(v) }))),
      h('label', { class: 'field check' },
        h('input', { type: 'checkbox', checked: s.augment, onchange: (e: Event) => set({ augment: (e.target as HTMLInputElement).checked }) }),
        h('span', {}, t('train.augment'))),
    ),
  );
  return h('div', {}, h('h3', {}, t('train.preset')), presets, adv);
}

function statusText(s: State): string {
  const tr = s.training;
  if (!tr.running && !tr.progress) return '';
  if (!tr.progress) return t('train.preparing');
  const p = tr.progress;
  const lastVal = [...tr.history].reverse().find((e) => Number.isFinite(e.valAcc))?.valAcc;
  return [
    t('train.status', { epoch: p.epoch, step: p.step, total: p.totalSteps }),
    t('train.speed', { ips: Math.round(p.imagesPerSecond) }),
    lastVal !== undefined ? t('train.valNow', { acc: percent(lastVal) }) : '',
    tr.running ? t('train.left', { time: formatDuration(p.secondsLeft) }) : '',
  ].filter(Boolean).join(' · ');
}

export function setupTrain(el: HTMLElement): void {
  let charts: { loss: Chart; acc: Chart } | null = null;
  let status: HTMLElement | null = null;
  let bar: HTMLProgressElement | null = null;

  const updateLive = (s: State) => {
    const tr = s.training;
    const model = latestModel(s);
    // Live run when there is one; else the saved model's history.
    const history = tr.running || tr.history.length ? tr.history : model?.history ?? [];
    const spe = tr.progress && tr.epochs ? tr.progress.totalSteps / tr.epochs : 0;
    charts?.loss.setData(lossColumns(history, tr.steps, tr.baseEpoch, spe));
    charts?.acc.setData(accuracyColumns(history));
    if (status) status.textContent = statusText(s);
    if (bar) {
      bar.hidden = !tr.running;
      bar.max = tr.progress?.totalSteps || 1;
      bar.value = tr.progress?.step ?? 0;
    }
  };

  watch((s) => [s.lang, s.tab, s.currentId, s.projects, s.models, s.training.running, s.training.stopping, s.photos.length, s.engine], (s) => {
    const project = currentProject(s);
    el.hidden = !project || s.tab !== 'train';
    charts?.loss.destroy();
    charts?.acc.destroy();
    charts = null;
    if (el.hidden || !project) return;
    const tr = s.training;
    const ready = classesReady(project.classes, s.photos);
    const model = latestModel(s);
    const canContinue = !!model && model.info.classes.join('\n') === project.classes.map((c) => c.name).join('\n');
    const noData = !tr.running && !tr.history.length && !model?.history.length;
    const lossEl = h('div', { class: 'chart', 'data-testid': 'loss-chart' });
    const accEl = h('div', { class: 'chart', 'data-testid': 'acc-chart' });
    status = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', 'data-testid': 'train-status' });
    bar = h('progress', { class: 'wide', max: 1, value: 0 });
    el.replaceChildren(
      h('section', { class: 'card' },
        h('h2', {}, t('train.title')),
        ready ? '' : h('p', { class: 'notice-inline' }, t('train.notReady')),
        settingsForm(project.settings, architecturesOf(s), tr.running, s.advancedOpen),
        h('div', { class: 'row actions' },
          tr.running
            ? h('button', { type: 'button', class: 'btn danger big', disabled: tr.stopping, 'data-testid': 'stop', onclick: () => stopTraining() },
                tr.stopping ? t('train.stopping') : t('train.stop'))
            : h('button', { type: 'button', class: 'btn primary big', disabled: !ready, 'data-testid': 'start', onclick: () => startTraining('new') }, t('train.start')),
          !tr.running && canContinue && h('button', { type: 'button', class: 'btn big', disabled: !ready, 'data-testid': 'continue',
            onclick: () => startTraining('continue') }, t('train.continue')),
        ),
        bar,
        status,
        tr.running ? h('p', { class: 'muted small' }, t('train.leaveWarning')) : '',
      ),
      h('section', { class: 'card charts' },
        noData ? h('p', { class: 'muted' }, t('train.noChart')) : '',
        h('div', { class: 'chart-grid', hidden: noData }, lossEl, accEl)),
    );
    charts = {
      loss: createChart(lossEl, {
        title: t('train.loss'), xLabel: t('train.epochAxis'),
        series: [
          { label: t('train.series.step'), stroke: '#b9c7b0', width: 1, points: false },
          { label: t('train.series.train'), stroke: '#2f6b3a' },
          { label: t('train.series.val'), stroke: '#c0622b', dash: [6, 4] },
        ],
      }),
      acc: createChart(accEl, {
        title: t('train.accuracy'), xLabel: t('train.epochAxis'), yRange: [0, 1], percent: true,
        series: [
          { label: t('train.series.train'), stroke: '#2f6b3a' },
          { label: t('train.series.val'), stroke: '#c0622b', dash: [6, 4] },
        ],
      }),
    };
    updateLive(s);
  });
  watch((s) => [s.training.progress, s.training.history], (s) => {
    if (!el.hidden) updateLive(s);
  });
}
