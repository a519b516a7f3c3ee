// The page's side of the engine worker: one method per request, each
// returning a promise of its typed result. Request ids map to pending
// promises; progress events go to the callback given with the request.
//
// The worker can die: a wasm abort or out-of-memory (it answers with a
// `fatal` error), a crash (onerror), or silently (terminated, or hung). While
// requests are waiting, a heartbeat pings it every second; once it has
// spoken, no word from it for `deadAfterMs` counts as dead. A dead worker is terminated, every
// waiting request is rejected with the reason (a code the app translates),
// and `onDeath` tells the app, which starts a new one.

import {
  assertNever,
  transferablesOf,
  type Checkpoint,
  type EngineStatus,
  type LabelledPhoto,
  type ModelInfo,
  type ModelSpec,
  type PresetConfig,
  type Progress,
  type Request,
  type RequestType,
  type Response,
  type Result,
  type ResultOf,
  type TrainConfig,
  type TrainOutcome,
  type Verdict,
} from './protocol';

/** The part of a Worker the client uses (a fake in tests). */
export interface Port {
  postMessage(message: Request, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<Response>) => void) | null;
  onerror?: ((ev: ErrorEvent) => void) | null;
  terminate?(): void;
}

/** Why the worker is gone: `code` is an engine error code (`error.<code>` in i18n). */
export interface EngineDeath {
  code: string;
  message: string;
}

/** The heartbeat's timing (tests make it short). */
export interface Heartbeat {
  everyMs: number;
  deadAfterMs: number;
}

/** Silence allowed: the worker yields every 100 ms, but one evaluation or import of a big model is a single call. */
export const HEARTBEAT: Heartbeat = { everyMs: 1000, deadAfterMs: 30_000 };

interface Pending {
  type: RequestType;
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
  onCheckpoint?: (c: Checkpoint) => void;
  onIngest?: (done: number, total: number) => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lastHeard = 0;
  /** Silence counts only once the worker has spoken: a slow start is not a death (a failed one is onerror). */
  private heard = false;
  private beat: ReturnType<typeof setInterval> | null = null;
  private dead: EngineDeath | null = null;
  /** Called once when the worker is found dead (after the waiting requests are rejected). */
  onDeath: ((d: EngineDeath) => void) | null = null;

  constructor(private readonly port: Port, private readonly heartbeat: Heartbeat = HEARTBEAT) {
    port.onmessage = (ev) => this.receive(ev.data);
    port.onerror = (ev) => {
      ev.preventDefault?.();
      this.die({ code: 'engine-crashed', message: ev.message || 'The engine worker stopped with an error.' });
    };
  }

  /** Set once the worker is gone; every request is then rejected at once. */
  get death(): EngineDeath | null {
    return this.dead;
  }

  static start(): EngineClient {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    return new EngineClient(worker as unknown as Port);
  }

  get busy(): number {
    return this.pending.size;
  }

  private send<T extends RequestType>(
    req: Request & { type: T },
    onProgress?: (p: Progress) => void,
    onCheckpoint?: (c: Checkpoint) => void,
    onIngest?: (done: number, total: number) => void,
  ): Promise<ResultOf<T>> {
    return new Promise<ResultOf<T>>((resolve, reject) => {
      if (this.dead) {
        reject(deathError(this.dead));
        return;
      }
      this.pending.set(req.id, {
        type: req.type,
        resolve: resolve as (r: Result) => void,
        reject,
        onProgress,
        onCheckpoint,
        onIngest,
      });
      this.port.postMessage(req, transferablesOf(req));
      this.startBeat();
    });
  }

