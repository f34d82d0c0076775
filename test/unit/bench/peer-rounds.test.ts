/** bench:peers' rounds: the rotation of tool order, redis-benchmark's calibration size, a run's line. */
import { describe, expect, it } from 'vitest';
import { calibrationRequests, describeSample, rotation } from '../../../bench/peer-rounds.js';

describe('rotation', () => {
  it('starts each round with the next tool, so each goes first once in N rounds', () => {
    const tools = ['redis-benchmark', 'rbench', 'memtier', 'rbench@before'];
    const firsts = [0, 1, 2, 3].map((r) => rotation(tools, r)[0]);
    expect(firsts).toEqual(tools);
    expect(rotation(tools, 1)).toEqual(['rbench', 'memtier', 'rbench@before', 'redis-benchmark']);
    expect(rotation(tools, 4)).toEqual(tools);
  });
});

describe('calibrationRequests', () => {
  it('scales with the pipeline for small values and shrinks for large ones, never below 10k', () => {
    expect(calibrationRequests(16, 3)).toBe(320_000);
    expect(calibrationRequests(16, 4096)).toBe(80_000);
    expect(calibrationRequests(16, 65536)).toBe(10_000);
    expect(calibrationRequests(1, 3)).toBe(20_000);
  });
});

describe('describeSample', () => {
  it('shows misses, the server-side count over the tool\'s and redirects when known', () => {
    const line = describeSample({
      opsPerSec: 250_000, ops: 1_000_000, cpuS: 2, wallS: 4, latency: { p50Us: 120, p99Us: 900, p999Us: 2500, maxUs: 4000 },
      misses: 0, serverCommands: 1_020_000, redirectsPerSec: 12,
    });
    expect(line).toBe(' 250.0k ops/s  2.00 s CPU / 4.00 s wall  2.000 CPU s/M ops  p50 120us p99 900us p99.9 2.50ms max 4.00ms · 0 misses · server saw ×1.02 · 12 redirects/s (MOVED + ASK)');
  });
});
