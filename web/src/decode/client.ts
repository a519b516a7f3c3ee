// Page side of the decode worker: a pool of them (one per core, at most
// two) shares the imports, so a folder of photos decodes on both cores.
// A worker that fails (its script does not load, or it throws outside a
// request) rejects the requests it holds with a message saying what to do,
// and is replaced on the next request: no import waits forever.

import type { DecodeRequest, DecodeResponse } from './protocol';

export const PHOTO_SIDE = 256;
export const THUMB_SIDE = 112;
/** A photo whose shorter side is below this is too small to learn from. */
export const MIN_SIDE = 32;

export type Decoded = Extract<DecodeResponse, { type: 'ok' }>;

type Body = DecodeRequest extends infer R ? (R extends DecodeRequest ? Omit<R, 'id'> : never) : never;

/** The part of a Worker the pool uses (a fake in tests). */
export interface DecodePort {
  postMessage(message: DecodeRequest, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<DecodeResponse>) => void) | null;
  onerror: ((ev: Event) => void) | null;
  terminate(): void;
}

interface Pending {
  worker: DecodePort;
  resolve: (r: DecodeResponse) => void;
  reject: (e: Error) => void;
}

export class DecodePool {
  private workers: DecodePort[] = [];
  private next = 0;
  private id = 1;
  private readonly pending = new Map<number, Pending>();

  /** `spawn` starts one worker; `size` workers run at most. */
  constructor(
    private readonly spawn: () => DecodePort,
    private readonly size: number,
  ) {}

  /** Requests sent and not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  private start(): DecodePort {
    const w = this.spawn();
    w.onmessage = (ev) => {
      const p = this.pending.get(ev.data.id);
      this.pending.delete(ev.data.id);
      p?.resolve(ev.data);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      const detail = (ev as ErrorEvent).message;
      this.fail(w, new Error(`The photo decoder stopped${detail ? ` (${detail})` : ''}: reload the app and add the photos again.`));
    };
    return w;
  }

  /** Drops a failed worker and rejects what it held. */
  private fail(w: DecodePort, err: Error): void {
    w.terminate();
    this.workers = this.workers.filter((x) => x !== w);
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }

  private worker(): DecodePort {
    while (this.workers.length < this.size) this.workers.push(this.start());
    return this.workers[this.next++ % this.workers.length]!;
  }

  run(body: Body, transfer: Transferable[] = []): Promise<DecodeResponse> {
    const id = this.id++;
    const req = { ...body, id } as DecodeRequest;
    return new Promise((resolve, reject) => {
      const worker = this.worker();
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage(req, transfer);
    });
  }
}

let pool: DecodePool | null = null;

function decodePool(): DecodePool {
  pool ??= new DecodePool(
    () => new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' }) as DecodePort,
    Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)),
  );
  return pool;
}

/** Rejects only when the decoder itself fails; a file that is not an image resolves as `error`. */
export function decodeFile(file: Blob): Promise<DecodeResponse> {
  return decodePool().run({ type: 'file', file, maxSide: PHOTO_SIDE, thumbSide: THUMB_SIDE, minSide: MIN_SIDE });
}

/**
 * SHA-256 of a file's bytes (hex), computed in a decode worker: the same photo
 * imported twice has the same hash. null when the file cannot be read.
 */
export async function hashFile(file: Blob): Promise<string | null> {
  const res = await decodePool().run({ type: 'hash', file });
  return res.type === 'hash' ? res.hash : null;
}

export function encodeGray(pixels: Uint8Array, width: number, height: number): Promise<DecodeResponse> {
  const buf = pixels.slice().buffer;
  return decodePool().run({ type: 'gray', pixels: buf, width, height, thumbSide: THUMB_SIDE }, [buf]);
}
