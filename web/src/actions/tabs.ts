// Two tabs of the app on one device share one IndexedDB. A training holds
// a Web Lock named after its project for its whole duration, so a second
// tab cannot start (or resume) a training of the same project; the lock is
// released by the browser when the tab goes, however it goes. A
// BroadcastChannel tells the other tabs when a training starts or ends:
// they then ask the lock manager which projects are training (the locks are
// the truth; a message is only a nudge), show it on their Train screen, and
// pick up the model and run the other tab saved.

import * as db from '../db';
import { dispatch, getState } from '../store';

const LOCK_PREFIX = 'barnlab-train:';
const channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('barnlab-training') : null;
/** The project this tab trains now (its lock is ours, not another tab's). */
let ownProject: string | null = null;

interface TrainingMessage {
  projectId: string;
  running: boolean;
}

/**
 * Runs `train` holding the project's training lock. Resolves false, without
 * calling it, when another tab holds the lock. Without Web Locks (an old
 * browser) it just runs.
 */
export async function withTrainingLock(projectId: string, train: () => Promise<void>): Promise<boolean> {
  if (!navigator.locks) {
    await train();
    return true;
  }
  let ran = false;
  try {
    await navigator.locks.request(LOCK_PREFIX + projectId, { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      ran = true;
      ownProject = projectId;
      channel?.postMessage({ projectId, running: true } satisfies TrainingMessage);
      try {
        await train();
      } finally {
        ownProject = null;
      }
    });
  } finally {
    // Once the lock is free, so the other tabs see it free when they look.
    if (ran) channel?.postMessage({ projectId, running: false } satisfies TrainingMessage);
  }
  return ran;
}

/** Projects whose training lock is held now, by this tab or another. */
export async function lockedProjects(): Promise<string[]> {
  if (!navigator.locks) return [];
  const { held = [] } = await navigator.locks.query();
  return held.flatMap((l) => (l.name?.startsWith(LOCK_PREFIX) ? [l.name.slice(LOCK_PREFIX.length)] : []));
}

let poll: ReturnType<typeof setInterval> | null = null;

/** Asks the lock manager which projects other tabs train, into the store. */
export async function refreshTrainingElsewhere(): Promise<void> {
  const ids = (await lockedProjects()).filter((id) => id !== ownProject);
  const prev = getState().trainingElsewhere;
  if (ids.length !== prev.length || ids.some((id, i) => id !== prev[i])) dispatch({ type: 'training-elsewhere', projectIds: ids });
  // A tab that is closed sends nothing: look again now and then while one trains.
  if (ids.length && !poll) poll = setInterval(() => void refreshTrainingElsewhere(), 3000);
  if (!ids.length && poll) {
    clearInterval(poll);
    poll = null;
  }
}

/** New models and runs another tab saved in the open project. */
async function pickUpSaved(projectId: string): Promise<void> {
  if (getState().currentId !== projectId) return;
  const [models, runs] = await Promise.all([db.listModels(projectId), db.listRuns(projectId)]);
  if (getState().currentId !== projectId) return;
  const s = getState();
  for (const model of models) if (!s.models.some((m) => m.id === model.id)) dispatch({ type: 'model-added', model });
  for (const run of runs) if (!s.runs.some((r) => r.id === run.id)) dispatch({ type: 'run-added', run });
}

/** Listens to the other tabs; call once at start. `onEnded` runs when another tab's training ends. */
export function watchOtherTabs(onEnded: () => void): void {
  void refreshTrainingElsewhere();
  if (channel)
    channel.onmessage = (ev: MessageEvent<TrainingMessage>) => {
      void refreshTrainingElsewhere();
      if (!ev.data.running) {
        void pickUpSaved(ev.data.projectId);
        onEnded();
      }
    };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshTrainingElsewhere();
  });
}
