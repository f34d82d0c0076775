import { describe, expect, test } from 'vitest';
import { resolveSloSpec, resolveSweepSpec, projectionFlags } from '../../../src/cli/sweep-options.js';
import { applySweep, buildPlan, rangeValues, sloPlan, sweepPlan } from '../../../src/plan/index.js';
import { validateScenarioText, type Scenario } from '../../../src/scenario/index.js';
import { UsageError } from '../../../src/shared/errors.js';
import { buildWorkerJobs, phaseMixIndex } from '../../../src/worker/worker-job.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';

function scenario(text: string): Scenario {
  const result = validateScenarioText(text, 'inline.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
}

function problems(text: string): string[] {
  const result = validateScenarioText(text, 'inline.yml');
  return result.ok ? [] : result.issues.map((i) => `${i.line}:${i.path}: ${i.message}`);
}

const mix = 'mix:\n  - command: "SET {key} {value}"\n';

describe('sweep and slo sections', () => {
  test('values are parsed with the unit of the swept variable', () => {
    const s = scenario(`name: t\nsweep: { over: rate, values: ["5k/s", 10000, "20k"], stepDuration: 2s }\nslo: { p99: 2ms, errorRate: "0.1%" }\n${mix}`);
    expect(s.sweep).toMatchObject({ over: 'rate', values: [5000, 10000, 20000], stepDurationMs: 2000, earlyStop: true, achievedBelow: 0.9, flatSteps: 2 });
    expect(s.slo).toEqual({ p99: 2, errorRate: 0.001 });
    expect(scenario(`name: t\nsweep: { over: valueSize, values: [64, "1kb"] }\n${mix}`).sweep?.values).toEqual([64, 1024]);
  });

  test('bad sweeps are reported with their line and field', () => {
    expect(problems(`name: t\nsweep:\n  over: rate\n  values: ["fast"]\n${mix}`)).toEqual([
      expect.stringMatching(/^4:sweep\.values\[0\]: rate "fast" is not understood/),
    ]);
    expect(problems(`name: t\nsweep: { over: connections }\n${mix}`)[0]).toMatch(/needs `values` \(a list\) or a range/);
    expect(problems(`name: t\nsweep: { over: pipeline, values: [1], from: 1, to: 4 }\n${mix}`)[0]).toMatch(/either `values` or `from`/);
    expect(problems(`name: t\nsweep: { over: load, values: [1] }\n${mix}`)[0]).toMatch(/sweep\.over/);
    expect(problems(`name: t\nslo: {}\n${mix}`)[0]).toMatch(/at least one objective/);
    expect(problems(`name: t\nslo: { errorRate: 2 }\n${mix}`)[0]).toMatch(/slo\.errorRate/);
  });
});

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

  test('a value-size sweep gives each step its own compiled mix after the setup mixes', () => {
    const s = scenario(`name: t\nsetup:\n  - command: "SET {key} {value}"\nsweep: { over: valueSize, values: [16, "4kb"] }\n${mix}`);
    const plan = applySweep(buildPlan(s, { cpuCount: 2, workers: 1 }), sweepPlan(s.sweep!, 0));
    expect(plan.phases.map((p) => p.data)).toEqual([{ kind: 'fixed', bytes: 16 }, { kind: 'fixed', bytes: 4096 }]);
    expect([0, 1].map((p) => phaseMixIndex(plan, p))).toEqual([2, 3]);
    const target = parseTarget('redis://127.0.0.1:1') as StandaloneTarget;
    const stages = buildWorkerJobs(plan, target)[0]!.stages;
    // The mix writes, so every step starts from a reset: the setup runs again before each.
    expect(stages.map((st) => [st.kind, st.mix, st.resetBefore])).toEqual([['setup', 1, true], ['measure', 2, false], ['setup', 1, true], ['measure', 3, false]]);
    const kept = buildWorkerJobs({ ...plan, reset: 'none' }, target)[0]!.stages;
    expect(kept.map((st) => [st.kind, st.mix])).toEqual([['setup', 1], ['measure', 2], ['measure', 3]]);
  });
});

describe('sweep flags', () => {
  const s = scenario(`name: t\nsweep: { over: rate, values: [1000, 2000], stepDuration: 2s }\nslo: { p99: 2ms }\n${mix}`);

  test('flags replace the scenario section; the scenario fills the rest', () => {
    expect(resolveSweepSpec(s, {})).toMatchObject({ over: 'rate', values: [1000, 2000], stepDurationMs: 2000 });
    expect(resolveSweepSpec(s, { values: '5k,10k/s', 'step-duration': '1s', 'early-stop': false })).toMatchObject({
      values: [5000, 10000], stepDurationMs: 1000, earlyStop: false,
    });
    expect(resolveSweepSpec(s, { over: 'connections', from: '10', to: '80', steps: 4, spacing: 'geometric' })).toMatchObject({
      over: 'connections', range: { from: 10, to: 80, steps: 4, spacing: 'geometric' },
    });
    expect(resolveSloSpec(s, { 'slo-error-rate': '1%' })).toEqual({ p99: 2, errorRate: 0.01 });
  });

  test('bad flags are usage errors that name the flag', () => {
    const plain = scenario(`name: t\n${mix}`);
    expect(() => resolveSweepSpec(plain, {})).toThrow(UsageError);
    expect(() => resolveSweepSpec(s, { over: 'speed' })).toThrow(/--over must be one of rate, connections, pipeline, valueSize/);
    expect(() => resolveSweepSpec(s, { over: 'pipeline' })).toThrow(/--over pipeline needs its values/);
    expect(() => resolveSweepSpec(s, { values: '1k,oops' })).toThrow(/--values: rate "oops"/);
    expect(() => resolveSweepSpec(s, { from: '1k' })).toThrow(/both --from and --to/);
    expect(() => projectionFlags({ headroom: 2 })).toThrow(/need --plan-ops or --plan-keys/);
    expect(() => projectionFlags({ 'plan-ops': '1M/s', headroom: 0.5 })).toThrow(/--headroom/);
  });

  test('projection flags with units', () => {
    expect(projectionFlags({})).toBeNull();
    expect(projectionFlags({ 'plan-ops': '1M/s', 'plan-keys': '1e9', 'shard-memory': '25gb' })).toEqual({
      planOpsPerSec: 1e6, planKeys: 1e9, headroom: 1.5, shardMemoryBytes: 25 * 1024 ** 3,
    });
  });
});
