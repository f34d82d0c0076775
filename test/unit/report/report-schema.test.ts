/** schema/report.schema.json agrees with the RunResult that buildPhaseResult really produces. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { resultJson } from '../../../src/report/json-writer.js';
import { comparePhases } from '../../../src/report/phase-comparison.js';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

function sample(): Record<string, unknown> {
  const phases = [
    samplePhase({ name: 'p1', seconds: 3, perSecond: 100, latencyUs: (_s, i) => 100 + i }),
    samplePhase({ name: 'p16', seconds: 3, perSecond: 300, latencyUs: (_s, i) => 50 + i }),
  ];
  const result = sampleResult(phases);
  result.comparisons = comparePhases(phases);
  return JSON.parse(resultJson(result)) as Record<string, unknown>;
}

describe('the report JSON Schema', () => {
  it('accepts a RunResult built by the real phase code', () => {
    expect(reportSchemaErrors(sample())).toEqual([]);
  });

  it('rejects a missing field, a wrong type and a wrong version', () => {
    const missing = sample();
    delete missing.phases;
    expect(reportSchemaErrors(missing).join('\n')).toMatch(/must have required property 'phases'/);
    const wrongType = sample() as { phases: { totals: { latencyUs: { p99: unknown } } }[] };
    wrongType.phases[0]!.totals.latencyUs.p99 = 'slow';
    expect(reportSchemaErrors(wrongType).join('\n')).toMatch(/\/phases\/0\/totals\/latencyUs\/p99 must be number/);
    expect(reportSchemaErrors({ ...sample(), schemaVersion: 2 }).join('\n')).toMatch(/schemaVersion must be equal to constant/);
  });

  it('lets unknown later additions in at the top level and in phases, but not in latency summaries', () => {
    const extended = sample() as { futureSection?: unknown; phases: Record<string, unknown>[] };
    extended.futureSection = { kind: 'something new' };
    extended.phases[0]!.futureField = 1;
    expect(reportSchemaErrors(extended)).toEqual([]);
    const typo = sample() as { phases: { totals: { latencyUs: Record<string, unknown> } }[] };
    typo.phases[0]!.totals.latencyUs.p95 = 1;
    expect(reportSchemaErrors(typo).join('\n')).toMatch(/must NOT have additional properties/);
  });

  it('checks server-side latency: a bucket histogram or null with a reason', () => {
    const withServer = sample() as { phases: { totals: Record<string, unknown>; commands: Record<string, Record<string, unknown>> }[] };
    withServer.phases[0]!.totals.serverLatencyUs = { count: 3, p50: 1, p90: 2, p99: 2, p999: 2, max: 2, buckets: { 1: 2, 2: 1 } };
    withServer.phases[0]!.commands.GET!.serverLatencyUs = null;
    withServer.phases[0]!.commands.GET!.serverLatencyReason = 'the server has no LATENCY command';
    expect(reportSchemaErrors(withServer)).toEqual([]);
    const badBucket = structuredClone(withServer);
    badBucket.phases[0]!.totals.serverLatencyUs = { count: 3, p50: 1, p90: 2, p99: 2, p999: 2, max: 2, buckets: { '≤1': 2 } };
    expect(reportSchemaErrors(badBucket).join('\n')).toMatch(/serverLatencyUs/);
    const missing = structuredClone(withServer);
    missing.phases[0]!.totals.serverLatencyUs = { count: 3, p50: 1 };
    expect(reportSchemaErrors(missing).join('\n')).toMatch(/serverLatencyUs/);
  });

  it('checks the shapes of the per-node, drill and capacity sections', () => {
    const badNodes = sample() as { phases: Record<string, unknown>[] };
    badNodes.phases[0]!.nodes = { '127.0.0.1:7000': { ops: 1 } };
    expect(reportSchemaErrors(badNodes).join('\n')).toMatch(/nodes/);
    const badDrill = sample() as { drill?: unknown };
    badDrill.drill = { action: 'failover' };
    expect(reportSchemaErrors(badDrill).join('\n')).toMatch(/drill/);
    const badCapacity = sample() as { capacity?: unknown };
    badCapacity.capacity = { over: 'rate', steps: [] };
    expect(reportSchemaErrors(badCapacity).join('\n')).toMatch(/capacity/);
  });
});
