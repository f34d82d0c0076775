import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/client/backoff.js';

describe('Backoff', () => {
  it('doubles from 50 ms to a 2 s ceiling without jitter', () => {
    const b = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 9 }, () => b.next());
    expect(delays).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('jitters within ±jitter and never above the ceiling', () => {
    const lo = new Backoff({ jitter: 0.2, random: () => 0 });
    const hi = new Backoff({ jitter: 0.2, random: () => 0.999999 });
    expect(lo.next()).toBe(40);
    expect(hi.next()).toBe(60);
    for (let i = 0; i < 20; i++) expect(hi.next()).toBeLessThanOrEqual(2000);
  });

  it('reset() starts again from the initial delay', () => {
    const b = new Backoff({ jitter: 0, initialMs: 10, maxMs: 100 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(10);
  });
});
