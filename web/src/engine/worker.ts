/// <reference lib="webworker" />
// The engine worker: owns the one Barnlab Engine of the page and runs
// training as a loop of trainSteps(k) chunks, yielding to its event loop
// between chunks so that a `stop` message is handled (a cooperative stop
// that keeps the weights). Loads the pthreads build when the page is
// cross-origin isolated (SharedArrayBuffer available), else the
// single-threaded one.

import type createBarnlabType from '../../../wasm/barnlab';
import type { BarnlabModule, Engine, Prediction, StepReport, TrainPlan } from '../../../wasm/barnlab';
import {
  assertNever,
  transferablesOfResponse,
  type EngineStatus,
  type EpochFigures,
  type Evaluation,
  type Progress,
  type Request,
  type Response,
  type Result,
  type SaliencyMap,
  type TrainEnd,
  type TrainOutcome,
  type Verdict,
} from './protocol';
import { CheckpointPace, RunTimer, Throttle, nextChunk } from './throttle';
import { imagesOf } from '../db';

declare const self: DedicatedWorkerGlobalScope;
type Factory = typeof createBarnlabType;

// Every file the wasm build produced, as URLs Vite emitted (hashed in a
// build). A glob, so a build without a file (e.g. no separate pthread
// worker script in newer Emscripten) still bundles.
const wasmFiles = import.meta.glob('./wasm/*.{js,wasm}', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function urlOf(name: string): string | undefined {
  return wasmFiles[`./wasm/${name}`];
}

let mod: BarnlabModule | null = null;
let engine: Engine | null = null;
let status: EngineStatus | null = null;

async function loadFlavour(js: string, wasm: string): Promise<BarnlabModule> {
  const jsUrl = urlOf(js);
  const wasmUrl = urlOf(wasm);
  if (!jsUrl || !wasmUrl) throw new Error(`${js} / ${wasm} missing: run the wasm build`);
  const imported = (await import(/* @vite-ignore */ jsUrl)) as { default: Factory };
  return imported.default({
    // The module asks for its .wasm (and, on older Emscripten, its pthread
    // worker script) by plain name; answer with the emitted URLs.
    locateFile: (path, prefix) => urlOf(path) ?? prefix + path,
    // pthread workers load the main script again: give its real (hashed) URL.
    mainScriptUrlOrBlob: new URL(jsUrl, self.location.href).href,
  });
}

async function init(): Promise<EngineStatus> {
  if (status) return status;
  let note = '';
  if (self.crossOriginIsolated) {
    try {
      mod = await loadFlavour('barnlab-mt.js', 'barnlab-mt.wasm');
    } catch (e) {
      note = `threaded engine failed to load: ${errorMessage(e)}`;
      mod = null;
    }
  } else {
    note = 'page is not cross-origin isolated (no COOP/COEP headers), so no SharedArrayBuffer';
  }
  const flavour: EngineStatus['flavour'] = mod ? 'threads' : 'single';
  if (mod) {
    // Use the cores there are (2 on a typical barn tablet is plenty to matter).
    try {
      mod.setThreads(Math.max(1, Math.min(self.navigator.hardwareConcurrency || 1, 8)));
    } catch (e) {
      note = `setThreads failed: ${errorMessage(e)}`;
    }
  } else {
    mod = await loadFlavour('barnlab.js', 'barnlab.wasm');
  }
  engine = new mod.Engine();
  status = {
    flavour,
    simd: mod.simd(),
    threads: mod.threads(),
    version: mod.version(),
    note,
    architectures: Array.from(mod.architectures()),
    presets: Array.from(mod.presets()),
  };
  return status;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'number') return `engine error ${e} (unconverted C++ exception)`;
  return String(e);
}

/**
 * An error after which the engine cannot be trusted: a wasm trap or abort
 * (the module is dead), an unconverted C++ exception, or out of memory
 * (wasm memory never shrinks, and the failed step left the session half
 * done). The page restarts the worker; saved models and photos are in
 * IndexedDB, not here.
 */
function isFatal(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || typeof e === 'number' || errorCode(e) === 'out-of-memory';
}

/** The stable code a barnlab::Error carries across the bindings ('' if none). */
function errorCode(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code ? code : undefined;
}

