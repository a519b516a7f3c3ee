// Page 8: the notebook's own network (3 inputs, 2 hidden, 2 outputs,
// weights w1..w10, biases b1..b4, sigmoid, E = ½ Σ (o − t)²) with editable
// numbers: forward values on every node, dE/dw by backprop beside the
// numerical gradient, and one update step. Engine: `backprop.net`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { numberBox, runner, slider } from '../controls';
import { COLORS, INK, makeCanvas } from '../draw';
import type { PageParams } from '../pages';
import { num, readSettings, writeSettings, type NumField, type Values } from '../settings';
import { fmt, lt } from '../text';

const W_DEF = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const B_DEF = [0.1, 0.1, 0.2, 0.2];
const weight = (d: number) => num(d, -10, 10);

export const schema = {
  x1: weight(0.5), x2: weight(0.1), x3: weight(0.8),
  ...Object.fromEntries(W_DEF.map((d, i) => [`w${i + 1}`, weight(d)])) as Record<`w${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`, NumField>,
  ...Object.fromEntries(B_DEF.map((d, i) => [`b${i + 1}`, weight(d)])) as Record<`b${1 | 2 | 3 | 4}`, NumField>,
  t1: num(0.1, 0, 1), t2: num(0.9, 0, 1),
  lr: num(0.5, 0, 10),
};
type Settings = Values<typeof schema>;
type Name = keyof Settings;

interface Net {
  forward: Record<'z_h1' | 'z_h2' | 'h1' | 'h2' | 'z_o1' | 'z_o2' | 'o1' | 'o2' | 'E', number>;
  grads: { name: string; value: number; backprop: number; numerical: number; difference: number }[];
  max_difference: number;
  deltas: Record<'o1' | 'o2' | 'h1' | 'h2', number>;
  updated: Record<string, number>;
  E_after: number;
}

