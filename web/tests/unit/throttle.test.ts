import { describe, expect, it } from 'vitest';
import { Throttle, nextChunk, secondsLeft } from '../../src/engine/throttle';

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
