import { describe, expect, test } from 'vitest';
import { analyseSweep } from '../../../src/capacity/capacity-analysis.js';
import { sloMisses } from '../../../src/capacity/slo-check.js';
import type { SweepPlan } from '../../../src/plan/index.js';
import { renderCapacityChart } from '../../../src/report/capacity-chart.js';
import type { CapacityStep } from '../../../src/report/capacity-result.js';
import { renderCapacity } from '../../../src/report/capacity-report.js';

const sweep: SweepPlan = { over: 'rate', values: [1000, 2000, 3000, 4000], stepDurationMs: 5000, warmupMs: 0, earlyStop: true, achievedBelow: 0.9, flatSteps: 2, minGain: 0.05 };
const slo = { latencyUs: { p99: 2000 }, errorRate: 0 };

function step(target: number, achieved: number, p99: number): CapacityStep {
  const figures = { targetRate: target, opsPerSec: achieved, latencyUs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3 }, errorRate: 0 };
  const misses = sloMisses(figures, slo, 0.9);
  return { name: `rate=${target}/s`, value: target, ...figures, meetsSlo: misses.length === 0, sloMisses: misses, saturated: null, partial: false };
}

const capacity = analyseSweep([step(1000, 1000, 300), step(2000, 2000, 500), step(3000, 2950, 1200), step(4000, 3000, 400_000)], sweep, slo, 'after rate=4000/s: saturated');

describe('capacity chart', () => {
  test('each step is drawn where its throughput and p99 put it; the SLO is a dashed line', () => {
    const lines = renderCapacityChart(capacity, 40, 10);
    const rows = lines.slice(1, 11);
    const rowOf = (mark: string) => rows.findIndex((l) => l.split('|')[1]?.includes(mark));
    // Highest p99 on the top row, lowest on the bottom row; the SLO (2ms) between 3 and 4.
    expect(rowOf('4')).toBe(0);
    expect(rowOf('1')).toBe(9);
    const sloRow = rows.findIndex((l) => l.includes('- - -'));
    expect(sloRow).toBeGreaterThan(rowOf('4'));
    expect(sloRow).toBeLessThanOrEqual(rowOf('3'));
    // Throughput left to right: step 1 left of step 2.
    const colOf = (mark: string) => rows[rowOf(mark)]!.split('|')[1]!.indexOf(mark);
    expect(colOf('1')).toBeLessThan(colOf('2'));
    expect(lines.at(-1)).toMatch(/3000 ops\/s$/);
  });

  test('fewer than two steps: no chart', () => {
    expect(renderCapacityChart({ ...capacity, steps: capacity.steps.slice(0, 1) })).toEqual([]);
  });
});

describe('capacity report', () => {
  test('a row per step with its verdict, the early stop, the knee and the sentence', () => {
    const text = renderCapacity(capacity);
    expect(text).toMatch(/capacity sweep over rate: 4 of 4 steps/);
    expect(text).toMatch(/stopped early: after rate=4000\/s: saturated/);
    expect(text).toMatch(/^ {2}3 +rate=3000\/s .* meets$/m);
    expect(text).toMatch(/^ {2}4 +rate=4000\/s .* misses: p99 400ms > 2ms, achieved 3000 of 4000\/s$/m);
    expect(text).toMatch(/max within SLO: 2950 ops\/s at step rate=3000\/s/);
    expect(text).toContain('=> sustains 2.95k ops/s at p99 <= 2ms and no errors with this mix; latency rises sharply above 2.95k ops/s');
  });
});
