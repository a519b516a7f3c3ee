// The lab's drawing helpers, shared by every page (none draws on its own):
// a canvas that redraws itself when its width changes, a plot frame with
// axes (data <-> pixel mapping), and on top of it line plots, paths,
// scatter points, heat maps, contour lines, vector fields and histograms;
// plus a matrix grid of numbers as an HTML table (readable and selectable).
// Everything drawn comes from the engine's results: no maths here beyond
// mapping numbers to pixels.

import { h } from '../ui/dom';

export const COLORS = ['#2f6b3a', '#c0622b', '#2b6cb0', '#8e44ad', '#b7950b', '#16a085', '#c0392b', '#555555'];
export const INK = '#1f2a1f';
const GRID = '#e6e1d3';

export type Range = readonly [number, number];
export type Point = readonly [number, number];

/** A canvas whose drawing is a function of its size: re-run on resize. */
export interface Canvas {
  el: HTMLCanvasElement;
  draw(fn: (ctx: CanvasRenderingContext2D, width: number, height: number) => void): void;
}

/** `aspect` = height / width. `testid` lets the e2e test find the plot. */
export function makeCanvas(aspect = 0.7, testid?: string, label?: string): Canvas {
  const el = h('canvas', { class: 'lab-canvas', 'data-testid': testid, role: 'img', 'aria-label': label });
  let last: ((ctx: CanvasRenderingContext2D, w: number, h: number) => void) | null = null;
  let lastWidth = 0;
  const paint = () => {
    if (!last) return;
    const w = Math.round(el.clientWidth || el.parentElement?.clientWidth || 600);
    const height = Math.round(w * aspect);
    const dpr = window.devicePixelRatio || 1;
    // Resizing reallocates the canvas: only when the size really changed (live pages redraw often).
    if (el.width !== Math.round(w * dpr) || el.height !== Math.round(height * dpr)) {
      el.width = Math.round(w * dpr);
      el.height = Math.round(height * dpr);
      el.style.height = `${height}px`;
    }
    lastWidth = w;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, height);
    ctx.font = '13px system-ui, sans-serif';
    last(ctx, w, height);
    el.dataset.drawn = 'true';
  };
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      if (Math.round(el.clientWidth) !== lastWidth) paint();
    }).observe(el);
  }
  return {
    el,
    draw(fn) {
      last = fn;
      paint();
    },
  };
}

/** Data coordinates <-> pixels inside a plot's axes. */
export interface Frame {
  ctx: CanvasRenderingContext2D;
  x: Range;
  y: Range;
  left: number;
  top: number;
  width: number;
  height: number;
  logY: boolean;
  px(x: number): number;
  py(y: number): number;
  /** Pixel -> data (for taps). */
  toData(px: number, py: number): Point;
}

