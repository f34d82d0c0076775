/** A sweep as plan phases (src/plan/sweep-plan.ts). */
import { describe, expect, test } from 'vitest';
import { applySweep, buildPlan, rangeValues, sloPlan, sweepPlan } from '../../../src/plan/index.js';
import { scenario, SET_MIX } from '../../helpers/scenario.js';

const mix = SET_MIX;

describe('sweep plan', () => {
  test('ranges: linear and geometric, both ends included', () => {
    expect(rangeValues(10, 50, 5, 'linear')).toEqual([10, 20, 30, 40, 50]);
    expect(rangeValues(1, 16, 5, 'geometric').map((v) => Math.round(v * 1000) / 1000)).toEqual([1, 2, 4, 8, 16]);
  });

  test('one phase per step, built from the first phase', () => {
    const s = scenario(`name: t\nconnections: 10\nwarmup: 1s\nsweep: { over: rate, from: 1k, to: 4k, steps: 4, stepDuration: 3s }\nslo: { p99: 5ms }\n${mix}`);
    const base = buildPlan(s, { cpuCount: 2 });
    const plan = applySweep(base, sweepPlan(s.sweep!, 1000), sloPlan(s.slo!));
    expect(plan.phases.map((p) => [p.name, p.rate, p.durationMs, p.requests, p.warmupMs, p.connections])).toEqual([
      ['rate=1000/s', 1000, 3000, null, 1000, 10],
      ['rate=2000/s', 2000, 3000, null, 1000, 10],
      ['rate=3000/s', 3000, 3000, null, 1000, 10],
      ['rate=4000/s', 4000, 3000, null, 1000, 10],
    ]);
    expect(plan.slo).toEqual({ latencyUs: { p99: 5000 }, errorRate: null });
  });

  test('rounding that merges two steps runs the value once', () => {
    expect(sweepPlan({ over: 'pipeline', range: { from: 1, to: 3, steps: 5, spacing: 'linear' }, earlyStop: true, achievedBelow: 0.9, flatSteps: 2 }, 0).values).toEqual([1, 2, 3]);
  });
});
