// Train: presets, advanced settings, Start/Stop/Continue, live charts of
// loss and accuracy with speed and time left.

import { classCountsOf, customPlanKey, refreshPresetPlans } from '../actions/estimate';
import { saveSettings } from '../actions/projects';
import { startTraining, stopTraining } from '../actions/training';
import { accuracyColumns, lossColumns } from '../chartdata';
import { formatDuration, percent, t, tOr } from '../i18n';
import { archOptions, AUGMENTATIONS, OPTIMIZERS, presetOf, SCHEDULES, settingsFromPreset, SIZES, type TrainSettings } from '../presets';
import { estimateSeconds, type PlanShape } from '../quality/estimate';
import { presetClaims, type PresetClaim } from '../quality/preset-claims';
import { architecturesOf, classesReady, currentProject, dispatch, latestModel, watch, type PresetPlans, type State } from '../store';
import { createChart, type Chart } from './chart';
import { dataWarningsPanel } from './data-warnings';
import { h } from './dom';
import { leaveNoteKey } from './leave-note';
import { runSteps } from './run-progress';

/** `wide`: a choice with long plain names, given a whole row so its name is read in full. */
function field(label: string, input: HTMLElement, wide = false): HTMLElement {
  return h('label', { class: wide ? 'field wide' : 'field' }, h('span', {}, label), input);
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

/** Dropout: empty means the network's own rate (stored as -1). */
function dropoutInput(value: number, onSet: (v: number) => void): HTMLInputElement {
  return h('input', { type: 'number', class: 'text-input', value: value >= 0 ? String(value) : '', placeholder: t('train.dropoutOwn'),
    step: '0.05', min: '0', max: '0.9', inputMode: 'decimal',
    onchange: (e: Event) => {
      const raw = (e.target as HTMLInputElement).value.trim();
      const v = raw === '' ? -1 : Number(raw);
      if (Number.isFinite(v)) onSet(v);
    } });
}

/** The expected time of a plan on this device from its measured step (absent: not yet measured), or why there is none. */
function timeText(plan: PlanShape, ms: number | undefined, classCounts: readonly number[]): string {
  if (ms === undefined) return t('preset.measuring');
  const seconds = estimateSeconds(plan, classCounts, ms);
  // Under a second reads "about 1 s", not "about 0 s".
  return Number.isFinite(seconds) ? t('preset.estimate', { time: formatDuration(Math.max(1, seconds)) }) : t('preset.noEstimate');
}

/** No photo to train on: nothing to time, and nothing is being measured. */
function noPhotos(classCounts: readonly number[]): boolean {
  return !classCounts.some((n) => n > 0);
}

/** A card's claim in the current language (the other preset by its translated name). */
function claimText(c: PresetClaim): string {
  if (c.key === 'preset.passes') return t(c.key, c.params);
  const other = tOr(`preset.${c.params.other}`, c.params.other);
  return c.key === 'preset.larger' ? t(c.key, { other }) : t(c.key, { ...c.params, other });
}

/** The preset's expected time on this device, or why there is none yet. */
function presetTime(plans: PresetPlans | null, name: string, classCounts: readonly number[]): string {
  if (noPhotos(classCounts)) return t('preset.needPhotos');
  const config = plans && presetOf(plans.configs, name);
  if (!plans || !config) return t('preset.measuring');
  return timeText(config.train, plans.msPerStep[name], classCounts);
}

/** The custom settings' expected time (actions/estimate.ts measures them too). */
function customTime(plans: PresetPlans | null, settings: TrainSettings, classCounts: readonly number[]): string {
  if (noPhotos(classCounts)) return t('preset.needPhotos');
  return plans ? timeText(settings, plans.msPerStep[customPlanKey(settings, classCounts)], classCounts) : t('preset.measuring');
}

/**
 * With custom settings, the card of what will really be trained (its
 * network, size, epochs and time), chosen; the presets' cards beside it show
 * what each would train instead.
 */
function customCard(stored: TrainSettings, plans: PresetPlans | null, classCounts: readonly number[], disabled: boolean): HTMLElement {
  return h('button', { type: 'button', role: 'radio', 'aria-checked': 'true', class: 'preset active', disabled, 'data-testid': 'preset-custom',
    onclick: (e: Event) => {
      // Opens the advanced settings (their toggle tells the store) to change them.
      const details = (e.currentTarget as HTMLElement).closest('section')?.querySelector('details.advanced');
      if (details instanceof HTMLDetailsElement) details.open = true;
    } },
    h('strong', {}, t('preset.custom')), h('span', {}, t('preset.custom.hint')),
    h('span', { class: 'muted small', 'data-testid': 'custom-detail' },
      t('preset.detail', { arch: choice('arch')(stored.arch), size: stored.size, epochs: stored.epochs })),
    h('span', { class: 'preset-time', 'data-testid': 'preset-time-custom' }, customTime(plans, stored, classCounts)));
}

function settingsForm(stored: TrainSettings, s: State, classCounts: readonly number[], disabled: boolean): HTMLElement {
  const plans = s.presetPlans;
  const presetNames = s.engine?.presets ?? [];
  // A preset shows the values the engine chose for this project (they follow the photo count).
  const active = stored.preset !== 'custom' && plans ? presetOf(plans.configs, stored.preset) : undefined;
  const shown = active ? settingsFromPreset(active) : stored;
  const set = (patch: Partial<TrainSettings>) => void saveSettings({ ...shown, ...patch, preset: 'custom' });
  const presets = h('div', { class: 'presets', role: 'radiogroup', 'aria-label': t('train.preset') },
    presetNames.length === 0 ? h('p', { class: 'muted' }, t('preset.waiting')) : '',
    presetNames.map((name) => {
      const config = plans ? presetOf(plans.configs, name) : undefined;
      return h('button', { type: 'button', role: 'radio', 'aria-checked': String(stored.preset === name),
        class: `preset${stored.preset === name ? ' active' : ''}`, disabled, 'data-testid': `preset-${name}`,
        onclick: () => saveSettings(config ? settingsFromPreset(config) : { ...stored, preset: name as TrainSettings['preset'] }) },
        h('strong', {}, tOr(`preset.${name}`, name)), h('span', {}, tOr(`preset.${name}.hint`, '')),
        plans ? h('span', { 'data-testid': `preset-claims-${name}` }, presetClaims(plans.configs, name).map(claimText).join(' ')) : '',
        h('span', { class: 'preset-time', 'data-testid': `preset-time-${name}` }, presetTime(plans, name, classCounts)),
        config ? h('span', { class: 'muted small preset-tech' }, t('preset.tech', { arch: config.arch, size: config.size, epochs: config.train.epochs })) : '');
    }),
    stored.preset === 'custom' && presetNames.length ? customCard(stored, plans, classCounts, disabled) : '',
  );
  const adv = h('details', { class: 'advanced', open: s.advancedOpen, ontoggle: (e: Event) => dispatch({ type: 'advanced', open: (e.target as HTMLDetailsElement).open }) },
    h('summary', {}, t('train.advanced'), stored.preset === 'custom' ? ` (${t('preset.custom')})` : ''),
    h('fieldset', { class: 'grid-form', disabled },
      field(t('train.arch'), selectInput(archOptions(architecturesOf(s), shown.arch), shown.arch, (v) => set({ arch: v }), 'arch', choice('arch')), true),
      field(t('train.size'), selectInput(SIZES, shown.size, (v) => set({ size: Number(v) }))),
      field(t('train.epochs'), numberInput(shown.epochs, '1', '1', '500', (v) => set({ epochs: Math.round(v) }), 'epochs')),
      field(t('train.batch'), numberInput(shown.batch, '1', '1', '512', (v) => set({ batch: Math.round(v) }))),
      field(t('train.optimizer'), selectInput(OPTIMIZERS, shown.optimizer, (v) => set({ optimizer: v }), 'optimizer', choice('optimizer')), true),
      field(t('train.lr'), numberInput(shown.lr, 'any', '0', '1', (v) => set({ lr: v }), 'lr')),
      field(t('train.weightDecay'), numberInput(shown.weightDecay, 'any', '0', '1', (v) => set({ weightDecay: v }))),
      field(t('train.dropout'), dropoutInput(shown.dropout, (v) => set({ dropout: v }))),
      field(t('train.valShare'), numberInput(shown.valShare, '0.05', '0', '0.5', (v) => set({ valShare: v }), 'val-share')),
      field(t('train.schedule'), selectInput(SCHEDULES, shown.schedule, (v) => set({ schedule: v }), 'schedule', choice('schedule')), true),
      field(t('train.patience'), numberInput(shown.patience, '1', '0', '100', (v) => set({ patience: Math.round(v) }))),
      h('label', { class: 'field check' },
        h('input', { type: 'checkbox', checked: shown.augment, onchange: (e: Event) => set({ augment: (e.target as HTMLInputElement).checked }) }),
        h('span', {}, t('train.augment'))),
      field(t('train.augmentation'), selectInput(AUGMENTATIONS, shown.augmentation, (v) => set({ augmentation: v }), 'augmentation',
        (o) => tOr(`train.augmentation.${o}`, String(o))), true),
      field(t('train.labelSmoothing'), numberInput(shown.labelSmoothing, '0.05', '0', '0.5', (v) => set({ labelSmoothing: v }))),
      field(t('train.mixup'), numberInput(shown.mixup, '0.1', '0', '1', (v) => set({ mixup: v }))),
      field(t('train.warmupEpochs'), numberInput(shown.warmupEpochs, '1', '0', '50', (v) => set({ warmupEpochs: Math.round(v) }))),
      h('label', { class: 'field check' },
        h('input', { type: 'checkbox', checked: shown.restoreBest, onchange: (e: Event) => set({ restoreBest: (e.target as HTMLInputElement).checked }) }),
        h('span', {}, t('train.restoreBest'))),
    ),
  );
  return h('div', {}, h('h3', {}, t('train.preset')), presets, adv);
}

/** What leaving the page does now (leave-note.ts); redrawn when the run starts saving. */
function leaveNote(tr: State['training']): HTMLElement | string {
  const key = leaveNoteKey(tr);
  return key ? h('p', { class: key === 'train.leaveSaving' ? 'notice-inline' : 'muted small', 'data-testid': 'leave-note' }, t(key)) : '';
}

function statusText(s: State): string {
  const tr = s.training;
  if (!tr.running && !tr.progress) return '';
  if (!tr.progress && tr.saving) return t('train.saving');
  if (!tr.progress) return tr.ingested ? t('train.preparingCount', tr.ingested) : t('train.preparing');
  const p = tr.progress;
  const valAcc = [...tr.history].reverse().find((e) => Number.isFinite(e.valAcc))?.valAcc;
  const live = tr.running && !tr.saving;
  return [
    tr.saving ? t('train.saving') : '',
    t('train.status', { epoch: p.epoch, ...runSteps(p, tr.epochs, tr.resumedEpochs) }),
    valAcc !== undefined ? t('train.valAcc', { acc: percent(valAcc) }) : '',
    live ? t('train.speed', { ips: Math.round(p.imagesPerSecond) }) : '',
    live ? t('train.left', { time: formatDuration(p.secondsLeft) }) : t('train.took', { time: formatDuration(p.elapsed) }),
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
      bar.hidden = !tr.running || tr.saving;
      const steps = tr.progress ? runSteps(tr.progress, tr.epochs, tr.resumedEpochs) : { step: 0, total: 1 };
      bar.max = steps.total || 1;
      bar.value = steps.step;
    }
  };

  // The presets' measured times arrive one by one while the user may be
  // typing in the form: they are written into their places (below), never
  // by drawing the form again, which would drop a half-typed value.
  watch((s) => [s.lang, s.tab, s.currentId, s.projects, s.models, s.training.running, s.training.stopping, s.training.saving, s.photos, s.engine,
    s.presetPlans?.configs, s.trainingElsewhere], (s) => {
    const project = currentProject(s);
    el.hidden = !project || s.tab !== 'train';
    charts?.loss.destroy();
    charts?.acc.destroy();
    charts = null;
    if (el.hidden || !project) return;
    const tr = s.training;
    if (!tr.running) void refreshPresetPlans();
    // Another tab trains this project: it holds the lock, this one must not start.
    const elsewhere = !tr.running && s.trainingElsewhere.includes(project.id);
    const ready = classesReady(project.classes, s.photos) && !elsewhere;
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
        elsewhere ? h('p', { class: 'notice-inline', role: 'status', 'data-testid': 'other-tab' }, t('train.otherTab'))
          : ready ? '' : h('p', { class: 'notice-inline' }, t('train.notReady')),
        tr.running ? '' : dataWarningsPanel(project.classes, s.photos),
        settingsForm(project.settings, s, classCountsOf(s, project), tr.running),
        h('div', { class: 'row actions' },
          tr.saving
            ? h('button', { type: 'button', class: 'btn big', disabled: true, 'data-testid': 'saving' }, t('train.saving'))
            : tr.running
            ? h('button', { type: 'button', class: 'btn danger big', disabled: tr.stopping, 'data-testid': 'stop', onclick: () => stopTraining() },
                tr.stopping ? t('train.stopping') : t('train.stop'))
            : h('button', { type: 'button', class: 'btn primary big', disabled: !ready, 'data-testid': 'start', onclick: () => startTraining('new') }, t('train.start')),
          !tr.running && canContinue && h('button', { type: 'button', class: 'btn big', disabled: !ready, 'data-testid': 'continue',
            onclick: () => startTraining('continue') }, t('train.continue')),
        ),
        bar,
        status,
        leaveNote(tr),
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
  watch((s) => [s.training.progress, s.training.history, s.training.ingested], (s) => {
    if (!el.hidden) updateLive(s);
  });
  watch((s) => [s.presetPlans?.msPerStep], (s) => {
    const project = currentProject(s);
    if (el.hidden || !project) return;
    const counts = classCountsOf(s, project);
    for (const name of s.engine?.presets ?? []) {
      const span = el.querySelector(`[data-testid="preset-time-${name}"]`);
      if (span) span.textContent = presetTime(s.presetPlans, name, counts);
    }
    const custom = el.querySelector('[data-testid="preset-time-custom"]');
    if (custom) custom.textContent = customTime(s.presetPlans, project.settings, counts);
  });
}