  /** Pings while requests wait; stops when none do. */
  private startBeat(): void {
    if (this.beat) return;
    this.lastHeard = Date.now();
    this.beat = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.beat!);
        this.beat = null;
        return;
      }
      if (this.heard && Date.now() - this.lastHeard > this.heartbeat.deadAfterMs) {
        this.die({ code: 'engine-unresponsive', message: `The engine worker did not answer for ${Math.round(this.heartbeat.deadAfterMs / 1000)} s.` });
        return;
      }
      // Not in `pending`: its answer only counts as a sign of life.
      this.port.postMessage({ id: this.nextId++, type: 'ping' }, []);
    }, this.heartbeat.everyMs);
  }

  private die(d: EngineDeath): void {
    if (this.dead) return;
    this.dead = d;
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
    this.port.onmessage = null;
    this.port.terminate?.();
    this.failAll(deathError(d));
    this.onDeath?.(d);
  }

  private receive(res: Response): void {
    this.lastHeard = Date.now();
    this.heard = true;
    const p = this.pending.get(res.id);
    if (!p) return;
    switch (res.type) {
      case 'progress':
        p.onProgress?.(res.progress);
        return;
      case 'checkpoint':
        p.onCheckpoint?.(res.checkpoint);
        return;
      case 'ingest':
        p.onIngest?.(res.done, res.total);
        return;
      case 'result':
        this.pending.delete(res.id);
        if (res.result.type !== p.type) p.reject(new Error(`Expected ${p.type} result, got ${res.result.type}`));
        else p.resolve(res.result);
        return;
      case 'error':
        // Fatal: this request fails with every other one, as a death.
        if (res.fatal) {
          this.die({ code: res.code ?? 'engine-crashed', message: res.message });
          return;
        }
        this.pending.delete(res.id);
        p.reject(Object.assign(new Error(res.message), { code: res.code }));
        return;
      default:
        assertNever(res);
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async init(): Promise<EngineStatus> {
    return (await this.send({ id: this.nextId++, type: 'init' })).status;
  }

  /** Transfers the model buffer: it is empty afterwards. The worker reads the photos' images from IndexedDB. */
  async train(
    model: { bytes: ArrayBuffer } | { spec: ModelSpec },
    photos: LabelledPhoto[],
    config: TrainConfig,
    onProgress: (p: Progress) => void,
    onCheckpoint?: (c: Checkpoint) => void,
    onIngest?: (done: number, total: number) => void,
  ): Promise<TrainOutcome> {
    return (await this.send({ id: this.nextId++, type: 'train', model, photos, config }, onProgress, onCheckpoint, onIngest)).outcome;
  }

  async stop(): Promise<boolean> {
    return (await this.send({ id: this.nextId++, type: 'stop' })).wasTraining;
  }

  async loadModel(bytes: ArrayBuffer): Promise<ModelInfo> {
    return (await this.send({ id: this.nextId++, type: 'loadModel', bytes })).info;
  }

  /** tta: also the mirror image, averaged. null for a photo the engine could not read. */
  async predict(images: ArrayBuffer[], tta: boolean): Promise<(Verdict | null)[]> {
    return (await this.send({ id: this.nextId++, type: 'predict', images, tta })).predictions;
  }

  async presets(photoCount: number, classCount: number): Promise<PresetConfig[]> {
    return (await this.send({ id: this.nextId++, type: 'presets', photoCount, classCount })).configs;
  }

  async measure(arch: string, size: number, batch: number): Promise<number> {
    return (await this.send({ id: this.nextId++, type: 'measure', arch, size, batch })).msPerStep;
  }

  /** A .barnlab file's bytes (given away) -> the ONNX model's bytes. */
  async onnx(bytes: ArrayBuffer): Promise<ArrayBuffer> {
    return (await this.send({ id: this.nextId++, type: 'onnx', bytes })).bytes;
  }
}

function deathError(d: EngineDeath): Error {
  return Object.assign(new Error(d.message), { code: d.code, engineDied: true });
}

/** Whether a request failed because the worker died (the app has said so already). */
export function isEngineDeath(e: unknown): boolean {
  return e instanceof Error && (e as Error & { engineDied?: boolean }).engineDied === true;
}
