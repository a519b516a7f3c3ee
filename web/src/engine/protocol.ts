// The engine worker's message protocol: one discriminated union each way.
// Page -> worker messages are requests carrying an id; the worker answers
// each with exactly one `result` or `error` of the same id, and may send
// `progress` events (tagged with the id of the train request) in between.
// Both sides switch on `type` exhaustively (see assertNever), so adding a
// message kind is a compile error until every switch handles it.
//
// Image and model bytes cross as ArrayBuffers listed in the transfer list
// (see transferablesOf), never copied. Training photos do not cross at all:
// the worker reads them from IndexedDB itself, a batch at a time.

import type { EpochFigures, Evaluation, ModelInfo, PresetConfig, TrainConfig } from '../../../wasm/barnlab';

export type { EpochFigures, Evaluation, ModelInfo, PresetConfig, TrainConfig };

/** What the worker reports about the engine it loaded. */
export interface EngineStatus {
  flavour: 'threads' | 'single';
  simd: boolean;
  threads: number;
  version: string;
  /** Why the threaded build is not running, when it is not. */
  note: string;
  /** The model presets the engine can build (BarnlabModule.architectures()). */
  architectures: string[];
  /** The training presets the engine defines (BarnlabModule.presets()). */
  presets: string[];
}

/** A prediction with the model's calibrated confidence. */
export interface Verdict {
  probabilities: number[];
  /** The two most probable classes. */
  top1: number;
  top2: number;
  /** The top probability is below the model's threshold: show both, say "not sure". */
  notSure: boolean;
  /** Looks like none of the classes (the model's check; absent or false without it). */
  unfamiliar?: boolean;
}

/** Where the model looked in a photo it got wrong: size x size bytes (0..255), row-major. */
export interface SaliencyMap {
  /** Index into the train request's photos. */
  index: number;
  size: number;
  map: ArrayBuffer;
}

/** A stored photo (its id in IndexedDB's `photos`) with its class index. */
export interface LabelledPhoto {
  id: string;
  label: number;
}

export interface ModelSpec {
  arch: string;
  size: number;
  dropout: number;
  classes: string[];
}

export type Request =
  | { id: number; type: 'init' }
  | {
      id: number;
      type: 'train';
      /** Start from these weights (continue training) or build a new model. */
      model: { bytes: ArrayBuffer } | { spec: ModelSpec };
      /**
       * The photos to train on, in this order. The worker reads their images
       * from IndexedDB in batches (db.imagesOf) and the engine decodes them at
       * the model's input size: no image bytes cross in a message.
       */
      photos: LabelledPhoto[];
      config: TrainConfig;
    }
  | { id: number; type: 'stop' }
  | { id: number; type: 'loadModel'; bytes: ArrayBuffer }
  | { id: number; type: 'predict'; images: ArrayBuffer[]; tta: boolean }
  /** What each preset trains for this many photos and classes (the engine's presetConfig). */
  | { id: number; type: 'presets'; photoCount: number; classCount: number }
  /** Milliseconds per training step on this device (a few timed steps of a throwaway model). */
  | { id: number; type: 'measure'; arch: string; size: number; batch: number }
  /** A .barnlab model file's bytes -> the same model as an ONNX file (the engine's onnxFromModel). */
  | { id: number; type: 'onnx'; bytes: ArrayBuffer }
  /** Are you alive? Answered at once, between training chunks too (the client's heartbeat). */
  | { id: number; type: 'ping' };

/** Live figures of a running training, at most about 10 per second. */
export interface Progress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  imagesPerSecond: number;
  /** Seconds left: measured ms per step x steps left + measured evaluation time x evaluations left (RunTimer). */
  secondsLeft: number;
  /** Seconds since the step loop started. */
  elapsed: number;
  /** Epochs finished since the last progress event (never dropped by throttling). */
  epochs: EpochFigures[];
}

export type TrainEnd = 'finished' | 'stopped' | 'early-stopped' | 'diverged';

export interface TrainOutcome {
  end: TrainEnd;
  /** Engine message when the run diverged. */
  message: string;
  /** The engine's error code when the run diverged. */
  code?: string;
  /** Exported model after the run (the last good weights). */
  model: ArrayBuffer | null;
  info: ModelInfo | null;
  evaluation: Evaluation | null;
  history: EpochFigures[];
  /** Indices (into the request's photos) the engine could not decode (or no longer stored). */
  skipped: number[];
  /** Saliency of the misclassified validation photos (the first few), for the predicted class. */
  saliency: SaliencyMap[];
}

export type Result =
  | { type: 'init'; status: EngineStatus }
  | { type: 'train'; outcome: TrainOutcome }
  | { type: 'stop'; wasTraining: boolean }
  | { type: 'loadModel'; info: ModelInfo }
  | { type: 'predict'; predictions: (Verdict | null)[] }
  | { type: 'presets'; configs: PresetConfig[] }
  | { type: 'measure'; msPerStep: number }
  | { type: 'onnx'; bytes: ArrayBuffer }
  | { type: 'ping' };

/** The model file with its optimizer state at an epoch's end, to resume from (as the CLI's --resume). */
export interface Checkpoint {
  /** Epochs the model has completed (overall, the model's own count). */
  epoch: number;
  bytes: ArrayBuffer;
}

export type Response =
  | { id: number; type: 'result'; result: Result }
  | {
      id: number;
      type: 'error';
      message: string;
      /** The engine's stable error code, if any (core/error.h). */
      code?: string;
      /** The engine cannot go on (out of memory, a wasm abort): the page restarts the worker. */
      fatal?: boolean;
    }
  | { id: number; type: 'progress'; progress: Progress }
  /** Sent by a train request at every epoch end. */
  | { id: number; type: 'checkpoint'; checkpoint: Checkpoint }
  /** Photos of a train request read into the engine so far (before its first step), about 10 a second. */
  | { id: number; type: 'ingest'; done: number; total: number };

export type RequestType = Request['type'];
/** The result that answers a request of type T. */
export type ResultOf<T extends RequestType> = Extract<Result, { type: T }>;

export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}

/** The ArrayBuffers a request gives away to the worker. */
export function transferablesOf(req: Request): ArrayBuffer[] {
  switch (req.type) {
    case 'init':
    case 'stop':
    case 'presets':
    case 'measure':
    case 'ping':
      return [];
    case 'train':
      return 'bytes' in req.model ? [req.model.bytes] : [];
    case 'loadModel':
    case 'onnx':
      return [req.bytes];
    case 'predict':
      return req.images.slice();
    default:
      return assertNever(req);
  }
}

/** The ArrayBuffers a response gives away to the page. */
export function transferablesOfResponse(res: Response): ArrayBuffer[] {
  switch (res.type) {
    case 'error':
    case 'progress':
    case 'ingest':
      return [];
    case 'checkpoint':
      return [res.checkpoint.bytes];
    case 'result':
      if (res.result.type === 'onnx') return [res.result.bytes];
      if (res.result.type !== 'train') return [];
      return [...(res.result.outcome.model ? [res.result.outcome.model] : []), ...res.result.outcome.saliency.map((m) => m.map)];
    default:
      return assertNever(res);
  }
}
