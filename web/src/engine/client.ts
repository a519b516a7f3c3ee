// The page's side of the engine worker: one method per request, each
// returning a promise of its typed result. Request ids map to pending
// promises; progress events go to the callback given with the request.

import {
  assertNever,
  transferablesOf,
  type EngineStatus,
  type LabelledImage,
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
}

interface Pending {
  type: RequestType;
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly port: Port) {
    port.onmessage = (ev) => this.receive(ev.data);
    port.onerror = (ev) => this.failAll(new Error(ev.message || 'The engine worker failed to start.'));
  }

  static start(): EngineClient {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    return new EngineClient(worker as unknown as Port);
  }

  get busy(): number {
    return this.pending.size;
  }

  private send<T extends RequestType>(req: Request & { type: T }, onProgress?: (p: Progress) => void): Promise<ResultOf<T>> {
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.pending.set(req.id, {
        type: req.type,
        resolve: resolve as (r: Result) => void,
        reject,
        onProgress,
      });
      this.port.postMessage(req, transferablesOf(req));
    });
  }

  private receive(res: Response): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    switch (res.type) {
      case 'progress':
        p.onProgress?.(res.progress);
        return;
      case 'result':
        this.pending.delete(res.id);
        if (res.result.type !== p.type) p.reject(new Error(`Expected ${p.type} result, got ${res.result.type}`));
        else p.resolve(res.result);
        return;
      case 'error':
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

  /** Transfers the image and model buffers: they are empty afterwards. */
  async train(
    model: { bytes: ArrayBuffer } | { spec: ModelSpec },
    images: LabelledImage[],
    config: TrainConfig,
    onProgress: (p: Progress) => void,
  ): Promise<TrainOutcome> {
    return (await this.send({ id: this.nextId++, type: 'train', model, images, config }, onProgress)).outcome;
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
