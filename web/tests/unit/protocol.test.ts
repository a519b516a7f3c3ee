import { describe, expect, it } from 'vitest';
import { EngineClient, type Port } from '../../src/engine/client';
import { assertNever, transferablesOf, transferablesOfResponse, type Request, type Response, type TrainConfig } from '../../src/engine/protocol';

const config: TrainConfig = {
  epochs: 1, batch: 8, optimizer: 'adam', lr: 0.001, weightDecay: 0, valShare: 0.2, seed: 1, augment: false, schedule: 'none', patience: 0,
};

class FakePort implements Port {
  sent: { msg: Request; transfer: Transferable[] }[] = [];
  onmessage: ((ev: MessageEvent<Response>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(msg: Request, transfer: Transferable[]): void {
    this.sent.push({ msg, transfer });
  }
  reply(res: Response): void {
    this.onmessage?.({ data: res } as MessageEvent<Response>);
  }
}

describe('protocol', () => {
  it('lists the model buffer of a train request as transferable (its photos are ids)', () => {
    const a = new ArrayBuffer(4);
    const m = new ArrayBuffer(2);
    const req: Request = { id: 1, type: 'train', model: { bytes: m }, photos: [{ id: 'p1', label: 0 }, { id: 'p2', label: 1 }], config };
    expect(transferablesOf(req)).toEqual([m]);
    const req2: Request = { id: 2, type: 'train', model: { spec: { arch: 'mlp', size: 28, dropout: 0, classes: ['a', 'b'] } }, photos: [], config };
    expect(transferablesOf(req2)).toEqual([]);
    expect(transferablesOf({ id: 3, type: 'predict', images: [a], tta: true })).toEqual([a]);
    expect(transferablesOf({ id: 6, type: 'measure', arch: 'mlp', size: 28, batch: 8 })).toEqual([]);
    expect(transferablesOf({ id: 4, type: 'loadModel', bytes: m })).toEqual([m]);
    expect(transferablesOf({ id: 5, type: 'stop' })).toEqual([]);
  });

  it('transfers the exported model back', () => {
    const model = new ArrayBuffer(16);
    const map = new ArrayBuffer(4);
    const res: Response = {
      id: 1, type: 'result',
      result: { type: 'train', outcome: { end: 'finished', message: '', model, info: null, evaluation: null, history: [], skipped: [], saliency: [{ index: 0, size: 2, map }] } },
    };
    expect(transferablesOfResponse(res)).toEqual([model, map]);
    expect(transferablesOfResponse({ id: 1, type: 'error', message: 'x' })).toEqual([]);
  });

  it('assertNever throws on an unknown message', () => {
    expect(() => assertNever({ type: 'bogus' } as never)).toThrow(/Unhandled/);
  });
});

describe('EngineClient', () => {
  it('maps request ids to promises, whatever order the answers come in', async () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const p1 = c.stop();
    const p2 = c.loadModel(new ArrayBuffer(3));
    expect(port.sent.map((s) => s.msg.id)).toEqual([1, 2]);
    expect(port.sent[1]!.transfer.length).toBe(1);
    port.reply({ id: 2, type: 'error', message: 'bad model file' });
    port.reply({ id: 1, type: 'result', result: { type: 'stop', wasTraining: true } });
    await expect(p2).rejects.toThrow('bad model file');
    await expect(p1).resolves.toBe(true);
    expect(c.busy).toBe(0);
  });

  it('delivers progress to the train request and then its outcome', async () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const seen: number[] = [];
    const p = c.train({ spec: { arch: 'mlp', size: 28, dropout: 0, classes: ['a', 'b'] } }, [], config, (pr) => seen.push(pr.step));
    const id = port.sent[0]!.msg.id;
    for (const step of [1, 2]) {
      port.reply({ id, type: 'progress', progress: { step, totalSteps: 2, epoch: 1, loss: 1, imagesPerSecond: 10, secondsLeft: 1, elapsed: 1, epochs: [] } });
    }
    port.reply({ id, type: 'result', result: { type: 'train', outcome: { end: 'stopped', message: '', model: null, info: null, evaluation: null, history: [], skipped: [], saliency: [] } } });
    const outcome = await p;
    expect(seen).toEqual([1, 2]);
    expect(outcome.end).toBe('stopped');
  });

  it('rejects a result of the wrong type, and all pending requests when the worker fails', async () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const p = c.stop();
    port.reply({ id: 1, type: 'result', result: { type: 'predict', predictions: [] } });
    await expect(p).rejects.toThrow(/Expected stop/);
    const q = c.init();
    port.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(q).rejects.toThrow('boom');
  });

  it('ignores answers to unknown ids', () => {
    const port = new FakePort();
    new EngineClient(port);
    expect(() => port.reply({ id: 99, type: 'error', message: 'x' })).not.toThrow();
  });
});