function post(res: Response): void {
  self.postMessage(res, transferablesOfResponse(res));
}

// Yield to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => {
  const w = wake;
  wake = null;
  w?.();
};
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    wake = resolve;
    channel.port2.postMessage(null);
  });
}

/** Copy out of wasm memory into a buffer we own (views die when memory grows). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  return view.slice().buffer as ArrayBuffer;
}

/** Channels of a new model: the app's photos are colour. */
const PHOTO_CHANNELS = 3;

type TrainRequest = Extract<Request, { type: 'train' }>;

/** Photos read from IndexedDB per batch: the worker holds at most this many JPEGs at once. */
export const INGEST_BATCH = 256;

/** What ingest gives the later phases: which request photos the engine holds. */
interface Ingested {
  /** Request indices of the photos the engine could not decode (or no longer stored). */
  skipped: number[];
  /** Request index of each image the engine holds, in the engine's order. */
  engineToRequest: number[];
  /** A stop came before every photo was read: there is nothing to train. */
  stopped: boolean;
}

/** What the step loop ends with. */
interface StepsDone {
  end: TrainEnd;
  /** The engine's message when the run diverged. */
  message: string;
  code?: string;
  history: EpochFigures[];
  /** Steps that ran (0: the weights never changed). */
  steps: number;
}

/**
 * Phase 1: the model (imported or built from the spec) and the images,
 * read from IndexedDB INGEST_BATCH at a time and decoded at the model's size
 * and channels (a grey model made by the CLI gets grey images: the engine
 * converts colour photos). The engine keeps only its uint8 pixels; each
 * batch's JPEGs are garbage once decoded. A stop ends it between photos.
 */
async function ingest(e: Engine, req: TrainRequest, run: { stop: boolean }): Promise<Ingested> {
  if ('bytes' in req.model) {
    const info = e.importModel(new Uint8Array(req.model.bytes));
    e.setImageFormat(info.size, info.channels);
  } else {
    const { arch, classes, size, dropout } = req.model.spec;
    // A new preset takes the channels of the image format set before it.
    e.setImageFormat(size, PHOTO_CHANNELS);
    e.createModel(arch, '', classes, size, dropout);
  }
  const skipped: number[] = [];
  const engineToRequest: number[] = [];
  let slice = performance.now();
  let i = 0;
  const total = req.photos.length;
  // Room for every photo at once: the engine's buffer never grows by copying while they stream in.
  e.reserveImages(total);
  const throttle = new Throttle(100);
  post({ id: req.id, type: 'ingest', done: 0, total });
  for await (const blobs of imagesOf(req.photos.map((p) => p.id), INGEST_BATCH)) {
    const batch = await Promise.all(blobs.map((b) => b?.arrayBuffer()));
    for (const bytes of batch) {
      if (run.stop) {
        // The pixels decoded so far would only hold memory until the next run.
        e.clearImages();
        return { skipped, engineToRequest: [], stopped: true };
      }
      try {
        if (!bytes) throw new Error('photo no longer stored');
        e.addEncodedImage(new Uint8Array(bytes), req.photos[i]!.label);
        engineToRequest.push(i);
      } catch (err) {
        if (isFatal(err)) throw err;
        skipped.push(i);
      }
      i++;
      if (throttle.ready(performance.now(), i === total)) post({ id: req.id, type: 'ingest', done: i, total });
      // Thousands of photos take seconds: answer the page's heartbeat and a stop meanwhile.
      if (performance.now() - slice > 100) {
        await yieldToEventLoop();
        slice = performance.now();
      }
    }
  }
  if (engineToRequest.length === 0) throw new Error('No image could be decoded.');
  return { skipped, engineToRequest, stopped: false };
}

/**
 * Phase 2, after beginTraining: trainSteps(k) chunks of about 60 ms until
 * the plan is done, the run is stopped, or the engine throws (a diverging
 * loss). Progress goes out throttled; epoch ends and the last step always
 * go out.
 */
