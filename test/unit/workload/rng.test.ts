import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../../src/workload/rng.js';

describe('Rng', () => {
  it('repeats the same stream for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('gives different streams for different seeds', () => {
    const a = new Rng(1);
    const b = new Rng(2);
    const same = Array.from({ length: 100 }, () => a.nextUint32() === b.nextUint32()).filter(Boolean).length;
    expect(same).toBeLessThan(3);
  });

  it('draws floats in [0, 1) and ints within bounds, covering both ends', () => {
    const r = new Rng(7);
    let sum = 0;
    let lo = 1;
    let hi = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const x = r.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
      seen.add(r.int(-3, 3));
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect([...seen].sort((p, q) => p - q)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });

  it('derives distinct seeds per worker and per connection, deterministically', () => {
    const seeds = new Set<number>();
    for (let w = 0; w < 16; w++) for (let c = 0; c < 16; c++) seeds.add(deriveSeed(123, w, c));
    expect(seeds.size).toBe(256);
    expect(deriveSeed(123, 3, 4)).toBe(deriveSeed(123, 3, 4));
    expect(deriveSeed(123, 3, 4)).not.toBe(deriveSeed(124, 3, 4));
  });
});
