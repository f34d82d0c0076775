/** rbench merge's arithmetic: HDR addition, sums, wall-clock timelines, and the refusals. */
import * as hdr from 'hdr-histogram-js';
import { beforeAll, describe, expect, test } from 'vitest';
import { mergeRules } from '../../../src/cli/commands/merge.js';
import { initHistogramBackend } from '../../../src/metrics/index.js';
import { mergeReports, type SegmentReport } from '../../../src/report/merge-reports.js';
import type { PhaseResult, RunResult, Verdict } from '../../../src/report/run-result.js';
import { usageMessage as usage } from '../../helpers/usage-error.js';
import { reportSchemaErrors } from '../../helpers/report-schema.js';
import { samplePhase, sampleResult } from '../../helpers/sample-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

/** Segment `index` of `count`: its own latency spread, starting `lateMs` after the first. */
function segment(index: number, count: number, lateMs: number, runId = 'run-1'): SegmentReport {
  const phase: PhaseResult & Record<string, unknown> = {
    ...samplePhase({ name: 'pipeline=1', seconds: 3, perSecond: 200 + index * 100, latencyUs: (s, i) => 100 * (index + 1) + ((i * 37) % 500) + s * 10, rate: 1000, timelineHdr: true }),
    startedAt: new Date(T0 + lateMs).toISOString(),
  };
  phase.schedule = { ...phase.schedule!, scheduled: 1000 + index, unsent: index } as PhaseResult['schedule'];
  phase.rounds = [
    { opsPerSec: 100 + index, p50Us: 10, p99Us: 20 + index, errors: index },
    { opsPerSec: 200, p50Us: 11, p99Us: 30, errors: 0 },
  ];
  phase.verdicts = [{ kind: 'stall', atS: 1, durationS: 1, round: 0, message: 'of one segment only' }];
  const result = sampleResult([phase]);
  result.segment = { index, count, runId, clockOffsetMs: 0.1 * index };
  result.environment = { ...result.environment, hostname: `pod-${index}` };
  result.setup = [{ label: 'SET', ops: 100 + index, errors: index === 2 ? { ERR: 1 } : {} }];
  result.plan = { name: 'sample', phases: [{ name: 'pipeline=1', connections: 2, rate: 1000 / count, requests: null }], setup: [{ label: 'SET', count: 100 }], roles: { subscribers: null, consumers: [] } };
  result.warnings = index === 1 ? ['a connection was lost'] : [];
  return { source: `seg${index}.json`, result };
}