async function stepLoop(e: Engine, req: TrainRequest, plan: TrainPlan, run: { stop: boolean }): Promise<StepsDone> {
  const throttle = new Throttle(100);
  const history: EpochFigures[] = [];
  let unsent: EpochFigures[] = [];
  let chunk = 1;
  let steps = 0;
  const timer = new RunTimer();
  const t0 = performance.now();
  const pace = new CheckpointPace();
  for (;;) {
    if (run.stop) return { end: 'stopped', message: '', history, steps };
    const c0 = performance.now();
    let rep: StepReport;
    try {
      rep = e.trainSteps(chunk);
    } catch (err) {
      // Out of memory or an abort is no divergence: it fails the run (and the engine is restarted).
      if (errorCode(err) !== 'diverged') throw err;
      return { end: 'diverged', message: errorMessage(err), code: errorCode(err), history, steps };
    }
    const now = performance.now();
    chunk = nextChunk(chunk, now - c0);
    timer.record(rep.step - steps, now - c0, rep.epochEnded !== null);
    steps = rep.step;
    if (rep.epochEnded) {
      history.push(rep.epochEnded);
      unsent.push(rep.epochEnded);
    }
    if (throttle.ready(now, rep.epochEnded !== null || rep.finished)) {
      const totalSteps = rep.totalSteps || plan.totalSteps;
      const elapsedMs = now - t0;
      const progress: Progress = {
        step: rep.step,
        totalSteps,
        epoch: rep.epoch,
        loss: rep.loss,
        // Over the whole run, not the last call (which may be one step and an evaluation).
        imagesPerSecond: elapsedMs > 0 ? (rep.step * req.config.batch * 1000) / elapsedMs : 0,
        secondsLeft: rep.finished ? 0 : timer.secondsLeft(totalSteps - rep.step,
          plan.stepsPerEpoch > 0 ? Math.ceil((totalSteps - rep.step) / plan.stepsPerEpoch) : 0, plan.valCount, req.config.batch),
        elapsed: elapsedMs / 1000,
        epochs: unsent,
      };
      unsent = [];
      post({ id: req.id, type: 'progress', progress });
    }
    // After the epoch's figures went out: the model with its optimizer
    // state, for the page to keep; a run cut short later resumes from here
    // exactly. Paced (CheckpointPace): a small project's epochs are shorter than the export.
    if (rep.epochEnded && pace.due(now)) {
      const x0 = performance.now();
      const bytes = ownBuffer(e.exportModel());
      pace.made(x0, performance.now() - x0);
      post({ id: req.id, type: 'checkpoint', checkpoint: { epoch: rep.epochEnded.epoch, bytes } });
    }
    if (rep.finished) return { end: rep.stoppedEarly ? 'early-stopped' : 'finished', message: '', history, steps };
    await yieldToEventLoop();
  }
}

/**
 * Phase 3: ends the engine's training session (the weights stay), then,
 * unless the run diverged or never stepped, exports the model and
 * evaluates it on the validation split. With no split (share 0) there is
 * no evaluation: the engine would evaluate on the training images instead.
 */
/** Misclassified photos given a saliency map (each is one backward pass). */
const SALIENCY_MAX = 24;

/** Where the model looked in each photo it got wrong (the first few), for the class it wrongly gave. */
function saliencyOf(e: Engine, ev: Evaluation, ingested: Ingested, size: number): SaliencyMap[] {
  return ev.misclassified.slice(0, SALIENCY_MAX).map((m) => {
    const values = e.saliencyOfImage(m.index, m.predicted);
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
    return { index: ingested.engineToRequest[m.index] ?? m.index, size, map: bytes.buffer };
  });
}

function finish(e: Engine, plan: TrainPlan, done: StepsDone, ingested: Ingested): TrainOutcome {
  // Ends a stopped run's session; the engine has ended it already when the
  // run finished or diverged, and then this does nothing.
  e.endTraining();
  const failed = done.end === 'diverged' || done.steps === 0;
  let evaluation: Evaluation | null = null;
  let saliency: SaliencyMap[] = [];
  if (!failed && plan.valCount > 0) {
    evaluation = e.evaluate();
    saliency = saliencyOf(e, evaluation, ingested, e.modelInfo().size);
    evaluation.misclassified = evaluation.misclassified.map((m) => ({
      ...m,
      index: ingested.engineToRequest[m.index] ?? m.index,
    }));
  }
  return {
    end: done.end,
    message: done.message,
    code: done.code,
    model: failed ? null : ownBuffer(e.exportModel()),
    info: failed ? null : e.modelInfo(),
    evaluation,
    history: done.history,
    skipped: ingested.skipped,
    saliency,
  };
}

