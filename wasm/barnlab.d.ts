// Types of the Embind API of the Barnlab WebAssembly module (wasm/bindings.cpp).
// Hand-written, like squoosh's codec .d.ts files. Every method throws a
// JavaScript Error carrying the engine's message on failure; after an error
// the Engine stays usable. Call delete() when done with an Engine.

export interface TrainConfig {
  epochs: number;          // epochs to run in this session (continuing adds to the model's count)
  batch: number;           // mini-batch size
  optimizer: string;       // sgd | momentum | nesterov | adagrad | rmsprop | adam
  lr: number;
  weightDecay: number;     // L2
  valShare: number;        // 0..0.5, stratified
  seed: number;
  augment: boolean;        // flip + crop (pad 4) + brightness/contrast 0.2
  schedule: string;        // none | step | cosine
  patience: number;        // early stopping on validation loss; 0 = off
  // The recipe (optional; omitted = off, as before):
  augmentation?: string;   // basic (as above) | strong (random-resized crop 0.35-1 + flip + colour jitter)
  labelSmoothing?: number; // 0..0.5
  mixup?: number;          // mixup alpha (0.2 typical); 0 = off
  warmupEpochs?: number;   // linear warm-up before the schedule
  restoreBest?: boolean;   // end with the weights of the epoch of lowest validation loss
}

// What a preset trains, chosen by the engine from the photo and class counts
// (the CLI's --preset uses the same definition).
export interface PresetConfig {
  preset: string;          // fast | balanced | accurate
  arch: string;            // for createModel
  size: number;            // image side for setImageFormat / createModel
  dropout: number;         // for createModel (< 0: the architecture's own)
  train: Required<TrainConfig>;  // for beginTraining
}

export interface Prediction {
  probabilities: Float32Array;  // calibrated (temperature-scaled)
  top1: number;            // the most probable class
  top2: number;            // the second most probable class
  notSure: boolean;        // probabilities[top1] < the model's threshold: show top two, say "not sure"
  unfamiliar: boolean;     // looks like none of the classes: farther from every class mean than the check's threshold
  distance: number;        // Mahalanobis distance to the nearest class mean (0 when the model has no check)
}

export interface TrainPlan {
  trainCount: number;
  valCount: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

export interface EpochFigures {
  epoch: number;           // 1-based, counting the model's earlier epochs
  trainLoss: number;
  trainAcc: number;
  valLoss: number;         // NaN when there is no validation split
  valAcc: number;
}

export interface StepReport {
  step: number;            // steps done in this session
  totalSteps: number;
  epoch: number;           // current epoch (1-based, overall)
  loss: number;            // last step's loss
  imagesPerSecond: number; // over the steps of this call
  epochEnded: EpochFigures | null;  // set when the call ended an epoch
  finished: boolean;       // all epochs done or early-stopped
  stoppedEarly: boolean;
}

export interface ClassFigures {
  name: string;
  precision: number;
  recall: number;          // = per-class accuracy
  count: number;
}

export interface Evaluation {
  accuracy: number;
  loss: number;
  count: number;
  confusion: number[][];   // [true][predicted]
  perClass: ClassFigures[];
  // Validation images the model got wrong: index as given to addImage.
  misclassified: { index: number; label: number; predicted: number; probability: number }[];
  accuracyLow: number;     // Wilson 95% interval of the accuracy
  accuracyHigh: number;
  confused: { actual: number; predicted: number; count: number }[];  // most confused first, up to 5
  eceBefore: number;       // expected calibration error (15 bins) before temperature scaling
  eceAfter: number;        // ... and after
  temperature: number;     // fitted on the validation split, saved in the model
  threshold: number;       // "not sure" threshold, saved in the model
  // The "looks like none of your classes" check (fitted with the calibration,
  // saved in the model; absent from evaluations stored before it existed).
  oodCheck?: boolean;
  oodThreshold?: number;   // a distance above it is flagged
  oodFlagged?: number;     // share of the evaluated photos flagged (about 0.05 right after training)
}

export interface ModelInfo {
  arch: string;            // preset name or "custom"
  classes: string[];
  size: number;
  channels: number;
  epochs: number;          // completed epochs
  parameters: number;      // trainable parameter count
  summary: string;         // one line per layer with its output shape
  temperature: number;     // calibration (1 until an evaluation after training fits it)
  threshold: number;       // "not sure" threshold (0 until fitted)
  oodCheck?: boolean;      // the model has the "looks like none of your classes" check
  oodThreshold?: number;
}

export interface Engine {
  // Images: RGBA (4 channels) or RGB (3) uint8 buffers of any size; the
  // engine resizes (shorter side, centre crop) and keeps them as uint8.
  setImageFormat(size: number, channels: number): void;  // clears images
  addImage(pixels: Uint8Array, width: number, height: number, channels: number, label: number): number;
  addEncodedImage(bytes: Uint8Array, label: number): number;  // JPEG/PNG decoded by stb_image
  removeImage(index: number): void;   // later indices shift down by one
  clearImages(): void;
  imageCount(): number;
  reserveImages(count: number): void;  // room for count images before adding them (no growth by copying)
  imageCapacity(): number;             // images held without growing