describe('mergeReports', () => {
  const segments = [segment(2, 3, 1000), segment(0, 3, 0), segment(1, 3, 40)];

  test('latency is the HDR sum (as hdr-histogram-js adds it), counts and errors the sums', () => {
    const merged = mergeReports(segments, mergeRules);
    const phase = merged.phases[0]!;
    const sum = hdr.build({ bitBucketSize: 64, autoResize: true });
    for (const s of segments) sum.add(hdr.decodeFromCompressedBase64(s.result.phases[0]!.totals.latencyUs.hdr, 64));
    expect(phase.totals.latencyUs.p99).toBe(sum.getValueAtPercentile(99));
    expect(phase.totals.latencyUs.count).toBe(sum.totalCount);
    expect(phase.totals.ops).toBe(segments.reduce((a, s) => a + s.result.phases[0]!.totals.ops, 0));
    expect(phase.commands.SET!.ops).toBe(segments.reduce((a, s) => a + s.result.phases[0]!.commands.SET!.ops, 0));
    expect(phase.connections).toBe(12);
    expect(phase.rate).toBe(3000);
    // The wall time runs from the first start to the last end: segment 2 began 1 s late.
    expect(phase.durationS).toBeCloseTo(4, 6);
    expect(phase.startedAt).toBe(new Date(T0).toISOString());
    expect(merged.setup).toEqual([{ label: 'SET', ops: 303, errors: { ERR: 1 } }]);
  });

  test('timelines are added on wall-clock seconds', () => {
    const phase = mergeReports(segments, mergeRules).phases[0]!;
    const rows = (i: number) => segments.find((s) => s.result.segment!.index === i)!.result.phases[0]!.timeline;
    expect(phase.timeline.map((r) => r.t)).toEqual([0, 1, 2, 3]);
    // Second 1: rows 1 of segments 0 and 1 (40 ms late rounds to 0) and row 0 of segment 2.
    expect(phase.timeline[1]!.ops).toBe(rows(0)[1]!.ops + rows(1)[1]!.ops + rows(2)[0]!.ops);
    expect(phase.timeline[3]!.ops).toBe(rows(2)[2]!.ops);
    const second1 = hdr.build({ bitBucketSize: 64, autoResize: true });
    for (const row of [rows(0)[1]!, rows(1)[1]!, rows(2)[0]!]) second1.add(hdr.decodeFromCompressedBase64(row.hdr!, 64));
    expect(phase.timeline[1]!.p99Us).toBe(second1.getValueAtPercentile(99));
    expect(phase.timeline[1]!.hdr).toBeUndefined();
  });

  test('schedule accounting adds up (fields it does not know too); rounds merge by index', () => {
    const phase = mergeReports(segments, mergeRules).phases[0]! as PhaseResult & Record<string, unknown>;
    const schedule = phase.schedule! as unknown as Record<string, number>;
    expect(schedule.targetRate).toBe(3000);
    expect(schedule.scheduled).toBe(3003);
    expect(schedule.unsent).toBe(3);
    const sent = segments.reduce((a, s) => a + s.result.phases[0]!.schedule!.achievedRate * s.result.phases[0]!.durationS, 0);
    expect(phase.schedule!.achievedRate).toBeCloseTo(sent / phase.durationS, 6);
    expect(phase.rounds).toEqual([
      { opsPerSec: 303, p50Us: 10, p99Us: 22, errors: 3 },
      { opsPerSec: 600, p50Us: 11, p99Us: 30, errors: 0 },
    ]);
    // A segment's own verdicts are not the run's: they are judged again on the merged phase.
    expect((phase.verdicts ?? []).map((v) => v.message)).not.toContain('of one segment only');
  });

  test('the merged report is an ordinary report: schema-valid, plan totals, environments kept', () => {
    const merged = mergeReports(segments, mergeRules);
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(merged)))).toEqual([]);
    expect(merged.segment).toBeUndefined();
    expect(merged.merged!.segments.map((s) => [s.index, s.environment.hostname])).toEqual([
      [0, 'pod-0'],
      [1, 'pod-1'],
      [2, 'pod-2'],
    ]);
    expect(merged.environment.hostname).toBe('pod-0, pod-1, pod-2');
    expect((merged.plan as { phases: { connections: number; rate: number }[] }).phases[0]).toMatchObject({ connections: 6, rate: 1000 });
    expect(merged.warnings).toContain('segment 1: a connection was lost');
  });

  test('verdicts are judged again on the merged phase when a judge is given', () => {
    const judge = (phase: PhaseResult): Verdict[] => [{ kind: 'errors', errorRate: 0, maxErrorRate: 0, kinds: {}, message: `seen ${phase.totals.ops}` }];
    const merged = mergeReports(segments, { ...mergeRules, verdicts: judge });
    expect(merged.phases[0]!.verdicts).toEqual(judge(merged.phases[0]!));
    // rbench merge's own judge: the one segment's stall is not the merged run's.
    expect(mergeReports(segments, mergeRules).phases[0]!.verdicts!.map((v) => v.kind)).not.toContain('stall');
  });

  test('refuses a missing segment, a doubled one, mixed run ids and plain reports (exit 2)', () => {
    expect(usage(() => mergeReports([segment(0, 3, 0), segment(2, 3, 0)], mergeRules))).toBe('run "run-1" has 3 segments; missing: segment 1');
    expect(usage(() => mergeReports([segment(0, 2, 0), segment(1, 2, 0), { ...segment(1, 2, 0), source: 'again.json' }], mergeRules))).toBe(
      'run "run-1": given more than once: segment 1 (seg1.json, again.json)',
    );
    expect(usage(() => mergeReports([segment(0, 2, 0), segment(1, 2, 0, 'run-2')], mergeRules))).toBe('seg1.json is from run "run-2", seg0.json from run "run-1"');
    expect(usage(() => mergeReports([segment(0, 2, 0), segment(1, 3, 0)], mergeRules))).toMatch(/seg1.json is segment 1 of 3, seg0.json of 2/);
    const plain: RunResult = sampleResult([]);
    expect(usage(() => mergeReports([{ source: 'plain.json', result: plain }], mergeRules))).toMatch(/plain.json: not a segment report/);
  });
});
