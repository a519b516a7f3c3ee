// The page's one engine worker, started on first use. When it is ready its
// status (flavour, threads, the architectures it can build) goes to the
// store; a failure to start goes there too, as the message to show.

import { EngineClient } from '../engine/client';
import type { EngineStatus } from '../engine/protocol';
import { dispatch } from '../store';
import { errText } from './notices';

let client: EngineClient | null = null;
let ready: Promise<EngineStatus> | null = null;

export function engine(): EngineClient {
  if (!client) {
    client = EngineClient.start();
    ready = client.init();
    ready.then(
      (status) => dispatch({ type: 'engine', status, error: null }),
      (e: unknown) => dispatch({ type: 'engine', status: null, error: errText(e) }),
    );
  }
  return client;
}

/** The engine's status once it has loaded; rejects with why it could not. */
export function engineReady(): Promise<EngineStatus> {
  engine();
  return ready!;
}
