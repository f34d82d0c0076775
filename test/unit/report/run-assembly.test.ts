/** assembleRunResult: the RunResult around a session's phases, with no secrets and the nodes that answered. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { buildPlan } from '../../../src/plan/index.js';
import { assembleRunResult, nodeNames } from '../../../src/report/run-assembly.js';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { samplePhase } from '../../helpers/sample-result.js';
import { scenario, SET_MIX } from '../../helpers/scenario.js';
import { resultJson } from '../../../src/report/json-writer.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

describe('assembleRunResult', () => {
  it('redacts the plan URL, compares the phases and passes the schema', () => {
    const plan = buildPlan(scenario(`name: a\ntarget: redis://u:hunter2@127.0.0.1:6390\n${SET_MIX}`), {});
    const phases = [
      samplePhase({ name: 'p1', seconds: 2, perSecond: 100, latencyUs: () => 100 }),
      samplePhase({ name: 'p16', seconds: 2, perSecond: 300, latencyUs: () => 50 }),
    ];
    const result = assembleRunResult({
      rbenchVersion: '9.9.9',
      target: { url: 'redis://u:***@127.0.0.1:6390', topology: 'standalone', serverVersion: '7.2.0', nodes: ['127.0.0.1:6390'], readFrom: 'master' },
      scenario: { name: 'a' },
      plan,
      startedAt: new Date('2026-01-01T00:00:00Z'),
      endedAt: new Date('2026-01-01T00:00:05Z'),
      interrupted: false,
      setupTotals: [],
      phases,
      failures: [],
      warnings: ['w'],
    });
    expect((result.plan as { target: string }).target).toBe('redis://u:***@127.0.0.1:6390');
    expect(plan.target).toContain('hunter2');
    expect(result.rbench.version).toBe('9.9.9');
    expect(result.target.nodes).toEqual(['127.0.0.1:6390']);
    expect(result.comparisons.map((c) => [c.baseline, c.other])).toEqual([['p1', 'p16']]);
    expect(result.setup).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(reportSchemaErrors(JSON.parse(resultJson(result)) as Record<string, unknown>)).toEqual([]);
  });

  it('reports the nodes that answered, sorted, else the named ones', () => {
    const phase = samplePhase({ name: 'p', seconds: 1, perSecond: 10, latencyUs: () => 100 });
    expect(nodeNames(['seed:1'], [phase])).toEqual(['seed:1']);
    const withNodes = { ...phase, nodes: { 'b:2': phase.totals, 'a:1': phase.totals } };
    expect(nodeNames(['seed:1'], [withNodes])).toEqual(['a:1', 'b:2']);
  });
});
