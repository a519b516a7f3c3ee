// The page's side of the lab worker: one method per request, each a promise
// of its typed result (request ids -> pending promises, as in
// ../engine/client.ts). The worker is started on first use, so the rest of
// the app never loads a second engine unless the lab is opened.

import { assertNever, labTransferables, type LabRequest, type LabRequestType, type LabResponse, type LabResult, type LabResultOf, type LabStatus } from './protocol';

/** The part of a Worker the client uses (a fake in tests). */
export interface LabPort {
  postMessage(message: LabRequest, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<LabResponse>) => void) | null;
  onerror?: ((ev: ErrorEvent) => void) | null;
}

interface Pending {
  type: LabRequestType;
  resolve: (r: LabResult) => void;
  reject: (e: Error) => void;
}

export class LabClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private port: LabPort | null = null;

  /** `makePort` is called once, on the first request. */
  constructor(private readonly makePort: () => LabPort) {}

  static start(): LabClient {
    return new LabClient(() => new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module' }) as unknown as LabPort);
  }

  get busy(): number {
    return this.pending.size;
  }

  private connect(): LabPort {
    if (this.port) return this.port;
    const port = this.makePort();
    port.onmessage = (ev) => this.receive(ev.data);
    port.onerror = (ev) => this.failAll(new Error(ev.message || 'The lab worker failed to start.'));
    this.port = port;
    return port;
  }

  private send<T extends LabRequestType>(req: LabRequest & { type: T }): Promise<LabResultOf<T>> {
    const port = this.connect();
    return new Promise<LabResultOf<T>>((resolve, reject) => {
      this.pending.set(req.id, { type: req.type, resolve: resolve as (r: LabResult) => void, reject });
      port.postMessage(req, labTransferables(req));
    });
  }

  private receive(res: LabResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    switch (res.type) {
      case 'result':
        if (res.result.type !== p.type) p.reject(new Error(`Expected ${p.type} result, got ${res.result.type}`));
        else p.resolve(res.result);
        return;
      case 'error':
        p.reject(new Error(res.message));
        return;
      default:
        assertNever(res);
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async init(): Promise<LabStatus> {
    return (await this.send({ id: this.nextId++, type: 'init' })).status;
  }

  /** Runs an experiment; `params` is the page's settings as `k=v&k=v`. Resolves to the parsed JSON result. */
  async run<T>(experiment: string, params: string): Promise<T> {
    return (await this.send({ id: this.nextId++, type: 'run', experiment, params })).value as T;
  }

  /** Gives a data set to the lab engine (the buffer is transferred: empty afterwards). */
  async setData(name: string, bytes: ArrayBuffer): Promise<void> {
    await this.send({ id: this.nextId++, type: 'setData', name, bytes });
  }

  /** Gives an encoded JPEG/PNG photo to the lab engine (transferred). */
  async addPhoto(bytes: ArrayBuffer, label: number, className: string): Promise<void> {
    await this.send({ id: this.nextId++, type: 'addPhoto', bytes, label, className });
  }
}

/**
 * Runs only the newest of a burst of requests: while one is in flight, later
 * calls replace each other and the last one runs when it ends. Sliders call
 * this on every input event without queueing hundreds of engine runs.
 */
export function latestOnly<A = void>(work: (arg: A) => Promise<void>): (arg: A) => void {
  let running = false;
  let next: { arg: A } | null = null;
  const pump = async (arg: A): Promise<void> => {
    running = true;
    try {
      await work(arg);
    } finally {
      running = false;
      const n = next;
      next = null;
      if (n) start(n.arg);
    }
  };
  // `work` shows its own errors; anything left is a bug worth logging.
  const start = (arg: A) => void pump(arg).catch((e: unknown) => console.error(e));
  return (arg: A) => {
    if (running) next = { arg };
    else start(arg);
  };
}
