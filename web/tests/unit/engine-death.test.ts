// Issue 11: the engine worker's death is noticed (a fatal error, a crash,
// silence), every waiting request is rejected with a code, the worker is
// terminated and the app told; checkpoints reach the train request.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, type EngineDeath, type Port } from '../../src/engine/client';
import { transferablesOf, transferablesOfResponse, type Request, type Response, type TrainConfig } from '../../src/engine/protocol';

const config: TrainConfig = {
  epochs: 2, batch: 8, optimizer: 'adam', lr: 0.001, weightDecay: 0, valShare: 0.2, seed: 1, augment: false, schedule: 'none', patience: 0,
};
const spec = { spec: { arch: 'mlp', size: 28, dropout: 0, classes: ['a', 'b'] } };

class FakePort implements Port {
  sent: Request[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<Response>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(msg: Request): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(res: Response): void {
    this.onmessage?.({ data: res } as MessageEvent<Response>);
  }
}

function started(): { port: FakePort; c: EngineClient; deaths: EngineDeath[] } {
  const port = new FakePort();
  const c = new EngineClient(port, { everyMs: 100, deadAfterMs: 1000 });
  const deaths: EngineDeath[] = [];
  c.onDeath = (d) => deaths.push(d);
  return { port, c, deaths };
}

describe('engine worker death', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a fatal error (out of memory) rejects with its code, terminates the worker and is reported once', async () => {
    const { port, c, deaths } = started();
    const train = c.train(spec, [], config, () => {});
    const other = c.presets(10, 2);
    port.reply({ id: port.sent[0]!.id, type: 'error', message: 'out of memory', code: 'out-of-memory', fatal: true });
    await expect(train).rejects.toMatchObject({ code: 'out-of-memory', engineDied: true });
    await expect(other).rejects.toMatchObject({ code: 'out-of-memory' });
    expect(port.terminated).toBe(true);
    expect(deaths).toEqual([{ code: 'out-of-memory', message: 'out of memory' }]);
    // A dead client answers at once instead of waiting forever.
    await expect(c.stop()).rejects.toMatchObject({ code: 'out-of-memory' });
    expect(c.busy).toBe(0);
  });

  it('an ordinary error (a bad model file) is not a death', async () => {
    const { port, c, deaths } = started();
    const p = c.loadModel(new ArrayBuffer(1));
    port.reply({ id: 1, type: 'error', message: 'not a model', code: 'not-model-file' });
    await expect(p).rejects.toThrow('not a model');
    expect(deaths).toEqual([]);
    expect(port.terminated).toBe(false);
  });

  it('a crash (onerror) rejects everything with engine-crashed', async () => {
    const { port, c, deaths } = started();
    const p = c.train(spec, [], config, () => {});
    port.onerror?.({ message: 'RuntimeError: unreachable' } as ErrorEvent);
    await expect(p).rejects.toMatchObject({ code: 'engine-crashed', message: 'RuntimeError: unreachable' });
    expect(deaths.map((d) => d.code)).toEqual(['engine-crashed']);
  });

  it('pings while a request waits; silence past the limit is a death, answers keep it alive', async () => {
    const { port, c, deaths } = started();
    const p = c.train(spec, [], config, () => {});
    const rejected = expect(p).rejects.toMatchObject({ code: 'engine-unresponsive' });
    // Alive: every ping answered.
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(100);
      const ping = port.sent[port.sent.length - 1]!;
      if (ping.type === 'ping') port.reply({ id: ping.id, type: 'result', result: { type: 'ping' } });
    }
    expect(port.sent.filter((m) => m.type === 'ping').length).toBeGreaterThan(20);
    expect(deaths).toEqual([]);
    // Terminated from outside: no event, no answers.
    vi.advanceTimersByTime(1200);
    await rejected;
    expect(deaths.map((d) => d.code)).toEqual(['engine-unresponsive']);
    expect(port.terminated).toBe(true);
  });

  it('a worker that has not spoken yet (still starting) is not dead of silence', async () => {
    const { port, c, deaths } = started();
    const p = c.init();
    vi.advanceTimersByTime(5000);
    expect(deaths).toEqual([]);
    port.reply({ id: 1, type: 'error', message: 'wasm missing' });
    await expect(p).rejects.toThrow('wasm missing');
  });

  it('does not ping while nothing waits', () => {
    const { port, c } = started();
    const p = c.stop();
    port.reply({ id: 1, type: 'result', result: { type: 'stop', wasTraining: false } });
    void p;
    vi.advanceTimersByTime(5000);
    expect(port.sent.filter((m) => m.type === 'ping')).toEqual([]);
  });

  it('hands every epoch-end checkpoint to the train request, and transfers its bytes', async () => {
    const { port, c } = started();
    const got: number[] = [];
    const p = c.train(spec, [], config, () => {}, (cp) => got.push(cp.epoch));
    const bytes = new ArrayBuffer(8);
    const cpRes: Response = { id: 1, type: 'checkpoint', checkpoint: { epoch: 1, bytes } };
    expect(transferablesOfResponse(cpRes)).toEqual([bytes]);
    port.reply(cpRes);
    port.reply({ id: 1, type: 'checkpoint', checkpoint: { epoch: 2, bytes: new ArrayBuffer(8) } });
    port.reply({ id: 1, type: 'result', result: { type: 'train', outcome: { end: 'finished', message: '', model: null, info: null, evaluation: null, history: [], skipped: [], saliency: [] } } });
    await p;
    expect(got).toEqual([1, 2]);
    expect(transferablesOf({ id: 9, type: 'ping' })).toEqual([]);
  });
});
