// What each preset will train for the open project, and how long it will
// take here: the engine's presetConfig for the project's photo and class
// counts, then a short timed run per preset (the engine's measureStepTime,
// cached per network, size and batch in the worker). Results go to the
// store as they arrive; a newer request supersedes an older one.

import { currentProject, dispatch, getState, projectPhotoCount } from '../store';
import { engine, engineReady } from './engine';

let wanted = '';

/** Makes sure the store has the presets' plans for the current counts (does nothing while training). */
export async function refreshPresetPlans(): Promise<void> {
  const s = getState();
  const project = currentProject(s);
  if (!project || s.training.running || !s.engine) return;
  const photoCount = projectPhotoCount(s, project);
  const classCount = project.classes.length;
  const key = `${photoCount}:${classCount}`;
  const plans = s.presetPlans;
  if (wanted === key || (plans?.key === key && plans.configs.every((c) => c.preset in plans.msPerStep))) return;
  wanted = key;
  try {
    await engineReady();
    const configs = await engine().presets(photoCount, Math.max(2, classCount));
    if (wanted !== key) return;
    dispatch({ type: 'preset-plans', plans: { key, configs, msPerStep: {} } });
    for (const c of configs) {
      if (wanted !== key || getState().training.running) return;
      const msPerStep = await engine().measure(c.arch, c.size, c.train.batch);
      dispatch({ type: 'preset-measured', key, preset: c.preset, msPerStep });
    }
  } catch {
    // No estimate (the engine could not measure): the presets show none, training still works.
  } finally {
    if (wanted === key) wanted = '';
  }
}
