import { describe, expect, it } from 'vitest';
import { Throttle, nextChunk, runSecondsLeft, secondsLeft } from '../../src/engine/throttle';

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

describe('secondsLeft', () => {
  it('extrapolates from the steps done', () => {
    expect(secondsLeft(10, 100, 2000)).toBeCloseTo(18);
    expect(secondsLeft(100, 100, 2000)).toBe(0);
    expect(secondsLeft(0, 100, 0)).toBeNaN();
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

describe('runSecondsLeft', () => {
  const base = { stepsPerEpoch: 10, totalSteps: 50, trainCount: 320, valCount: 80 };
  it('uses the measured time per epoch (evaluation included) once an epoch has ended', () => {
    // Epoch 1: 10 steps of 100 ms, then a 400 ms evaluation: 1.4 s per epoch, 4 epochs left.
    expect(runSecondsLeft({ ...base, elapsedMs: 1400, step: 10, epochsDone: 1, lastEpochEndMs: 1400 })).toBeCloseTo(5.6);
    // Halfway through epoch 2: 3.5 epochs left.
    expect(runSecondsLeft({ ...base, elapsedMs: 1900, step: 15, epochsDone: 1, lastEpochEndMs: 1400 })).toBeCloseTo(4.9);
  });
  it('adds the evaluations to come before the first epoch has ended', () => {
    // 5 steps of 100 ms (32 images a step): 45 steps left = 4.5 s, plus 5 evaluations of
    // 80 images at a third of 100/32 ms each: 5 * 80 * 1.04 ms = 0.42 s.
    const left = runSecondsLeft({ ...base, elapsedMs: 500, step: 5, epochsDone: 0, lastEpochEndMs: 0 });
    expect(left).toBeCloseTo(4.5 + (5 * 80 * (100 / 32)) / 3 / 1000, 5);
    expect(runSecondsLeft({ ...base, elapsedMs: 0, step: 0, epochsDone: 0, lastEpochEndMs: 0 })).toBeNaN();
  });
});
