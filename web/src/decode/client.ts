// Page side of the decode worker. Two workers share the imports so that
// a folder of photos decodes on both cores.

import type { DecodeRequest, DecodeResponse } from './protocol';

export const PHOTO_SIDE = 256;
export const THUMB_SIDE = 112;

export type Decoded = Extract<DecodeResponse, { type: 'ok' }>;

type Body = DecodeRequest extends infer R ? (R extends DecodeRequest ? Omit<R, 'id'> : never) : never;

class DecodePool {
  private workers: Worker[] = [];
  private next = 0;
  private id = 1;
  private pending = new Map<number, { resolve: (r: DecodeResponse) => void }>();

  private worker(): Worker {
    if (this.workers.length === 0) {
      const n = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
      for (let i = 0; i < n; i++) {
        const w = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
        w.onmessage = (ev: MessageEvent<DecodeResponse>) => {
          const p = this.pending.get(ev.data.id);
          this.pending.delete(ev.data.id);
          p?.resolve(ev.data);
        };
        this.workers.push(w);
      }
    }
    return this.workers[this.next++ % this.workers.length]!;
  }

  run(body: Body, transfer: Transferable[] = []): Promise<DecodeResponse> {
    const id = this.id++;
    const req = { ...body, id } as DecodeRequest;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.worker().postMessage(req, transfer);
    });
  }
}

const pool = new DecodePool();

export function decodeFile(file: Blob): Promise<DecodeResponse> {
  return pool.run({ type: 'file', file, maxSide: PHOTO_SIDE, thumbSide: THUMB_SIDE });
}

export function encodeGray(pixels: Uint8Array, width: number, height: number): Promise<DecodeResponse> {
  const buf = pixels.slice().buffer;
  return pool.run({ type: 'gray', pixels: buf, width, height, thumbSide: THUMB_SIDE }, [buf]);
}
