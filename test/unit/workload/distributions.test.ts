import { describe, expect, it } from 'vitest';
import { createDistribution, type DistributionOptions } from '../../../src/workload/distributions.js';
import { Rng } from '../../../src/workload/rng.js';

function histogram(options: DistributionOptions, n: number, draws: number, seed = 1): Float64Array {
  const d = createDistribution(options, n, new Rng(seed));
  const counts = new Float64Array(n);
  for (let i = 0; i < draws; i++) {
    const k = d.next();
    if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new Error(`index ${k} outside [0, ${n})`);
    counts[k]!++;
  }
  return counts;
}

/** Exact zipf probability of rank 1, for comparison. */
function zipfTopShare(n: number, s: number): number {
  let h = 0;
  for (let k = 1; k <= n; k++) h += 1 / k ** s;
  return 1 / h;
}

describe('distributions', () => {
  it('uniform is flat', () => {
    const c = histogram({ kind: 'uniform' }, 10, 100_000);
    for (const x of c) expect(x / 100_000).toBeCloseTo(0.1, 1);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThan(1500);
  });

  it('sequential counts in order from its start and wraps', () => {
    const d = createDistribution({ kind: 'sequential', start: 3 }, 5, new Rng(1));
    expect(Array.from({ length: 8 }, () => d.next())).toEqual([3, 4, 0, 1, 2, 3, 4, 0]);
  });

  it.each([0.99, 1, 1.2, 0.5])('zipf(%s) gives the top key its theoretical share', (s) => {
    const n = 1000;
    const draws = 200_000;
    const c = histogram({ kind: 'zipf', exponent: s }, n, draws);
    const expected = zipfTopShare(n, s);
    expect(c[0]! / draws).toBeGreaterThan(expected * 0.95);
    expect(c[0]! / draws).toBeLessThan(expected * 1.05);
    // Rank 2 gets 1/2^s of rank 1.
    expect(c[1]! / c[0]!).toBeCloseTo(1 / 2 ** s, 1);
  });

  it('zipf handles a huge key space without a table', () => {
    const d = createDistribution({ kind: 'zipf', exponent: 0.99 }, 100_000_000, new Rng(3));
    let hot = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = d.next();
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(100_000_000);
      if (k < 10) hot++;
    }
    expect(hot).toBeGreaterThan(1000); // the ten hottest of 1e8 keys take a visible share
  });

  it('gaussian is centred, spread as configured and clamped into range', () => {
    const n = 10_000;
    const draws = 100_000;
    const c = histogram({ kind: 'gaussian', mean: 0.5, stddev: 0.1 }, n, draws);
    let mean = 0;
    c.forEach((x, i) => (mean += x * i));
    mean /= draws;
    expect(mean / n).toBeCloseTo(0.5, 2);
    let within = 0;
    for (let i = 4000; i < 6000; i++) within += c[i]!;
    expect(within / draws).toBeGreaterThan(0.66); // ±1 sd ≈ 68%
    expect(within / draws).toBeLessThan(0.7);
    const wide = histogram({ kind: 'gaussian', mean: 0.5, stddev: 2 }, 100, 10_000);
    expect(wide[0]! + wide[99]!).toBeGreaterThan(5000); // clamped mass piles up at the ends
  });

  it('hotspot gives the hot fraction its weight', () => {
    const n = 1000;
    const draws = 100_000;
    const c = histogram({ kind: 'hotspot', hotKeys: 0.1, hotTraffic: 0.9 }, n, draws);
    let hot = 0;
    for (let i = 0; i < 100; i++) hot += c[i]!;
    expect(hot / draws).toBeCloseTo(0.9, 2);
  });

  it('hotspot takes the scenario names hotKeys and hotTraffic, with no defaults of its own', () => {
    // Before the names were unified the workload read hotFraction/hotWeight and fell back to
    // 0.2/0.8 of its own, so these settings were ignored here and cold keys were drawn.
    const d = createDistribution({ kind: 'hotspot', hotKeys: 0.5, hotTraffic: 1 }, 1000, new Rng(5));
    for (let i = 0; i < 10_000; i++) expect(d.next()).toBeLessThan(500);
  });

  it('names the scenario field when a hotspot setting is out of range', () => {
    expect(() => createDistribution({ kind: 'hotspot', hotKeys: 0, hotTraffic: 0.5 }, 10, new Rng(1))).toThrow(/hotKeys must be in \(0, 1\], got 0/);
    expect(() => createDistribution({ kind: 'hotspot', hotKeys: 0.5, hotTraffic: 2 }, 10, new Rng(1))).toThrow(/hotTraffic must be in \[0, 1\], got 2/);
  });

  it('rejects an empty range', () => {
    expect(() => createDistribution({ kind: 'uniform' }, 0, new Rng(1))).toThrow(/n >= 1/);
  });
});
