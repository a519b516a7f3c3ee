// A uPlot line chart that follows its container's width. The x axis is in
// epochs and ticks only whole ones; `percent` shows a 0–1 series as 0–100%.
// Axis text is sized for a tablet held at arm's length.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { epochTicks, percentTicks, pointCount, type Columns } from '../chartdata';

export interface SeriesDef {
  label: string;
  stroke: string;
  width?: number;
  points?: boolean;
  dash?: number[];
}

export interface Chart {
  setData(cols: Columns): void;
  destroy(): void;
}

const AXIS_FONT = '15px system-ui, sans-serif';
const LABEL_FONT = 'bold 15px system-ui, sans-serif';
/** Tick steps uPlot may choose on the epoch axis: whole epochs only. */
const EPOCH_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export function createChart(el: HTMLElement, opts: { title: string; xLabel: string; series: SeriesDef[]; yRange?: [number, number]; percent?: boolean; height?: number }): Chart {
  const width = () => Math.max(280, el.clientWidth || 600);
  const height = opts.height ?? 240;
  const plot = new uPlot(
    {
      title: opts.title,
      width: width(),
      height,
      scales: { x: { time: false }, y: opts.yRange ? { range: opts.yRange } : { auto: true } },
      axes: [
        { label: opts.xLabel, font: AXIS_FONT, labelFont: LABEL_FONT, incrs: EPOCH_INCRS, values: (_u, splits) => epochTicks(splits) },
        { font: AXIS_FONT, size: 56, ...(opts.percent ? { incrs: [0.1, 0.2, 0.25, 0.5], values: (_u: uPlot, splits: number[]) => percentTicks(splits) } : {}) },
      ],
      series: [
        { label: opts.xLabel },
        ...opts.series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: s.width ?? 2,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? true, size: 6 },
        })),
      ],
      legend: { live: false },
    },
    [[], ...opts.series.map(() => [])] as unknown as uPlot.AlignedData,
    el,
  );
  const ro = new ResizeObserver(() => plot.setSize({ width: width(), height }));
  ro.observe(el);
  return {
    setData(cols) {
      plot.setData(cols as unknown as uPlot.AlignedData);
      el.dataset.points = String(pointCount(cols));
    },
    destroy() {
      ro.disconnect();
      plot.destroy();
    },
  };
}
