/** bench:peers' sums: medians, ratios between tools, the per-round spread of after / before, misses. */
import { describe, expect, it } from 'vitest';
import { pairSpread, ratioOf, summarise, totalMisses, type Sample } from '../../../bench/peer-summary.js';

const sample = (opsPerSec: number, extra: Partial<Sample> = {}): Sample => ({
  opsPerSec, ops: opsPerSec * 5, cpuS: opsPerSec / 100_000, wallS: 5, latency: { p50Us: 100, p99Us: 500, p999Us: 1000, maxUs: 2000 }, ...extra,
});

describe('ratioOf and pairSpread', () => {
  const after = summarise('rbench', [sample(110_000), sample(90_000), sample(100_000)], null);
  const before = summarise('rbench@before', [sample(100_000), sample(100_000), sample(80_000)], null);

  it('divides the medians', () => {
    expect(ratioOf(after, before)).toEqual({ throughput: 1, cpuPerOp: 1, p999: 1, max: 1 });
    expect(ratioOf(after, undefined)).toBeNull();
  });

  it('pairs round i with round i: the lowest and highest ratio', () => {
    expect(pairSpread(after, before)).toEqual({ min: 0.9, max: 1.25 });
  });
});

describe('totalMisses', () => {
  it('sums the misses the server counted over the rounds, null when none were counted', () => {
    expect(totalMisses(summarise('memtier_benchmark', [sample(1, { misses: 3 }), sample(1, { misses: 0 })], null))).toBe(3);
    expect(totalMisses(summarise('memtier_benchmark', [sample(1)], null))).toBeNull();
  });
});