  // Models: a preset (one of the module's architectures()) or "custom" with
  // spec text (engine/model/spec.h).
  createModel(arch: string, spec: string, classes: string[], size: number, dropout: number): ModelInfo;
  hasModel(): boolean;
  modelInfo(): ModelInfo;

  // Training, step by step so a worker can report progress and stop.
  beginTraining(config: TrainConfig): TrainPlan;
  trainSteps(maxSteps: number): StepReport;
  endTraining(): void;     // keeps the current weights
  isTraining(): boolean;

  // ms per training step on this device for a throwaway model (random
  // images; the session's images and model are untouched): the estimate.
  measureStepTime(arch: string, channels: number, size: number, batch: number, steps: number): number;

  // On the validation split of the last training; right after a training it
  // also fits the temperature and the "not sure" threshold (kept in the model).
  // Right after a training with augment (which flips), evaluated as
  // classify(..., true) predicts (photo + mirror averaged); otherwise on the
  // images alone.
  evaluate(): Evaluation;
  // Probabilities with the model's temperature (as the CLI's predict), no TTA.
  predict(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array;
  predictEncoded(bytes: Uint8Array): Float32Array;
  // Calibrated prediction with "not sure"; tta averages the photo and its mirror.
  classify(pixels: Uint8Array, width: number, height: number, channels: number, tta: boolean): Prediction;
  classifyEncoded(bytes: Uint8Array, tta: boolean): Prediction;
  // |d score(classIndex) / d pixel| as size*size values in 0..1 (row-major),
  // for a picture or for image `index` as given to addImage.
  saliency(pixels: Uint8Array, width: number, height: number, channels: number, classIndex: number): Float32Array;
  saliencyOfImage(index: number, classIndex: number): Float32Array;

  exportModel(): Uint8Array;           // the native model file's bytes
  importModel(bytes: Uint8Array): ModelInfo;  // throws on corrupt/truncated/other-version bytes; the current model stays

  delete(): void;
}

// The learning lab (wasm/lab_bindings.cpp, engine/lab/). Experiment ids,
// their settings and their JSON result fields: docs/lab-api.md.
export interface Lab {
  // params: the page's hash settings, "k=v&k=v"; returns JSON text (NaN and
  // infinities as null). Throws an Error naming a bad key and its range.
  run(id: string, params: string): string;
  // "fashion": N records of 784 pixels + 1 label byte (0..9).
  setData(name: string, bytes: Uint8Array): void;
  // An encoded JPEG/PNG farm photo of class `label` (0..K-1) named className.
  addPhoto(bytes: Uint8Array, label: number, className: string): void;
  clearPhotos(): void;
  photoCount(): number;
  delete(): void;
}

export interface BarnlabModule {
  Engine: { new (): Engine };
  Lab: { new (): Lab };
  version(): string;
  onnxFromModel(modelFile: Uint8Array): Uint8Array;  // a .barnlab file's bytes -> an ONNX model's (opset 13)
  architectures(): string[];  // the engine's preset names, for createModel's arch
  presets(): string[];        // fast, balanced, accurate
  presetConfig(preset: string, photoCount: number, classCount: number): PresetConfig;
  simd(): boolean;
  threads(): number;       // worker threads available (1 single-threaded build)
  setThreads(n: number): void;
  memoryBytes(): number;   // wasm memory reserved now (it only grows)
  // The step profile of `barnlab bench <workload> --profile` (farm-small |
  // fast | balanced | accurate), as text; for web/bench only.
  benchProfile(workload: string, steps: number, warmup: number): string;
  // G operations/s of a trivially parallel arithmetic loop on `threads`
  // threads (the machine's ceiling for 2T/1T); leaves 1 thread set.
  arithmeticThroughput(threads: number): number;
}

export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  mainScriptUrlOrBlob?: string;
}

declare const factory: (options?: ModuleOptions) => Promise<BarnlabModule>;
export default factory;
