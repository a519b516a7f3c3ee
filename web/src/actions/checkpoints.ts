// Interrupted trainings: a checkpoint still in IndexedDB whose project no
// tab is training (nobody holds its training lock) is a run that was cut
// short — the tab was closed or killed, the tablet slept, the engine died.
// They are offered for resumption (ui/resume.ts); resuming is in training.ts.

import * as db from '../db';
import { dispatch, getState, type ResumeOffer } from '../store';
import { lockedProjects } from './tabs';

/** Puts the interrupted runs of existing projects into the store. */
export async function refreshInterrupted(): Promise<void> {
  const [all, locked] = await Promise.all([db.listCheckpoints(), lockedProjects()]);
  const projects = new Set(getState().projects.map((p) => p.id));
  const offers: ResumeOffer[] = all
    .filter((c) => projects.has(c.projectId) && !locked.includes(c.projectId))
    .map((c) => ({ projectId: c.projectId, epoch: c.epoch, baseEpoch: c.baseEpoch, saved: c.saved, epochs: c.config.epochs }));
  dispatch({ type: 'interrupted', offers });
}

/** Forgets an interrupted run; it stays in the run list as interrupted. Saved models are untouched. */
export async function discardInterrupted(projectId: string): Promise<void> {
  const rec = await db.getCheckpoint(projectId);
  if (rec) {
    const run: db.RunRecord = { id: db.newId(), projectId, started: rec.started, settings: rec.settings, end: 'interrupted', message: '', history: rec.history };
    await db.putRun(run);
    if (getState().currentId === projectId) dispatch({ type: 'run-added', run });
    await db.deleteCheckpoint(projectId);
  }
  await refreshInterrupted();
}
