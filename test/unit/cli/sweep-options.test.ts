/** Sweep, SLO and projection flags over the scenario's sections (src/cli/sweep-options.ts). */
import { describe, expect, test } from 'vitest';
import { resolveSloSpec, resolveSweepSpec, projectionFlags } from '../../../src/cli/sweep-options.js';
import { UsageError } from '../../../src/shared/errors.js';
import { scenario, SET_MIX } from '../../helpers/scenario.js';

const mix = SET_MIX;

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
