/// <reference lib="webworker" />
// The lab's own engine worker: loads the single-threaded engine module
// (barnlab.js) and owns one `Lab`. It is separate from the training worker
// (../engine/worker.ts) so a page stays responsive while a model trains and
// never touches the training engine's state. Requests are handled one at a
// time in arrival order; each experiment is one synchronous engine call,
// kept short by the engine (stateful ones, like the live MLP, step in small
// chunks that the page asks for one after another).

import type createBarnlabType from '../../../wasm/barnlab';
import type { BarnlabModule, Lab } from '../../../wasm/barnlab';
import { assertNever, type LabRequest, type LabResponse, type LabResult, type LabStatus } from './protocol';

declare const self: DedicatedWorkerGlobalScope;
type Factory = typeof createBarnlabType;
/** An older engine build may lack the Lab: say so instead of failing obscurely. */
type LabModule = Omit<BarnlabModule, 'Lab'> & { Lab?: BarnlabModule['Lab'] };

const wasmFiles = import.meta.glob('../engine/wasm/barnlab.{js,wasm}', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function urlOf(name: string): string | undefined {
  return wasmFiles[`../engine/wasm/${name}`];
}

let lab: Lab | null = null;
let status: LabStatus | null = null;
let loading: Promise<LabStatus> | null = null;

async function load(): Promise<LabStatus> {
  const jsUrl = urlOf('barnlab.js');
  if (!jsUrl || !urlOf('barnlab.wasm')) throw new Error('barnlab.js / barnlab.wasm missing: run the wasm build (see web/README.md).');
  const imported = (await import(/* @vite-ignore */ jsUrl)) as { default: Factory };
  const mod: LabModule = await imported.default({ locateFile: (path, prefix) => urlOf(path) ?? prefix + path });
  if (!mod.Lab) throw new Error('This engine build has no Lab: rebuild the wasm module (see web/README.md).');
  lab = new mod.Lab();
  status = { version: mod.version(), simd: mod.simd() };
  return status;
}

function init(): Promise<LabStatus> {
  if (status) return Promise.resolve(status);
  loading ??= load().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'number') return `engine error ${e} (unconverted C++ exception)`;
  return String(e);
}

async function handle(req: LabRequest): Promise<LabResult> {
  switch (req.type) {
    case 'init':
      return { type: 'init', status: await init() };
    case 'run': {
      await init();
      const t0 = performance.now();
      const text = lab!.run(req.experiment, req.params);
      return { type: 'run', value: JSON.parse(text) as unknown, ms: performance.now() - t0 };
    }
    case 'setData':
      await init();
      lab!.setData(req.name, new Uint8Array(req.bytes));
      return { type: 'setData' };
    case 'addPhoto':
      await init();
      lab!.addPhoto(new Uint8Array(req.bytes), req.label, req.className);
      return { type: 'addPhoto' };
    default:
      return assertNever(req);
  }
}

// One request at a time: a run waits for the data it needs to arrive first.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<LabRequest>) => {
  const req = ev.data;
  queue = queue.then(async () => {
    let res: LabResponse;
    try {
      res = { id: req.id, type: 'result', result: await handle(req) };
    } catch (e) {
      res = { id: req.id, type: 'error', message: errorMessage(e) };
    }
    self.postMessage(res);
  });
};
