// Saved models: each with its date, settings, checking accuracy and the
// accuracy chart of its training; choose the one in use, download
// (.barnlab), import (asking when its classes differ), delete; and the
// training runs.

import { deleteModel, downloadModel, downloadOnnx, importModelFile, useModel } from '../actions/models';
import { notify } from '../actions/notices';
import { accuracyColumns } from '../chartdata';
import type { ModelRecord } from '../db';
import { formatDate, percent, t, tOr } from '../i18n';
import { latestModel, watch } from '../store';
import { createChart, type Chart } from './chart';
import { confirmAction } from './dialog';
import { filePicker, h, pickButton } from './dom';

function settingsLine(m: ModelRecord): string {
  const arch = tOr(`choice.arch.${m.info.arch}`, m.info.arch);
  const st = m.settings;
  return st
    ? t('models.settings', { preset: tOr(`preset.${st.preset}`, st.preset), arch, size: m.info.size, epochs: m.info.epochs, lr: st.lr })
    : t('models.settingsImported', { arch, size: m.info.size, epochs: m.info.epochs });
}

export function setupModels(el: HTMLElement): void {
  let charts: Chart[] = [];
  watch((s) => [s.lang, s.tab, s.currentId, s.models, s.runs, s.projects], (s) => {
    for (const c of charts) c.destroy();
    charts = [];
    el.hidden = s.currentId === null || s.tab !== 'models';
    if (el.hidden) return;
    const input = filePicker({ accept: '.barnlab,application/octet-stream', testid: 'model-input' },
      (files) => void importModelFile(files[0]!, (text) => confirmAction(text, t('models.importAnyway'))));
    const inUse = latestModel(s);
    const models = [...s.models].reverse();
    const pending: { el: HTMLElement; model: ModelRecord }[] = [];
    el.replaceChildren(
      h('section', { class: 'card' },
        h('div', { class: 'class-head' }, h('h2', {}, t('models.title')), pickButton(t('models.import'), 'btn', input)),
        models.length === 0 ? h('p', { class: 'empty' }, t('models.empty'))
          : h('ul', { class: 'list' }, models.map((m) => {
              const chartEl = h('div', { class: 'chart small-chart', 'data-testid': 'model-chart' });
              if (m.history.length) pending.push({ el: chartEl, model: m });
              const current = m.id === inUse?.id;
              return h('li', { class: `model-row${current ? ' in-use' : ''}`, 'data-testid': 'model-row' },
                h('div', { class: 'model-text' },
                  h('strong', {}, m.source === 'trained' ? t('models.trained', { date: formatDate(m.created) }) : t('models.importedOn', { date: formatDate(m.created) })),
                  current ? h('span', { class: 'badge ok', 'data-testid': 'model-in-use' }, t('models.current')) : '',
                  h('div', { class: 'big-figure-small', 'data-testid': 'model-acc' },
                    m.evaluation ? t('models.valAcc', { acc: percent(m.evaluation.accuracy) }) : t('models.noValAcc')),
                  h('div', { class: 'muted' }, settingsLine(m)),
                  h('div', { class: 'muted small' }, m.info.classes.join(', ')),
                ),
                m.history.length ? chartEl : '',
                h('div', { class: 'row' },
                  current ? '' : h('button', { type: 'button', class: 'btn primary', 'data-testid': 'use-model', onclick: async () => {
                    await useModel(m.projectId, m.id);
                    notify('success', () => t('models.inUse'));
                  } }, t('models.use')),
                  h('button', { type: 'button', class: 'btn', 'data-testid': 'download-model', onclick: () => downloadModel(m) }, t('models.download')),
                  h('button', { type: 'button', class: 'btn', 'data-testid': 'download-onnx', onclick: () => downloadOnnx(m) }, t('models.downloadOnnx')),
                  h('button', { type: 'button', class: 'btn danger-text', onclick: async () => {
                    if (await confirmAction(t('models.deleteConfirm'), t('models.delete'))) await deleteModel(m.id);
                  } }, t('models.delete')),
                ),
              );
            })),
      ),
      h('section', { class: 'card' },
        h('h3', {}, t('models.runs')),
        s.runs.length === 0 ? h('p', { class: 'muted' }, t('models.noRuns'))
          : h('ul', { class: 'plain' }, [...s.runs].reverse().map((r) => h('li', {},
              t('models.run', { date: formatDate(r.started), end: tOr(`end.${r.end}`, r.end), epochs: r.history.length }),
              r.message ? h('span', { class: 'muted small' }, ` — ${r.message}`) : ''))),
      ),
    );
    // Charts measure their container: make them once it is in the page.
    for (const { el: chartEl, model } of pending) {
      const chart = createChart(chartEl, {
        title: t('models.chart'), xLabel: t('train.epochAxis'), yRange: [0, 1], percent: true, height: 180,
        series: [
          { label: t('train.series.train'), stroke: '#2f6b3a' },
          { label: t('train.series.val'), stroke: '#c0622b', dash: [6, 4] },
        ],
      });
      chart.setData(accuracyColumns(model.history));
      charts.push(chart);
    }
  });
}
