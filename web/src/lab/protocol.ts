// The lab worker's message protocol: one discriminated union each way, like
// ../engine/protocol.ts. Every request carries an id and is answered by
// exactly one `result` or `error` of that id. The lab worker owns its own
// engine instance (a `Lab`), so the lab never waits for, or disturbs, a
// model that trains in the engine worker.
//
// `run` sends an experiment id and its settings as URL-query text (the
// page's hash settings, `k=v&k=v`); the engine answers with JSON text,
// parsed in the worker, so the page receives a plain object.

export type LabRequest =
  | { id: number; type: 'init' }
  | { id: number; type: 'run'; experiment: string; params: string }
  | { id: number; type: 'setData'; name: string; bytes: ArrayBuffer }
  | { id: number; type: 'addPhoto'; bytes: ArrayBuffer; label: number; className: string };

export interface LabStatus {
  version: string;
  simd: boolean;
}

export type LabResult =
  | { type: 'init'; status: LabStatus }
  | { type: 'run'; value: unknown; ms: number }
  | { type: 'setData' }
  | { type: 'addPhoto' };

export type LabResponse =
  | { id: number; type: 'result'; result: LabResult }
  | { id: number; type: 'error'; message: string };

export type LabRequestType = LabRequest['type'];
export type LabResultOf<T extends LabRequestType> = Extract<LabResult, { type: T }>;

export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}

/** The ArrayBuffers a request gives away to the worker. */
export function labTransferables(req: LabRequest): ArrayBuffer[] {
  switch (req.type) {
    case 'init':
    case 'run':
      return [];
    case 'setData':
    case 'addPhoto':
      return [req.bytes];
    default:
      return assertNever(req);
  }
}
