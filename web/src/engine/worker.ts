/// <reference lib="webworker" />
// The engine worker: owns the one Barnlab Engine of the page and runs
// training as a loop of trainSteps(k) chunks, yielding to its event loop
// between chunks so that a `stop` message is handled (a cooperative stop
// that keeps the weights). Loads the pthreads build when the page is
// cross-origin isolated (SharedArrayBuffer available), else the
// single-threaded one.

import type createBarnlabType from '../../../wasm/barnlab';
import type { BarnlabModule, Engine, StepReport } from '../../../wasm/barnlab';
import {
  assertNever,
  transferablesOfResponse,
  type EngineStatus,
  type EpochFigures,
  type Progress,
  type Request,
  type Response,
  type Result,
  type TrainEnd,
  type TrainOutcome,
} from './protocol';
import { Throttle, nextChunk, secondsLeft } from './throttle';

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
  status = { flavour, simd: mod.simd(), threads: mod.threads(), version: mod.version(), note };
  return status;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'number') return `engine error ${e} (unconverted C++ exception)`;
  return String(e);
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

let running: { stop: boolean } | null = null;

async function train(req: Extract<Request, { type: 'train' }>): Promise<TrainOutcome> {
  if (running) throw new Error('A training is already running: stop it before starting another.');
  const run = { stop: false };
  running = run;
  try {
    await init();
    const e = engine!;
    const info =
      'bytes' in req.model
        ? e.importModel(new Uint8Array(req.model.bytes))
        : e.createModel(req.model.spec.arch, '', req.model.spec.classes, req.model.spec.size, req.model.spec.dropout);
    e.setImageFormat(info.size, 3);
    const skipped: number[] = [];
    const engineToRequest: number[] = [];
    req.images.forEach((img, i) => {
      try {
        e.addEncodedImage(new Uint8Array(img.bytes), img.label);
        engineToRequest.push(i);
      } catch {
        skipped.push(i);
      }
    });
    if (engineToRequest.length === 0) throw new Error('No image could be decoded.');

    const plan = e.beginTraining(req.config);
    const throttle = new Throttle(100);
    const history: EpochFigures[] = [];
    let unsent: EpochFigures[] = [];
    let chunk = 1;
    let end: TrainEnd = 'finished';
    let message = '';
    let stepsDone = 0;
    const t0 = performance.now();
    for (;;) {
      if (run.stop) {
        end = 'stopped';
        break;
      }
      const c0 = performance.now();
      let rep: StepReport;
      try {
        rep = e.trainSteps(chunk);
      } catch (err) {
        end = 'diverged';
        message = errorMessage(err);
        break;
      }
      const now = performance.now();
      chunk = nextChunk(chunk, now - c0);
      stepsDone = rep.step;
      if (rep.epochEnded) {
        history.push(rep.epochEnded);
        unsent.push(rep.epochEnded);
      }
      if (throttle.ready(now, rep.epochEnded !== null || rep.finished)) {
        const progress: Progress = {
          step: rep.step,
          totalSteps: rep.totalSteps || plan.totalSteps,
          epoch: rep.epoch,
          loss: rep.loss,
          imagesPerSecond: rep.imagesPerSecond,
          secondsLeft: secondsLeft(rep.step, rep.totalSteps || plan.totalSteps, now - t0),
          epochs: unsent,
        };
        unsent = [];
        post({ id: req.id, type: 'progress', progress });
      }
      if (rep.finished) {
        end = rep.stoppedEarly ? 'early-stopped' : 'finished';
        break;
      }
      await yieldToEventLoop();
    }
    try {
      e.endTraining();
    } catch {
      /* already ended */
    }
    const failed = end === 'diverged' || stepsDone === 0;
    let evaluation = null;
    if (!failed) {
      try {
        evaluation = e.evaluate();
        evaluation.misclassified = evaluation.misclassified.map((m) => ({
          ...m,
          index: engineToRequest[m.index] ?? m.index,
        }));
      } catch {
        evaluation = null; // e.g. no validation split
      }
    }
    return {
      end,
      message,
      model: failed ? null : ownBuffer(e.exportModel()),
      info: failed ? null : e.modelInfo(),
      evaluation,
      history,
      skipped,
    };
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
      if (running) throw new Error('Training is running: wait for it to finish or stop it.');
      await init();
      return { type: 'loadModel', info: engine!.importModel(new Uint8Array(req.bytes)) };
    }
    case 'predict': {
      if (running) throw new Error('Training is running: wait for it to finish or stop it.');
      await init();
      if (!engine!.hasModel()) throw new Error('No model loaded.');
      const probabilities = req.images.map((buf) => {
        try {
          return Array.from(engine!.predictEncoded(new Uint8Array(buf)));
        } catch {
          return null;
        }
      });
      return { type: 'predict', probabilities };
    }
    default:
      return assertNever(req);
  }
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  handle(req).then(
    (result) => post({ id: req.id, type: 'result', result }),
    (err: unknown) => post({ id: req.id, type: 'error', message: errorMessage(err) }),
  );
};
