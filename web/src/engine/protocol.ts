// The engine worker's message protocol: one discriminated union each way.
// Page -> worker messages are requests carrying an id; the worker answers
// each with exactly one `result` or `error` of the same id, and may send
// `progress` events (tagged with the id of the train request) in between.
// Both sides switch on `type` exhaustively (see assertNever), so adding a
// message kind is a compile error until every switch handles it.
//
// Image and model bytes cross as ArrayBuffers listed in the transfer list
// (see transferablesOf), never copied.

import type { EpochFigures, Evaluation, ModelInfo, TrainConfig } from '../../../wasm/barnlab';

export type { EpochFigures, Evaluation, ModelInfo, TrainConfig };

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
}

/** One encoded (JPEG/PNG) image with its class index. */
export interface LabelledImage {
  bytes: ArrayBuffer;
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
      /** Encoded images; the engine decodes them at the model's input size. */
      images: LabelledImage[];
      config: TrainConfig;
    }
  | { id: number; type: 'stop' }
  | { id: number; type: 'loadModel'; bytes: ArrayBuffer }
  | { id: number; type: 'predict'; images: ArrayBuffer[] };

/** Live figures of a running training, at most about 10 per second. */
export interface Progress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  imagesPerSecond: number;
  /** Seconds left, estimated from the steps so far. */
  secondsLeft: number;
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
  /** Indices (into the request's images) the engine could not decode. */
  skipped: number[];
}

export type Result =
  | { type: 'init'; status: EngineStatus }
  | { type: 'train'; outcome: TrainOutcome }
  | { type: 'stop'; wasTraining: boolean }
  | { type: 'loadModel'; info: ModelInfo }
  | { type: 'predict'; probabilities: (number[] | null)[] };

export type Response =
  | { id: number; type: 'result'; result: Result }
  | { id: number; type: 'error'; message: string; /** The engine's stable error code, if any (core/error.h). */ code?: string }
  | { id: number; type: 'progress'; progress: Progress };

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
      return [];
    case 'train':
      return [...req.images.map((i) => i.bytes), ...('bytes' in req.model ? [req.model.bytes] : [])];
    case 'loadModel':
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
      return [];
    case 'result':
      return res.result.type === 'train' && res.result.outcome.model ? [res.result.outcome.model] : [];
    default:
      return assertNever(res);
  }
}
