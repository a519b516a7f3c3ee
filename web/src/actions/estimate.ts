// What each preset will train for the open project, and how long it will
// take here: the engine's presetConfig for the project's photo and class
// counts, then a short timed run per preset (the engine's measureStepTime,
// cached per network, size and batch in the worker), with as many photos a
// step as the run will put in one (quality/estimate.ts: a few photos make
// small steps). Custom settings are measured the same way. Results go to
// the store as they arrive; a newer request supersedes an older one.

import type { TrainSettings } from '../presets';
import { stepBatch } from '../quality/estimate';
import type { Project } from '../db';
import { currentProject, dispatch, getState, type State } from '../store';
import { engine, engineReady } from './engine';

let wanted = '';
let customWanted = '';

/** Photos in each class of the project, in its class order. */
export function classCountsOf(s: State, project: Project): number[] {
  const counts = new Map(project.classes.map((c) => [c.id, 0]));
  for (const p of s.photos) {
    const n = counts.get(p.classId);
    if (n !== undefined) counts.set(p.classId, n + 1);
  }
  return project.classes.map((c) => counts.get(c.id) ?? 0);
}

/** Where custom settings' measured ms per step is kept in the plans (beside the presets'). */
export function customPlanKey(settings: TrainSettings, classCounts: readonly number[]): string {
  return `custom:${settings.arch}:${settings.size}:${stepBatch(settings, classCounts)}`;
}

/** Makes sure the store has the presets' plans for the current counts (does nothing while training). */
export async function refreshPresetPlans(): Promise<void> {
  const s = getState();
  const project = currentProject(s);
  if (!project || s.training.running || !s.engine) return;
  const counts = classCountsOf(s, project);
  const photoCount = counts.reduce((a, b) => a + b, 0);
  const classCount = project.classes.length;
  const key = `${photoCount}:${classCount}:${counts.join(',')}`;
  const plans = s.presetPlans;
  if (wanted === key) return;
  if (plans?.key === key && plans.configs.every((c) => c.preset in plans.msPerStep)) {
    await measureCustom();
    return;
  }
  wanted = key;
  try {
    await engineReady();
    const configs = await engine().presets(photoCount, Math.max(2, classCount));
    if (wanted !== key) return;
    dispatch({ type: 'preset-plans', plans: { key, configs, msPerStep: {} } });
    for (const c of configs) {
      if (wanted !== key || getState().training.running) return;
      const msPerStep = await engine().measure(c.arch, c.size, stepBatch(c.train, counts));
      dispatch({ type: 'preset-measured', key, preset: c.preset, msPerStep });
    }
  } catch {
    // No estimate (the engine could not measure): the presets show none, training still works.
  } finally {
    if (wanted === key) wanted = '';
  }
  await measureCustom();
}

/**
 * The most pixels a measured step holds: as many as the biggest preset's
 * (32 photos of 64 x 64). Custom settings may ask for far more (a batch of
 * 120 at 128 px does not fit in the engine's memory): those are measured
 * with fewer photos a step and scaled, so measuring never exhausts memory.
 */
const MEASURE_PIXELS = 32 * 64 * 64;

/** The open project's custom settings, measured once for their network, size and photos a step. */
async function measureCustom(): Promise<void> {
  const s = getState();
  const project = currentProject(s);
  const plans = s.presetPlans;
  if (!project || !plans || s.training.running || project.settings.preset !== 'custom') return;
  const counts = classCountsOf(s, project);
  const key = customPlanKey(project.settings, counts);
  if (key in plans.msPerStep || customWanted === key) return;
  customWanted = key;
  const { arch, size } = project.settings;
  const wantedBatch = stepBatch(project.settings, counts);
  const batch = Math.min(wantedBatch, Math.max(1, Math.floor(MEASURE_PIXELS / (size * size))));
  try {
    const ms = await engine().measure(arch, size, batch);
    dispatch({ type: 'preset-measured', key: plans.key, preset: key, msPerStep: (ms * wantedBatch) / batch });
  } catch {
    // Settings the engine cannot build (it says so at Start): no estimate.
  } finally {
    if (customWanted === key) customWanted = '';
  }
}
