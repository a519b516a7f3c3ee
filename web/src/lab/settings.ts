// A page's settings: a typed schema, read from and written to the URL hash
// (`#/lab/<page>?k=v&k=v`). The same query text is what the page passes to
// the engine (`Lab.run(id, params)`), so a shared link reproduces the exact
// experiment. Reading never throws: a missing, unknown or out-of-range value
// falls back to the default (a typo in a link still opens the page).

export interface NumField { kind: 'num' | 'int'; def: number; min: number; max: number }
export interface ChoiceField<T extends string = string> { kind: 'choice'; def: T; options: readonly T[] }
export interface ListField { kind: 'list'; def: readonly number[]; min: number; max: number; length: readonly [number, number] }
/** A matrix of numbers, rows separated by `;`, values by `,` (`1,2;3,4`): an editable grid. */
export interface MatrixField { kind: 'matrix'; def: readonly (readonly number[])[]; min: number; max: number; rows: readonly [number, number]; cols: readonly [number, number]; square?: boolean }
export type Field = NumField | ChoiceField | ListField | MatrixField;

export type Schema = Record<string, Field>;

type ValueOf<F extends Field> = F extends ChoiceField<infer T> ? T : F extends { kind: 'list' } ? number[] : F extends { kind: 'matrix' } ? number[][] : number;
export type Values<S extends Schema> = { [K in keyof S]: ValueOf<S[K]> };

export const num = (def: number, min: number, max: number): NumField => ({ kind: 'num', def, min, max });
export const int = (def: number, min: number, max: number): NumField => ({ kind: 'int', def, min, max });
export const choice = <T extends string>(def: T, options: readonly T[]): ChoiceField<T> => ({ kind: 'choice', def, options });
/** A comma-separated list of numbers, e.g. an editable vector `0.1,0.05,0.6`. */
export const list = (def: readonly number[], min: number, max: number, length: readonly [number, number]): ListField => ({ kind: 'list', def, min, max, length });

/** A matrix (rows, all the same length): `1,2;3,4`. */
export const matrix = (def: readonly (readonly number[])[], min: number, max: number, rows: readonly [number, number], cols: readonly [number, number], square = false): MatrixField => ({ kind: 'matrix', def, min, max, rows, cols, square });

/** The rows of matrix text, or null when it is not a valid matrix for the field. */
export function parseMatrix(f: MatrixField, raw: string): number[][] | null {
  const rows = raw.split(';').map((r) => r.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))));
  const n = rows[0]?.length ?? 0;
  const ok = rows.length >= f.rows[0] && rows.length <= f.rows[1] && n >= f.cols[0] && n <= f.cols[1]
    && (!f.square || n === rows.length)
    && rows.every((r) => r.length === n && r.every((v) => Number.isFinite(v) && v >= f.min && v <= f.max));
  return ok ? rows : null;
}

export function matrixText(m: readonly (readonly number[])[]): string {
  return m.map((r) => r.map(numText).join(',')).join(';');
}

function readField(f: Field, raw: string | null): number | string | number[] | number[][] {
  switch (f.kind) {
    case 'num':
    case 'int': {
      if (raw === null || raw.trim() === '') return f.def;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < f.min || v > f.max || (f.kind === 'int' && !Number.isInteger(v))) return f.def;
      return v;
    }
    case 'choice':
      return raw !== null && (f.options as readonly string[]).includes(raw) ? raw : f.def;
    case 'list': {
      if (raw === null || raw.trim() === '') return [...f.def];
      const vs = raw.split(',').map((s) => Number(s));
      const ok = vs.length >= f.length[0] && vs.length <= f.length[1] && vs.every((v) => Number.isFinite(v) && v >= f.min && v <= f.max);
      return ok ? vs : [...f.def];
    }
    case 'matrix':
      return (raw !== null && parseMatrix(f, raw)) || f.def.map((r) => [...r]);
  }
}

/** Settings from query text (`a=1&b=x`, with or without a leading `?`). */
export function readSettings<S extends Schema>(schema: S, query: string): Values<S> {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(schema)) out[k] = readField(f, q.get(k));
  return out as Values<S>;
}

/** Short, exact text of a number (no float noise such as 0.30000000000000004). */
export function numText(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = String(Number(v.toPrecision(10)));
  return s;
}

/** Query text of settings, in schema order, without the `?`. */
export function writeSettings<S extends Schema>(schema: S, values: Values<S>): string {
  const parts: string[] = [];
  for (const k of Object.keys(schema)) {
    const v = (values as Record<string, unknown>)[k];
    const f = schema[k]!;
    const text = f.kind === 'matrix' ? matrixText(v as number[][]) : Array.isArray(v) ? v.map(numText).join(',') : typeof v === 'number' ? numText(v) : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3B/g, ';')}`);
  }
  return parts.join('&');
}

/** The query text of only some keys (what one engine call needs). */
export function pick<S extends Schema>(schema: S, values: Values<S>, keys: readonly (keyof S & string)[]): string {
  const sub: Schema = {};
  for (const k of keys) sub[k] = schema[k]!;
  return writeSettings(sub, values as Values<Schema>);
}

/** A value clamped into its field's range (for number inputs typed by hand). */
export function clampTo(f: Field, v: number): number {
  if (f.kind !== 'num' && f.kind !== 'int') return v;
  const c = Math.min(f.max, Math.max(f.min, v));
  return f.kind === 'int' ? Math.round(c) : c;
}
