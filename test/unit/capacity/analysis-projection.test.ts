import { describe, expect, test } from 'vitest';
import { analyseSweep, summarise } from '../../../src/capacity/capacity-analysis.js';
import { memoryResult } from '../../../src/capacity/memory-probe.js';
import { projectShards } from '../../../src/capacity/projection.js';
import type { SweepPlan } from '../../../src/plan/index.js';
import type { CapacityStep } from '../../../src/report/capacity-result.js';
import { sloMisses } from '../../../src/capacity/slo-check.js';

const sweep: SweepPlan = { over: 'rate', values: [], stepDurationMs: 5000, warmupMs: 0, earlyStop: true, achievedBelow: 0.9, flatSteps: 2, minGain: 0.05 };
const slo = { latencyUs: { p99: 2000 }, errorRate: 0 };

function step(target: number, achieved: number, p99: number): CapacityStep {
  const figures = { targetRate: target, opsPerSec: achieved, latencyUs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3 }, errorRate: 0 };
  const misses = sloMisses(figures, slo, 0.9);
  return { name: `rate=${target}/s`, value: target, ...figures, meetsSlo: misses.length === 0, sloMisses: misses, saturated: null, partial: false };
}

const steps = [step(20_000, 20_000, 300), step(60_000, 59_800, 450), step(100_000, 99_500, 900), step(120_000, 118_000, 1_900), step(140_000, 131_000, 2_600), step(160_000, 132_000, 300_000)];

describe('analyseSweep', () => {
  test('max within the SLO, the knee and the sentence', () => {
    const c = analyseSweep(steps, { ...sweep, values: steps.map((s) => s.value) }, slo, null);
    expect(c.maxWithinSlo).toMatchObject({ step: 'rate=120000/s', value: 120_000, opsPerSec: 118_000 });
    expect(c.knee).toMatchObject({ step: 'rate=140000/s', opsPerSec: 131_000 });
    expect(c.summary).toBe('sustains 118k ops/s at p99 <= 2ms and no errors with this mix; latency rises sharply above 131k ops/s');
  });

  test('says when no step meets the SLO, and when the sweep ended before a knee', () => {
    const tight = { latencyUs: { p99: 100 }, errorRate: null };
    const misses = steps.slice(0, 3).map((s) => ({ ...s, meetsSlo: false, sloMisses: sloMisses(s, tight, 0.9) }));
    const text = summarise(misses, sweep, tight, null, null);
    expect(text).toBe('no step meets p99 <= 100us with this mix (first step: p99 300us > 100us); latency did not rise sharply up to 99.5k ops/s');
  });

  test('a sweep whose last step still meets the SLO says "or more"', () => {
    const c = analyseSweep(steps.slice(0, 3), sweep, slo, null);
    expect(c.summary).toMatch(/^sustains 99.5k ops\/s or more/);
  });

  test('partial (interrupted) steps never count', () => {
    const c = analyseSweep([...steps.slice(0, 3), { ...step(120_000, 118_000, 1_000), partial: true, meetsSlo: false }], sweep, slo, null);
    expect(c.maxWithinSlo?.opsPerSec).toBe(99_500);
  });
});

describe('projectShards', () => {
  const capacity = analyseSweep(steps, sweep, slo, null);
  const memory = memoryResult(
    { usedMemory: 1_000_000, keys: 0, maxmemory: null },
    { usedMemory: 11_000_000, keys: 100_000, maxmemory: 4 * 1024 ** 3 },
    [],
    'after setup',
  );

  test('shards for throughput and memory, the larger wins', () => {
    const p = projectShards({ ...capacity, memory }, { planOpsPerSec: 1_000_000, planKeys: 1e9, headroom: 1.5, shardMemoryBytes: 25 * 1024 ** 3 });
    // 1M x 1.5 / 118k = 12.7 -> 13; 1e9 x 100 B x 1.5 / 25 GiB = 5.59 -> 6.
    expect(memory.bytesPerKeyFromInfo).toBe(100);
    expect(p).toMatchObject({ shardsForThroughput: 13, shardsForMemory: 6, shards: 13, shardOpsPerSec: 118_000, shardMemorySource: '--shard-memory' });
    expect(p.notes.join('\n')).toMatch(/1M ops\/s x 1.5 headroom \/ 118k ops\/s per shard = 13 shard/);
    expect(p.notes.join('\n')).toMatch(/assumes:/);
  });

  test("falls back to the server's maxmemory, and says what is missing", () => {
    const p = projectShards({ ...capacity, memory }, { planOpsPerSec: null, planKeys: 1e9, headroom: 1, shardMemoryBytes: null });
    expect(p).toMatchObject({ shardsForMemory: Math.ceil((1e9 * 100) / (4 * 1024 ** 3)), shardsForThroughput: null, shardMemorySource: "the server's maxmemory" });
    const none = projectShards({ ...capacity, memory: { ...memory, maxmemory: null } }, { planOpsPerSec: null, planKeys: 1e9, headroom: 1, shardMemoryBytes: null });
    expect(none.shards).toBeNull();
    expect(none.notes[0]).toMatch(/give --shard-memory/);
  });

  test('without an SLO the knee is the per-shard figure', () => {
    const noSlo = analyseSweep(steps.map((s) => ({ ...s, meetsSlo: null })), sweep, null, null);
    const p = projectShards({ ...noSlo, memory: null }, { planOpsPerSec: 262_000, planKeys: null, headroom: 1, shardMemoryBytes: null });
    expect(p.shardOpsPerSec).toBe(131_000);
    expect(p.shards).toBe(2);
  });
});

describe('memoryResult', () => {
  test('weights keyspaces by the keys they hold', () => {
    const sample = (keyspace: string, bytesPerKey: number, found: number) => ({
      keyspace, sampled: 100, found, bytesPerKey, types: {}, elementsPerKey: null, bytesPerElement: null, elementName: null,
    });
    const m = memoryResult({ usedMemory: 0, keys: 0, maxmemory: null }, { usedMemory: 0, keys: 0, maxmemory: null },
      [sample('main', 600, 100), sample('cache', 100, 50)], 'after setup', { main: 1000, cache: 2000 });
    // main holds 1000 keys, cache about 1000 (half its names were found): the mean is 350.
    expect(m.bytesPerKey).toBeCloseTo(350);
    expect(m.bytesPerKeyFromInfo).toBeNull();
  });
});
