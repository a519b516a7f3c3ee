// Form controls of the lab pages (sliders, choices, number lists, buttons)
// and the status line of an engine run. Each control shows its value and
// calls back on change; the page keeps its settings in one object and
// writes them to the hash, so the DOM never holds the state.

import { h } from '../ui/dom';
import type { LabClient } from './client';
import { clampTo, numText, type Field } from './settings';
import { lt } from './text';

/** A labelled range slider with its value; `log` slides over log10 of the value. */
export function slider(label: string, f: Field, value: number, onInput: (v: number) => void, opts: { step?: number; log?: boolean; testid?: string } = {}): HTMLElement {
  if (f.kind !== 'num' && f.kind !== 'int') throw new Error('slider needs a number field');
  const log = !!opts.log;
  const toPos = (v: number) => (log ? Math.log10(v) : v);
  const fromPos = (p: number) => clampTo(f, log ? Number(Math.pow(10, p).toPrecision(3)) : p);
  const out = h('output', { class: 'lab-value' }, numText(value));
  const input = h('input', {
    type: 'range',
    min: String(toPos(f.min)),
    max: String(toPos(f.max)),
    step: String(log ? 0.01 : opts.step ?? (f.kind === 'int' ? 1 : (f.max - f.min) / 200)),
    value: String(toPos(value)),
    'aria-label': label,
    'data-testid': opts.testid,
    oninput: () => {
      const v = fromPos(Number(input.value));
      out.textContent = numText(v);
      onInput(v);
    },
  });
  return h('label', { class: 'lab-control' }, h('span', { class: 'lab-row' }, h('span', { class: 'lab-label' }, label), out), input);
}

/** A labelled number box (exact values such as 1e-10). */
export function numberBox(label: string, f: Field, value: number, onChange: (v: number) => void, testid?: string): HTMLElement {
  const input = h('input', {
    type: 'text', inputmode: 'decimal', class: 'text-input lab-number', value: numText(value), 'aria-label': label, 'data-testid': testid,
    onchange: () => {
      const v = Number(input.value);
      const ok = Number.isFinite(v);
      const c = ok ? clampTo(f, v) : value;
      input.value = numText(c);
      onChange(c);
    },
  });
  return h('label', { class: 'lab-control' }, h('span', { class: 'lab-label' }, label), input);
}

/** A row of toggle buttons choosing one option (large touch targets). */
export function choices<T extends string>(label: string, options: readonly { value: T; text: string }[], value: T, onPick: (v: T) => void, testid?: string): HTMLElement {
  return h('div', { class: 'lab-control', role: 'group', 'aria-label': label },
    h('span', { class: 'lab-label' }, label),
    h('div', { class: 'lab-choices', 'data-testid': testid },
      options.map((o) => h('button', { type: 'button', class: `btn lab-choice${o.value === value ? ' active' : ''}`, 'aria-pressed': String(o.value === value), 'data-value': o.value,
        onclick: () => onPick(o.value) }, o.text))),
  );
}

/** An editable list of numbers, one box each. */
export function numberList(label: string, f: Field, values: readonly number[], onChange: (v: number[]) => void, testid?: string): HTMLElement {
  const cur = [...values];
  const boxes = cur.map((v, i) => {
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'text-input lab-cell', value: numText(v), 'aria-label': `${label} ${i + 1}`,
      onchange: () => {
        const n = Number(input.value);
        const c = Number.isFinite(n) ? clampTo({ kind: 'num', def: 0, min: f.kind === 'list' ? f.min : -Infinity, max: f.kind === 'list' ? f.max : Infinity }, n) : cur[i]!;
        input.value = numText(c);
        cur[i] = c;
        onChange([...cur]);
      },
    });
    return input;
  });
  return h('div', { class: 'lab-control', role: 'group', 'aria-label': label }, h('span', { class: 'lab-label' }, label), h('div', { class: 'lab-list', 'data-testid': testid }, boxes));
}

export function button(text: string, onClick: () => void, cls = 'btn', testid?: string): HTMLButtonElement {
  return h('button', { type: 'button', class: cls, 'data-testid': testid, onclick: onClick }, text);
}

/**
 * Runs engine experiments for one page: shows "Computing…" when a run takes
 * a moment and the engine's message when it fails; resolves to null when it
 * failed or the page was left meanwhile.
 */
export function runner(lab: LabClient, signal: AbortSignal, status: HTMLElement): <T>(experiment: string, params: string) => Promise<T | null> {
  return async <T>(experiment: string, params: string): Promise<T | null> => {
    const timer = setTimeout(() => {
      status.textContent = lt('lab.computing');
      status.className = 'lab-status muted';
    }, 150);
    try {
      const value = await lab.run<T>(experiment, params);
      if (signal.aborted) return null;
      status.textContent = '';
      status.className = 'lab-status';
      return value;
    } catch (e) {
      if (signal.aborted) return null;
      status.textContent = lt('lab.failed', { message: e instanceof Error ? e.message : String(e) });
      status.className = 'lab-status error';
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