export interface FrameOptions {
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
  /** Same scale on both axes (surfaces, the unit square). */
  square?: boolean;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

/** Draws the axes, ticks and labels of a plot; returns the mapping. */
export function frame(ctx: CanvasRenderingContext2D, width: number, height: number, x: Range, y: Range, opts: FrameOptions = {}): Frame {
  const logY = !!opts.logY;
  let left = 52;
  const right = 12;
  const top = 10;
  const bottom = opts.xLabel ? 44 : 28;
  let w = width - left - right;
  let hgt = height - top - bottom;
  if (opts.square) {
    const s = Math.min(w, hgt);
    left += (w - s) / 2;
    w = s;
    hgt = s;
  }
  const ly = (v: number) => (logY ? Math.log10(Math.max(v, 1e-30)) : v);
  const y0 = ly(y[0]);
  const y1 = ly(y[1]);
  const f: Frame = {
    ctx, x, y, left, top, width: w, height: hgt, logY,
    px: (v) => left + ((v - x[0]) / (x[1] - x[0] || 1)) * w,
    py: (v) => top + hgt - ((ly(v) - y0) / (y1 - y0 || 1)) * hgt,
    toData: (px, py) => {
      const dx = x[0] + ((px - left) / w) * (x[1] - x[0]);
      const t = (top + hgt - py) / hgt;
      const dyl = y0 + t * (y1 - y0);
      return [dx, logY ? Math.pow(10, dyl) : dyl];
    },
  };
  ctx.save();
  ctx.strokeStyle = GRID;
  ctx.fillStyle = INK;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xs = niceStep(x[1] - x[0], Math.max(2, Math.floor(w / 80)));
  for (let v = Math.ceil(x[0] / xs) * xs; v <= x[1] + xs * 1e-9; v += xs) {
    const p = f.px(v);
    ctx.beginPath();
    ctx.moveTo(p, top);
    ctx.lineTo(p, top + hgt);
    ctx.stroke();
    ctx.fillText(tickText(v), p, top + hgt + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  if (logY) {
    // Powers of ten; within less than two decades also 2x and 5x them.
    const mults = y1 - y0 < 2 ? [1, 2, 5] : [1];
    let ticks: number[] = [];
    for (let e = Math.floor(y0); e <= Math.ceil(y1); e++) {
      for (const m of mults) {
        const l = Math.log10(m * Math.pow(10, e));
        if (l >= y0 - 1e-9 && l <= y1 + 1e-9) ticks.push(m * Math.pow(10, e));
      }
    }
    // Within a fraction of a decade: plain evenly spaced values, placed on the log scale.
    if (ticks.length < 2) {
      const step = niceStep(y[1] - y[0], 4);
      ticks = [];
      for (let v = Math.ceil(y[0] / step) * step; v <= y[1] + step * 1e-9; v += step) ticks.push(v);
    }
    for (const v of ticks) {
      const p = f.py(v);
      ctx.beginPath();
      ctx.moveTo(left, p);
      ctx.lineTo(left + w, p);
      ctx.stroke();
      const e = Math.log10(v);
      ctx.fillText(Number.isInteger(e) && Math.abs(e) > 2 ? `1e${e}` : tickText(v), left - 4, p);
    }
  } else {
    const ys = niceStep(y[1] - y[0], Math.max(2, Math.floor(hgt / 50)));
    for (let v = Math.ceil(y[0] / ys) * ys; v <= y[1] + ys * 1e-9; v += ys) {
      const p = f.py(v);
      ctx.beginPath();
      ctx.moveTo(left, p);
      ctx.lineTo(left + w, p);
      ctx.stroke();
      ctx.fillText(tickText(Math.abs(v) < ys * 1e-9 ? 0 : v), left - 4, p);
    }
  }
  ctx.strokeStyle = INK;
  ctx.strokeRect(left, top, w, hgt);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  if (opts.xLabel) ctx.fillText(opts.xLabel, left + w / 2, top + hgt + 40);
  if (opts.yLabel) {
    ctx.translate(left - 40, top + hgt / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(opts.yLabel, 0, 0);
  }
  ctx.restore();
  return f;
}

/** Clip drawing to the inside of the axes. */
function clip(f: Frame): void {
  f.ctx.beginPath();
  f.ctx.rect(f.left, f.top, f.width, f.height);
  f.ctx.clip();
}

/** A polyline through points; null (or non-finite) points break it. */
export function path(f: Frame, pts: readonly (Point | null)[], color: string, opts: { width?: number; dots?: boolean; dash?: number[] } = {}): void {
  const { ctx } = f;
  ctx.save();
  clip(f);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = opts.width ?? 2;
  ctx.setLineDash(opts.dash ?? []);
  ctx.beginPath();
  let pen = false;
  for (const p of pts) {
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || (f.logY && p[1] <= 0)) {
      pen = false;
      continue;
    }
    const X = f.px(p[0]);
    const Y = f.py(p[1]);
    if (pen) ctx.lineTo(X, Y);
    else ctx.moveTo(X, Y);
    pen = true;
  }
  ctx.stroke();
  if (opts.dots) {
    for (const p of pts) {
      if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
      ctx.beginPath();
      ctx.arc(f.px(p[0]), f.py(p[1]), 3, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}

/** Filled circles (scatter); `colors[i]` per point, or one colour. */
export function points(f: Frame, pts: readonly Point[], colors: string | readonly string[], radius = 4, outline = '#fff'): void {
  const { ctx } = f;
  ctx.save();
  clip(f);
  pts.forEach((p, i) => {
    ctx.beginPath();
    ctx.arc(f.px(p[0]), f.py(p[1]), radius, 0, Math.PI * 2);
    ctx.fillStyle = typeof colors === 'string' ? colors : colors[i % colors.length]!;
    ctx.fill();
    if (outline) {
      ctx.strokeStyle = outline;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  });
  ctx.restore();
}

/** A marker with a text label at a data point. */
export function marker(f: Frame, p: Point, color: string, label = '', radius = 6): void {
  const { ctx } = f;
  ctx.save();
  ctx.fillStyle = color;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(f.px(p[0]), f.py(p[1]), radius, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  if (label) {
    ctx.fillStyle = INK;
    ctx.textBaseline = 'bottom';
    ctx.fillText(label, f.px(p[0]) + radius + 2, f.py(p[1]) - 2);
  }
  ctx.restore();
}

/** Colour of t in [0, 1] on a diverging scale (blue - paper - orange). */
export function diverging(t: number): string {
  const c = Math.min(1, Math.max(0, t));
  const a: [number, number, number] = [43, 108, 176];
  const m: [number, number, number] = [246, 243, 234];
  const b: [number, number, number] = [192, 98, 43];
  const [p, q, s] = c < 0.5 ? [a, m, c * 2] : [m, b, (c - 0.5) * 2];
  return `rgb(${p.map((v, i) => Math.round(v + (q[i]! - v) * s)).join(',')})`;
}

/** Colour of t in [0, 1] on a sequential scale (paper -> green -> dark). */
export function sequential(t: number): string {
  const c = Math.min(1, Math.max(0, t));
  const stops: [number, number, number][] = [[250, 248, 240], [150, 196, 140], [47, 107, 58], [20, 45, 25]];
  const x = c * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const s = x - i;
  return `rgb(${stops[i]!.map((v, k) => Math.round(v + (stops[i + 1]![k]! - v) * s)).join(',')})`;
}

/**
 * A heat map of a size x size grid (row-major, row 0 at the bottom, y = yRange[0])
 * covering range x yRange (yRange = range unless given); values mapped with `color(t)`, t = (v - lo) / (hi - lo).
 */
export function heatMap(f: Frame, z: readonly (number | null)[], size: number, range: Range, color: (t: number) => string, lo?: number, hi?: number, yRange: Range = range): void {
  const finite = z.filter((v): v is number => v !== null && Number.isFinite(v));
  const vmin = lo ?? Math.min(...finite);
  const vmax = hi ?? Math.max(...finite);
  // One pixel per cell in a small image, scaled up without smoothing: a live
  // page redraws this many times a second, and one drawImage is far cheaper
  // than size * size rectangles.
  const img = new ImageData(size, size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = z[r * size + c];
      const css = v === null || v === undefined || !Number.isFinite(v) ? 'rgb(204,204,204)' : color((v - vmin) / (vmax - vmin || 1));
      const [R, G, B] = (css.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
      const k = ((size - 1 - r) * size + c) * 4; // image row 0 is the top (y = yRange[1])
      img.data[k] = R!;
      img.data[k + 1] = G!;
      img.data[k + 2] = B!;
      img.data[k + 3] = 255;
    }
  }
  const cells = document.createElement('canvas');
  cells.width = size;
  cells.height = size;
  cells.getContext('2d')?.putImageData(img, 0, 0);
  const { ctx } = f;
  ctx.save();
  clip(f);
  ctx.imageSmoothingEnabled = false;
  const x0 = f.px(range[0]);
  const y0 = f.py(yRange[1]);
  ctx.drawImage(cells, x0, y0, f.px(range[1]) - x0, f.py(yRange[0]) - y0);
  ctx.restore();
}

/**
 * Contour lines of grid values z sampled at size x size points spanning
 * range x yRange (row 0 at y = yRange[0]; yRange = range unless given), by
 * marching squares.
 */
export function contours(f: Frame, z: readonly (number | null)[], size: number, range: Range, levels: readonly number[], color = 'rgba(31,42,31,0.55)', yRange: Range = range): void {
  const { ctx } = f;
  const at = (i: number) => range[0] + (i / (size - 1)) * (range[1] - range[0]);
  const atY = (i: number) => yRange[0] + (i / (size - 1)) * (yRange[1] - yRange[0]);
  const v = (r: number, c: number) => z[r * size + c] ?? NaN;
  ctx.save();
  clip(f);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const L of levels) {
    for (let r = 0; r + 1 < size; r++) {
      for (let c = 0; c + 1 < size; c++) {
        // corners: a (r,c) b (r,c+1) d (r+1,c+1) e (r+1,c)
        const corners: [number, number, number][] = [[v(r, c), c, r], [v(r, c + 1), c + 1, r], [v(r + 1, c + 1), c + 1, r + 1], [v(r + 1, c), c, r + 1]];
        if (corners.some((k) => !Number.isFinite(k[0]))) continue;
        const cross: Point[] = [];
        for (let k = 0; k < 4; k++) {
          const p = corners[k]!;
          const q = corners[(k + 1) % 4]!;
          if ((p[0] < L) !== (q[0] < L)) {
            const s = (L - p[0]) / (q[0] - p[0]);
            cross.push([at(p[1] + s * (q[1] - p[1])), atY(p[2] + s * (q[2] - p[2]))]);
          }
        }
        for (let k = 0; k + 1 < cross.length; k += 2) {
          ctx.moveTo(f.px(cross[k]![0]), f.py(cross[k]![1]));
          ctx.lineTo(f.px(cross[k + 1]![0]), f.py(cross[k + 1]![1]));
        }
      }
    }
  }
  ctx.stroke();
  ctx.restore();
}

/** Arrows [x, y, dx, dy] (data units), scaled so the longest spans `cell` pixels. */
export function vectorField(f: Frame, vectors: readonly (readonly [number, number, number, number])[], color = 'rgba(43,108,176,0.8)', cell = 22): void {
  const { ctx } = f;
  const longest = Math.max(...vectors.map((v) => Math.hypot(v[2], v[3])), 1e-30);
  ctx.save();
  clip(f);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.3;
  for (const [x, y, dx, dy] of vectors) {
    const len = Math.hypot(dx, dy);
    if (!(len > 0)) continue;
    const X = f.px(x);
    const Y = f.py(y);
    const s = (len / longest) * cell;
    const ux = dx / len;
    const uy = -dy / len; // pixel y grows downwards
    const tx = X + ux * s;
    const ty = Y + uy * s;
    ctx.beginPath();
    ctx.moveTo(X, Y);
    ctx.lineTo(tx, ty);
    ctx.stroke();
    const head = Math.min(6, s * 0.45);
    ctx.beginPath();
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - ux * head - uy * head * 0.5, ty - uy * head + ux * head * 0.5);
    ctx.lineTo(tx - ux * head + uy * head * 0.5, ty - uy * head - ux * head * 0.5);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}

/** Bars of counts over equal bins spanning `range`. */
export function histogram(f: Frame, counts: readonly number[], range: Range, color = COLORS[0]!): void {
  const { ctx } = f;
  const w = (range[1] - range[0]) / counts.length;
  ctx.save();
  clip(f);
  ctx.fillStyle = color;
  counts.forEach((n, i) => {
    const x0 = f.px(range[0] + i * w);
    const x1 = f.px(range[0] + (i + 1) * w);
    const y = f.py(n);
    ctx.fillRect(x0 + 0.5, y, Math.max(1, x1 - x0 - 1), f.py(f.y[0]) - y);
  });
  ctx.restore();
}

export interface Series {
  name: string;
  /** y values; x is the index unless xs is given. null = a gap. */
  ys: readonly (number | null)[];
  xs?: readonly number[];
  color?: string;
  dash?: number[];
}

/** The extent of finite values (a small span around a constant). */
export function extent(values: Iterable<number | null | undefined>, positiveOnly = false): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return positiveOnly ? [lo / 2, hi * 2] : [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Line plot of several series with a legend; returns the frame. */
export function lines(ctx: CanvasRenderingContext2D, width: number, height: number, series: readonly Series[], opts: FrameOptions & { x?: Range; y?: Range } = {}): Frame {
  const xr = opts.x ?? extent(series.flatMap((s) => (s.xs ? [...s.xs] : [0, Math.max(1, s.ys.length - 1)])));
  const yr = opts.y ?? extent(series.flatMap((s) => s.ys), opts.logY);
  const f = frame(ctx, width, height, xr, yr, opts);
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length]!;
    path(f, s.ys.map((y, k) => (y === null ? null : ([s.xs ? s.xs[k]! : k, y] as const))), color, { dash: s.dash });
  });
  if (series.length > 1) legend(f, series.map((s, i) => ({ name: s.name, color: s.color ?? COLORS[i % COLORS.length]! })));
  return f;
}

/** A legend box in the top right corner of the axes. */
export function legend(f: Frame, items: readonly { name: string; color: string }[]): void {
  const { ctx } = f;
  ctx.save();
  const lineH = 18;
  const w = Math.max(...items.map((i) => ctx.measureText(i.name).width)) + 34;
  const x = f.left + f.width - w - 6;
  const y = f.top + 6;
  ctx.fillStyle = 'rgba(255,255,255,0.88)';
  ctx.fillRect(x, y, w, items.length * lineH + 6);
  ctx.textBaseline = 'middle';
  items.forEach((it, i) => {
    const cy = y + 3 + lineH * i + lineH / 2;
    ctx.fillStyle = it.color;
    ctx.fillRect(x + 6, cy - 3, 18, 6);
    ctx.fillStyle = INK;
    ctx.fillText(it.name, x + 28, cy);
  });
  ctx.restore();
}

export interface Matrix {
  rows: number;
  cols: number;
  data: readonly (number | null)[];
}

/** A matrix of numbers as a table; cells shaded by value when `shade`, `highlight` = flat indices to mark. */
export function matrixGrid(m: Matrix, opts: { digits?: number; shade?: boolean; highlight?: ReadonlySet<number>; caption?: string; testid?: string } = {}): HTMLElement {
  const digits = opts.digits ?? 3;
  const finite = m.data.filter((v): v is number => v !== null && Number.isFinite(v));
  const lim = Math.max(1e-12, ...finite.map(Math.abs));
  const rows = [];
  for (let r = 0; r < m.rows; r++) {
    const cells = [];
    for (let c = 0; c < m.cols; c++) {
      const k = r * m.cols + c;
      const v = m.data[k];
      const text = v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(digits);
      const style = opts.shade && v !== null && v !== undefined ? `background:${diverging(0.5 + (0.5 * v) / lim)}` : undefined;
      cells.push(h('td', { class: opts.highlight?.has(k) ? 'hl' : undefined, style }, text));
    }
    rows.push(h('tr', {}, cells));
  }
  return h('table', { class: 'lab-matrix', 'data-testid': opts.testid }, opts.caption ? h('caption', {}, opts.caption) : null, h('tbody', {}, rows));
}

/** An image from the engine: h rows of w values; with c = 3 planar RGB (c planes of h x w), values in [0, 1]. */
export interface LabImage {
  w: number;
  h: number;
  c?: number;
  values: readonly (number | null)[];
}

/**
 * An engine image as a small canvas, one canvas pixel per image pixel,
 * shown `width` CSS pixels wide without smoothing (filters, feature maps,
 * saliency). Grey values outside [0, 1] (raw feature maps) are stretched
 * from their minimum to their maximum.
 */
export function imageCanvas(img: LabImage, width: number, opts: { testid?: string; label?: string } = {}): HTMLCanvasElement {
  const el = h('canvas', { class: 'lab-image', width: String(img.w), height: String(img.h), 'data-testid': opts.testid, role: 'img', 'aria-label': opts.label });
  el.style.width = `${width}px`;
  el.style.height = `${Math.round((width * img.h) / img.w)}px`;
  el.style.imageRendering = 'pixelated';
  const ctx = el.getContext('2d');
  if (!ctx) return el;
  const plane = img.w * img.h;
  const channels = img.c === 3 ? 3 : 1;
  const [lo, hi] = extent(img.values);
  const stretch = lo < 0 || hi > 1;
  const scale = (v: number | null) => {
    const x = v === null || !Number.isFinite(v) ? 0 : stretch ? (v - lo) / (hi - lo || 1) : v;
    return Math.round(255 * Math.min(1, Math.max(0, x)));
  };
  const data = ctx.createImageData(img.w, img.h);
  for (let i = 0; i < plane; i++) {
    const r = scale(img.values[i] ?? 0);
    data.data[4 * i] = r;
    data.data[4 * i + 1] = channels === 3 ? scale(img.values[plane + i] ?? 0) : r;
    data.data[4 * i + 2] = channels === 3 ? scale(img.values[2 * plane + i] ?? 0) : r;
    data.data[4 * i + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  el.dataset.drawn = 'true';
  return el;
}

/** A frame without axes or labels filling the canvas (small multiples, e.g. a grid of histograms). */
export function bareFrame(ctx: CanvasRenderingContext2D, width: number, height: number, x: Range, y: Range, pad = 2): Frame {
  const w = width - 2 * pad;
  const hgt = height - 2 * pad;
  ctx.save();
  ctx.strokeStyle = GRID;
  ctx.strokeRect(pad, pad, w, hgt);
  ctx.restore();
  return {
    ctx, x, y, left: pad, top: pad, width: w, height: hgt, logY: false,
    px: (v) => pad + ((v - x[0]) / (x[1] - x[0] || 1)) * w,
    py: (v) => pad + hgt - ((v - y[0]) / (y[1] - y[0] || 1)) * hgt,
    toData: (px, py) => [x[0] + ((px - pad) / w) * (x[1] - x[0]), y[0] + ((pad + hgt - py) / hgt) * (y[1] - y[0])],
  };
}