// Node positions (fractions of the canvas) and which weight joins which nodes (the notebook's numbering).
const NODES: Record<string, [number, number]> = { x1: [0.1, 0.2], x2: [0.1, 0.5], x3: [0.1, 0.8], h1: [0.5, 0.3], h2: [0.5, 0.7], o1: [0.88, 0.3], o2: [0.88, 0.7] };
const EDGES: [string, string, string][] = [
  ['w1', 'x1', 'h1'], ['w2', 'x1', 'h2'], ['w3', 'x2', 'h1'], ['w4', 'x2', 'h2'], ['w5', 'x3', 'h1'], ['w6', 'x3', 'h2'],
  ['w7', 'h1', 'o1'], ['w8', 'h1', 'o2'], ['w9', 'h2', 'o1'], ['w10', 'h2', 'o2'],
];

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const diagram = makeCanvas(0.7, 'lab-plot', lt('backprop.forward'));
  const table = h('div', { class: 'lab-scroll' });

  const update = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run<Net>('backprop.net', writeSettings(schema, s));
    if (!r) return;
    key.replaceChildren(
      h('div', {}, lt('backprop.error', { e: fmt(r.forward.E, 6), after: fmt(r.E_after, 6) })),
      h('div', { 'data-testid': 'lab-maxdiff', 'data-value': String(r.max_difference) }, lt('backprop.maxDiff', { d: r.max_difference.toExponential(2) })));
    key.dataset.value = String(r.max_difference);
    table.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'lab-grads' },
      h('thead', {}, h('tr', {}, [lt('backprop.param'), lt('backprop.value'), `${lt('backprop.analytic')} dE/d·`, lt('backprop.numeric'), lt('backprop.diff'), lt('backprop.updated')].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.grads.map((g) => h('tr', {},
        h('td', {}, g.name), h('td', {}, fmt(g.value, 4)), h('td', {}, g.backprop.toFixed(8)), h('td', {}, g.numerical.toFixed(8)),
        h('td', {}, g.difference.toExponential(1)), h('td', {}, fmt(r.updated[g.name], 6)))))));
    diagram.draw((ctx, w, hgt) => {
      const at = (n: string) => [NODES[n]![0] * w, NODES[n]![1] * hgt] as const;
      ctx.lineWidth = 1.5;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (const [wn, a, b] of EDGES) {
        const [ax, ay] = at(a);
        const [bx, by] = at(b);
        ctx.strokeStyle = '#b9b29f';
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        ctx.lineTo(bx, by);
        ctx.stroke();
        // Labels of the two edges leaving a node sit at different distances, so they never overlap.
        const at1 = b.endsWith('1') ? 0.3 : 0.62;
        const mx = ax + (bx - ax) * at1;
        const my = ay + (by - ay) * at1;
        const g = r.grads.find((x) => x.name === wn);
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fillRect(mx - 34, my - 9, 68, 18);
        ctx.fillStyle = COLORS[1]!;
        ctx.fillText(`${wn}=${fmt(s[wn as Name] as number, 2)}`, mx, my - 1);
        if (g) {
          ctx.fillStyle = COLORS[2]!;
          ctx.fillText(`∂ ${fmt(g.backprop, 3)}`, mx, my + 13);
        }
      }
      const value: Record<string, string> = {
        x1: fmt(s.x1), x2: fmt(s.x2), x3: fmt(s.x3),
        h1: fmt(r.forward.h1), h2: fmt(r.forward.h2), o1: fmt(r.forward.o1), o2: fmt(r.forward.o2),
      };
      for (const n of Object.keys(NODES)) {
        const [x, y] = at(n);
        ctx.fillStyle = n.startsWith('x') ? '#eef4ea' : n.startsWith('h') ? '#fdf1e7' : '#e7eef8';
        ctx.strokeStyle = INK;
        ctx.beginPath();
        ctx.arc(x, y, 26, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = INK;
        ctx.fillText(n, x, y - 8);
        ctx.fillText(value[n]!, x, y + 8);
      }
      ctx.textAlign = 'left';
      ctx.fillText(`E = ${fmt(r.forward.E, 5)}`, 8, hgt - 12);
      ctx.textAlign = 'right';
      ctx.fillText(`t = (${fmt(s.t1)}, ${fmt(s.t2)})`, w - 8, hgt - 12);
    });
  });

  const box = (n: Name) => numberBox(n, schema[n] as NumField, s[n] as number, (v) => { s = { ...s, [n]: v }; update(); }, `lab-${n}`);
  const group = (title: string, names: Name[]) => h('fieldset', { class: 'lab-group' }, h('legend', {}, title), h('div', { class: 'lab-controls' }, names.map(box)));
  el.append(
    key, status,
    h('figure', { class: 'lab-figure' }, diagram.el),
    h('div', { class: 'lab-controls' },
      slider(lt('backprop.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; update(); }, { step: 0.05 }),
      h('div', { class: 'lab-buttons' }, h('button', { type: 'button', class: 'btn primary', 'data-testid': 'lab-apply', onclick: () => void applyStep() }, lt('lab.step')))),
    h('h3', {}, lt('backprop.grads')), table,
    group(lt('backprop.inputs'), ['x1', 'x2', 'x3']),
    group(lt('backprop.targets'), ['t1', 't2']),
    group(lt('backprop.weights'), W_DEF.map((_, i) => `w${i + 1}` as Name)),
    group(lt('backprop.biases'), B_DEF.map((_, i) => `b${i + 1}` as Name)),
  );
  /** Takes the engine's updated weights as the new settings (one step of learning). */
  const applyStep = async () => {
    const r = await run<Net>('backprop.net', writeSettings(schema, s));
    if (!r) return;
    const next = { ...s } as Record<string, number | string>;
    for (const [k, v] of Object.entries(r.updated)) if (k in schema) next[k] = Number(v.toPrecision(8));
    s = next as Settings;
    el.replaceChildren();
    setup(el, lab, { ...params, query: writeSettings(schema, s) });
  };
  update();
}
