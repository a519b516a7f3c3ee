// A uPlot line chart that follows its container's width.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { pointCount, type Columns } from '../chartdata';

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

export function createChart(el: HTMLElement, opts: { title: string; xLabel: string; series: SeriesDef[]; yRange?: [number, number] }): Chart {
  const width = () => Math.max(280, el.clientWidth || 600);
  const plot = new uPlot(
    {
      title: opts.title,
      width: width(),
      height: 220,
      scales: { x: { time: false }, y: opts.yRange ? { range: opts.yRange } : { auto: true } },
      axes: [{ label: opts.xLabel }, {}],
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
  const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
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
