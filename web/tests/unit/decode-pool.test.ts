import { describe, expect, it } from 'vitest';
import { DecodePool, type DecodePort } from '../../src/decode/client';
import type { DecodeRequest, DecodeResponse } from '../../src/decode/protocol';

class FakeWorker implements DecodePort {
  sent: DecodeRequest[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<DecodeResponse>) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  postMessage(msg: DecodeRequest): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(res: DecodeResponse): void {
    this.onmessage?.({ data: res } as MessageEvent<DecodeResponse>);
  }
  /** What a browser fires when the worker's script fails to load. */
  crash(message?: string): void {
    this.onerror?.({ message, preventDefault() {} } as unknown as Event);
  }
}

const body = { type: 'file', file: new Blob(['x']), maxSide: 256, thumbSide: 112, minSide: 32 } as const;

function pool(size: number) {
  const spawned: FakeWorker[] = [];
  const p = new DecodePool(() => {
    const w = new FakeWorker();
    spawned.push(w);
    return w;
  }, size);
  return { p, spawned };
}

describe('DecodePool', () => {
  it('spreads requests over its workers and resolves each by id', async () => {
    const { p, spawned } = pool(2);
    const a = p.run(body);
    const b = p.run(body);
    expect(spawned).toHaveLength(2);
    expect(spawned.map((w) => w.sent.map((r) => r.id))).toEqual([[1], [2]]);
    spawned[1]!.reply({ id: 2, type: 'error', reason: 'damaged', message: 'not an image or damaged' });
    spawned[0]!.reply({ id: 1, type: 'error', reason: 'damaged', message: 'x' });
    await expect(b).resolves.toMatchObject({ id: 2, type: 'error' });
    await expect(a).resolves.toMatchObject({ id: 1 });
    expect(p.busy).toBe(0);
  });

  it('rejects what a failed worker held with a message saying what to do, and replaces it', async () => {
    const { p, spawned } = pool(2);
    const onFailing = [p.run(body), p.run(body), p.run(body)]; // workers 0, 1, 0
    spawned[0]!.crash('Failed to fetch dynamically imported module');
    await expect(onFailing[0]).rejects.toThrow(/photo decoder stopped \(Failed to fetch.*\): reload the app/);
    await expect(onFailing[2]).rejects.toThrow(/reload the app/);
    expect(spawned[0]!.terminated).toBe(true);
    expect(p.busy).toBe(1); // the other worker's request still waits for its answer
    spawned[1]!.reply({ id: 2, type: 'error', reason: 'damaged', message: 'x' });
    await expect(onFailing[1]).resolves.toMatchObject({ id: 2 });
    // The next request starts a new worker in place of the failed one.
    const later = p.run(body);
    expect(spawned).toHaveLength(3);
    const w = spawned.find((x) => x.sent.some((r) => r.id === 4))!;
    w.reply({ id: 4, type: 'error', reason: 'damaged', message: 'x' });
    await expect(later).resolves.toMatchObject({ id: 4 });
  });

  it('never leaves a request waiting when every worker fails to load', async () => {
    const { p, spawned } = pool(1);
    const all = [p.run(body), p.run(body)];
    spawned[0]!.crash();
    await expect(Promise.allSettled(all)).resolves.toEqual([
      { status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/^The photo decoder stopped: reload/) }) },
      { status: 'rejected', reason: expect.any(Error) },
    ]);
    expect(p.busy).toBe(0);
  });
});
