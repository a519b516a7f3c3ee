// The page's one engine worker, started on first use. When it is ready its
// status (flavour, threads, the architectures it can build) goes to the
// store; a failure to start goes there too, as the message to show.
// When the worker dies (out of memory, a wasm abort, a crash, no answer to
// the heartbeat) the app says so and starts a new one: photos and saved
// models live in IndexedDB, and the engine holds no saved model any more.

import { EngineClient, type EngineDeath } from '../engine/client';
import type { EngineStatus } from '../engine/protocol';
import { t } from '../i18n';
import { dispatch, getState } from '../store';
import { codeText, errText, notify } from './notices';

let client: EngineClient | null = null;
let ready: Promise<EngineStatus> | null = null;

function restart(c: EngineClient, d: EngineDeath, loaded: boolean): void {
  if (client !== c) return;
  client = null;
  ready = null;
  if (!loaded) {
    // It never started: starting it again would fail again. The next use tries once more.
    dispatch({ type: 'engine', status: null, error: codeText(d.code, d.message) });
    return;
  }
  dispatch({ type: 'model-loaded', id: null });
  // One message: a training that was running failed with it (training.ts says nothing more).
  const key = getState().training.running ? 'engine.diedTraining' : 'engine.died';
  notify('error', () => t(key, { reason: codeText(d.code, d.message), code: d.code }), { ms: 30_000 });
  engine();
}

export function engine(): EngineClient {
  if (!client) {
    const c = (client = EngineClient.start());
    let loaded = false;
    c.onDeath = (d) => restart(c, d, loaded);
    ready = c.init();
    ready.then(
      (status) => {
        loaded = true;
        dispatch({ type: 'engine', status, error: null });
      },
      (e: unknown) => {
        if (!c.death) dispatch({ type: 'engine', status: null, error: errText(e) });
      },
    );
  }
  return client;
}

/** The engine's status once it has loaded; rejects with why it could not. */
export function engineReady(): Promise<EngineStatus> {
  engine();
  return ready!;
}
