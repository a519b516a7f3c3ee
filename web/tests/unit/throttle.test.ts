import { describe, expect, it } from 'vitest';
import { CheckpointPace, RunTimer, Throttle, nextChunk } from '../../src/engine/throttle';

describe('Throttle', () => {
  it('lets about 10 events per second through', () => {
    const th = new Throttle(100);
    let sent = 0;
    for (let t = 0; t < 1000; t += 7) if (th.ready(t)) sent++;
    expect(sent).toBeGreaterThanOrEqual(9);
    expect(sent).toBeLessThanOrEqual(11);
  });
  it('always lets forced events (epoch ends, the last step) through', () => {
    const th = new Throttle(100);
    expect(th.ready(0)).toBe(true);
    expect(th.ready(10)).toBe(false);
    expect(th.ready(11, true)).toBe(true);
    expect(th.ready(50)).toBe(false);
    expect(th.ready(111)).toBe(true);
  });
});

describe('nextChunk', () => {
  it('grows while chunks are fast and shrinks when slow, within bounds', () => {
    expect(nextChunk(1, 5)).toBe(2);
    expect(nextChunk(8, 240)).toBe(4);
    expect(nextChunk(1, 1000)).toBe(1);
    expect(nextChunk(64, 1)).toBe(64);
    expect(nextChunk(4, 0)).toBe(8);
  });
});

describe('RunTimer', () => {
  it('measures ms per step without the first chunk, and the evaluation from the chunks that end an epoch', () => {
    const r = new RunTimer();
    r.record(1, 900, false); // one-off costs: left out
    r.record(4, 400, false); // 100 ms a step
    expect(r.msPerStep()).toBe(100);
    r.record(5, 800, true); // 5 steps (500 ms) and a 300 ms evaluation
    // 20 steps and 2 evaluations left.
    expect(r.secondsLeft(20, 2, 80, 32)).toBeCloseTo(2 + 0.6);
  });
  it('estimates the evaluation at a third of a step per image before an epoch has ended', () => {
    const r = new RunTimer();
    expect(r.secondsLeft(10, 1, 64, 32)).toBeNaN();
    r.record(2, 300, false);
    // Only the first chunk known: 150 ms a step; 64 checking images = 2 batches at a third.
    expect(r.secondsLeft(10, 1, 64, 32)).toBeCloseTo(1.5 + 0.1);
  });
});

describe('CheckpointPace', () => {
  it('checkpoints take about a tenth of the run: 120 epochs of 30 ms with an 80 ms export get a few, not 120', () => {
    const pace = new CheckpointPace(0.1);
    let now = 0;
    let made = 0;
    for (let epoch = 1; epoch <= 120; epoch++) {
      now += 30;
      if (pace.due(now)) {
        pace.made(now, 80);
        now += 80;
        made++;
      }
    }
    // Every epoch: 120 x 80 ms of exports, 73% of the run. Paced: a tenth, give or take an epoch.
    expect(made).toBeGreaterThanOrEqual(4);
    expect((made * 80) / now).toBeLessThan(0.12);
  });
  it('the first epoch gets one, and every epoch when the export is cheap next to it', () => {
    const pace = new CheckpointPace(0.1);
    const got = [1, 2, 3, 4].map((e) => {
      const now = e * 500;
      if (!pace.due(now)) return false;
      pace.made(now, 20);
      return true;
    });
    expect(got).toEqual([true, true, true, true]);
  });
});
