import { describe, expect, it } from 'vitest';
import { LabClient, latestOnly, type LabPort } from '../../src/lab/client';
import { labTransferables, type LabRequest, type LabResponse } from '../../src/lab/protocol';
import { labHash, parseLabHash } from '../../src/lab/route';
import { choice, int, list, num, pick, readSettings, writeSettings } from '../../src/lab/settings';
import { en, ko } from '../../src/lab/text';

class FakePort implements LabPort {
  sent: LabRequest[] = [];
  onmessage: ((ev: MessageEvent<LabResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(msg: LabRequest): void {
    this.sent.push(msg);
  }
  reply(res: LabResponse): void {
    this.onmessage?.({ data: res } as MessageEvent<LabResponse>);
  }
}

describe('lab route', () => {
  it('parses the index, a page, and a page with settings', () => {
    expect(parseLabHash('#/lab')).toEqual({ page: null, query: '' });
    expect(parseLabHash('#/lab/')).toEqual({ page: null, query: '' });
    expect(parseLabHash('#/lab/gd')).toEqual({ page: 'gd', query: '' });
    expect(parseLabHash('#/lab/gd?lr=10&steps=5')).toEqual({ page: 'gd', query: 'lr=10&steps=5' });
    expect(parseLabHash('')).toBeNull();
    expect(parseLabHash('#/')).toBeNull();
    expect(parseLabHash('#/labyrinth')).toBeNull();
  });
  it('writes what it reads', () => {
    expect(labHash(null)).toBe('#/lab');
    expect(labHash('gd', 'lr=0.1')).toBe('#/lab/gd?lr=0.1');
    expect(parseLabHash(labHash('convex', 'x=1&y=-0.5'))).toEqual({ page: 'convex', query: 'x=1&y=-0.5' });
  });
});

describe('lab settings', () => {
  const schema = { lr: num(0.1, 1e-12, 100), steps: int(30, 1, 1000), opt: choice('adam', ['sgd', 'adam'] as const), v: list([1, 2, 3], -10, 10, [1, 5]) };
  it('takes defaults for missing, malformed or out-of-range values', () => {
    expect(readSettings(schema, '')).toEqual({ lr: 0.1, steps: 30, opt: 'adam', v: [1, 2, 3] });
    expect(readSettings(schema, 'lr=abc&steps=2.5&opt=rmsprop&v=1,x')).toEqual({ lr: 0.1, steps: 30, opt: 'adam', v: [1, 2, 3] });
    expect(readSettings(schema, 'lr=1000&steps=0&v=1,2,3,4,5,6')).toEqual({ lr: 0.1, steps: 30, opt: 'adam', v: [1, 2, 3] });
  });
  it('round-trips exact values through the query text', () => {
    const v = { lr: 1e-10, steps: 7, opt: 'sgd' as const, v: [0.1, -2.5] };
    const q = writeSettings(schema, v);
    expect(q).toBe('lr=1e-10&steps=7&opt=sgd&v=0.1,-2.5');
    expect(readSettings(schema, q)).toEqual(v);
    expect(readSettings(schema, `?${q}`)).toEqual(v);
    expect(writeSettings(schema, { ...v, lr: 0.1 + 0.2 })).toContain('lr=0.3&');
  });
  it('picks the keys one engine call takes', () => {
    expect(pick(schema, readSettings(schema, ''), ['steps', 'lr'])).toBe('steps=30&lr=0.1');
  });
});

describe('lab client', () => {
  it('starts its worker on the first request and maps replies to requests', async () => {
    let made = 0;
    const port = new FakePort();
    const c = new LabClient(() => { made++; return port; });
    expect(made).toBe(0);
    const a = c.run<{ x: number }>('gd.path', 'lr=0.1');
    const b = c.run('gd.path', 'lr=500');
    expect(made).toBe(1);
    expect(port.sent.map((m) => m.type)).toEqual(['run', 'run']);
    port.reply({ id: 2, type: 'error', message: 'lab gd.path: lr=500 is out of range' });
    port.reply({ id: 1, type: 'result', result: { type: 'run', value: { x: 3 }, ms: 1 } });
    await expect(a).resolves.toEqual({ x: 3 });
    await expect(b).rejects.toThrow('out of range');
  });
  it('transfers data buffers, not copies', () => {
    const buf = new ArrayBuffer(8);
    expect(labTransferables({ id: 1, type: 'setData', name: 'fashion', bytes: buf })).toEqual([buf]);
    expect(labTransferables({ id: 2, type: 'run', experiment: 'x', params: '' })).toEqual([]);
  });
  it('runs only the newest of a burst', async () => {
    const seen: number[] = [];
    let release: () => void = () => {};
    const f = latestOnly<number>(async (n) => {
      seen.push(n);
      await new Promise<void>((r) => { release = r; });
    });
    f(1); f(2); f(3); f(4);
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([1, 4]);
  });
});

describe('lab text', () => {
  it('has the same keys in both languages, none empty', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const d of [en, ko]) for (const v of Object.values(d)) expect(v.trim()).not.toBe('');
  });
});