let running: { stop: boolean } | null = null;

/** Refused while a training runs, with the code the page translates (`error.busy`), never bare English. */
function busy(): Error {
  return Object.assign(new Error('Training is running: wait for it to finish or stop it.'), { code: 'busy' });
}

/**
 * Timed steps per measurement (after the engine's two untimed warm-up
 * steps); the engine takes their median, so two delayed steps of five leave
 * the estimate unchanged.
 */
const MEASURE_STEPS = 5;
/**
 * Timed photos per measurement at least: a small project's steps hold a few
 * photos and take milliseconds, and three of them are too short to time on
 * a busy device, so such a step is timed more often (3 photos: 8 steps).
 */
const MEASURE_IMAGES = 24;
/** ms per step by arch:size:batch, measured once per page load. */
const measured = new Map<string, number>();

async function train(req: TrainRequest): Promise<TrainOutcome> {
  if (running) throw new Error('A training is already running: stop it before starting another.');
  const run = { stop: false };
  running = run;
  try {
    await init();
    const e = engine!;
    const ingested = await ingest(e, req, run);
    if (ingested.stopped) {
      return { end: 'stopped', message: '', model: null, info: null, evaluation: null, history: [], skipped: [], saliency: [] };
    }
    const plan = e.beginTraining(req.config);
    let done: StepsDone;
    try {
      done = await stepLoop(e, req, plan, run);
    } catch (err) {
      // A failed step (not a divergence): end the session so the engine takes the next request.
      if (!isFatal(err)) e.endTraining();
      throw err;
    }
    return finish(e, plan, done, ingested);
  } finally {
    running = null;
  }
}

async function handle(req: Request): Promise<Result> {
  switch (req.type) {
    case 'init':
      return { type: 'init', status: await init() };
    case 'train':
      return { type: 'train', outcome: await train(req) };
    case 'stop': {
      const wasTraining = running !== null;
      if (running) running.stop = true;
      return { type: 'stop', wasTraining };
    }
    case 'loadModel': {
      if (running) throw busy();
      await init();
      return { type: 'loadModel', info: engine!.importModel(new Uint8Array(req.bytes)) };
    }
    case 'predict': {
      if (running) throw busy();
      await init();
      if (!engine!.hasModel()) throw new Error('No model loaded.');
      const predictions = req.images.map((buf): Verdict | null => {
        let p: Prediction;
        try {
          p = engine!.classifyEncoded(new Uint8Array(buf), req.tta);
        } catch {
          return null;
        }
        return { probabilities: Array.from(p.probabilities), top1: p.top1, top2: p.top2, notSure: p.notSure, unfamiliar: p.unfamiliar };
      });
      return { type: 'predict', predictions };
    }
    case 'presets': {
      await init();
      const configs = mod!.presets().map((name) => mod!.presetConfig(name, req.photoCount, req.classCount));
      return { type: 'presets', configs };
    }
    case 'measure': {
      if (running) throw busy();
      await init();
      const key = `${req.arch}:${req.size}:${req.batch}`;
      let ms = measured.get(key);
      if (ms === undefined) {
        const steps = Math.max(MEASURE_STEPS, Math.ceil(MEASURE_IMAGES / Math.max(1, req.batch)));
        ms = engine!.measureStepTime(req.arch, PHOTO_CHANNELS, req.size, req.batch, steps);
        measured.set(key, ms);
      }
      return { type: 'measure', msPerStep: ms };
    }
    case 'onnx': {  // a free function of the module: the session and a running training are untouched
      await init();
      return { type: 'onnx', bytes: mod!.onnxFromModel(new Uint8Array(req.bytes)).buffer as ArrayBuffer };
    }
    case 'ping':
      return { type: 'ping' };
    default:
      return assertNever(req);
  }
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  handle(req).then(
    (result) => post({ id: req.id, type: 'result', result }),
    (err: unknown) => post({ id: req.id, type: 'error', message: errorMessage(err), code: errorCode(err), fatal: isFatal(err) }),
  );
};
