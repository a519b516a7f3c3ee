// Turns training figures into uPlot's column data: one shared x array
// (epochs, fractional for steps) and one y array per series, null where a
// series has no point at that x.

import type { EpochFigures } from './engine/protocol';

export type Columns = [number[], ...(number | null)[][]];

export function mergeSeries(series: { x: number; y: number }[][]): Columns {
  const xs = Array.from(new Set(series.flatMap((s) => s.map((p) => p.x)))).sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const cols = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of s) col[index.get(p.x)!] = Number.isFinite(p.y) ? p.y : null;
    return col;
  });
  return [xs, ...cols];
}

export function lossColumns(
  history: EpochFigures[],
  steps: { step: number; loss: number }[],
  baseEpoch: number,
  stepsPerEpoch: number,
): Columns {
  const stepPts = stepsPerEpoch > 0 ? steps.map((s) => ({ x: baseEpoch + s.step / stepsPerEpoch, y: s.loss })) : [];
  return mergeSeries([
    stepPts,
    history.map((e) => ({ x: e.epoch, y: e.trainLoss })),
    history.map((e) => ({ x: e.epoch, y: e.valLoss })),
  ]);
}

export function accuracyColumns(history: EpochFigures[]): Columns {
  return mergeSeries([
    history.map((e) => ({ x: e.epoch, y: e.trainAcc })),
    history.map((e) => ({ x: e.epoch, y: e.valAcc })),
  ]);
}

/** Number of points actually drawn (non-null values) across series. */
export function pointCount(cols: Columns): number {
  return cols.slice(1).reduce<number>((n, c) => n + (c as (number | null)[]).filter((v) => v !== null).length, 0);
}

/** Tick labels for whole epochs only (an axis never reads 1.5, 2.5). */
export function epochTicks(splits: number[]): string[] {
  return splits.map((v) => (Number.isInteger(v) ? String(v) : ''));
}

/** Tick labels of a 0–1 scale in percent. */
export function percentTicks(splits: number[]): string[] {
  return splits.map((v) => `${Math.round(v * 100)}%`);
}
