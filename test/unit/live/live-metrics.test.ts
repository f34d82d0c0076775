/**
 * LiveMetrics fed real recorder snapshots by hand (no server, no HTTP): counters follow the
 * intervals and end exactly at the stage totals even when an interval never arrived; the
 * last-second gauges merge the workers and vanish with the stage; drills and resets show.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend, LatencyRecorder } from '../../../src/metrics/index.js';
import { LiveMetrics } from '../../../src/live/live-metrics.js';
import { ManualClock } from '../../../src/shared/clock.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

function recorder(clock: ManualClock): LatencyRecorder {
  return new LatencyRecorder({ phase: 'p', labels: ['GET', 'SET'], separateServiceTime: false, clock });
}

async function samples(metrics: LiveMetrics): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const family of parsePrometheusTextFormat(await metrics.text())) {
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      out.set(`${family.name}{${labels}}`, Number(m.value));
    }
  }
  return out;
}

describe('LiveMetrics', () => {
  it('counts intervals, merges workers for the last second, and ends at the totals', async () => {
    const metrics = new LiveMetrics();
    const clocks = [new ManualClock(0), new ManualClock(0)];
    const recorders = clocks.map(recorder);
    try {
      metrics.observer.onStageStart(0, 'pipeline=1', 'measure');
      // Worker 0: 100 GETs at 100 us; worker 1: 100 GETs at 300 us and 2 errors, in one second.
      for (let i = 0; i < 100; i++) recorders[0]!.record(0, 100, 100);
      for (let i = 0; i < 100; i++) recorders[1]!.record(0, 300, 300);
      recorders[1]!.recordError(1, 'ERR');
      recorders[1]!.recordError(1, 'ERR');
      for (const c of clocks) c.advance(1_000_000);
      metrics.observer.onInterval(0, 0, recorders[0]!.snapshotInterval());
      metrics.observer.onInterval(0, 1, recorders[1]!.snapshotInterval());
      metrics.observer.onTick({ inFlight: 7 });
      let s = await samples(metrics);
      expect(s.get('rbench_commands_total{phase=pipeline=1,command=GET}')).toBe(200);
      expect(s.get('rbench_errors_total{phase=pipeline=1,command=SET,kind=ERR}')).toBe(2);
      expect(s.get('rbench_throughput_ops_per_second{phase=pipeline=1,command=GET}')).toBeCloseTo(200, 6);
      // p50 from worker 0's values and p99 from worker 1's: both workers' histograms added.
      expect(s.get('rbench_latency_seconds{phase=pipeline=1,command=GET,quantile=0.5}')).toBeCloseTo(100e-6, 6);
      expect(s.get('rbench_latency_seconds{phase=pipeline=1,command=GET,quantile=0.99}')).toBeCloseTo(300e-6, 6);
      expect(s.get('rbench_in_flight{}')).toBe(7);
      expect(s.get('rbench_stage_running{phase=pipeline=1,kind=measure}')).toBe(1);

      // 50 more GETs whose interval never reaches the main thread: the totals bring them in.
      for (let i = 0; i < 50; i++) recorders[0]!.record(0, 100, 100);
      metrics.observer.onStageDone(0, recorders.map((r) => r.snapshotTotals()));
      s = await samples(metrics);
      expect(s.get('rbench_commands_total{phase=pipeline=1,command=GET}')).toBe(250);
      expect(s.get('rbench_stage_running{phase=pipeline=1,kind=measure}')).toBe(0);
      expect([...s.keys()].filter((k) => k.startsWith('rbench_throughput') || k.startsWith('rbench_latency'))).toEqual([]);
    } finally {
      for (const r of recorders) r.destroy();
    }
  });

  it('marks a drill, and a reset starts the next run from zero', async () => {
    const metrics = new LiveMetrics();
    metrics.drillPlannedAt('pause-master', 'pipeline=1', 1.5);
    metrics.drillFired('pause-master', 'pipeline=1', 1_700_000_000.25);
    let s = await samples(metrics);
    expect(s.get('rbench_drill_planned_seconds{action=pause-master,phase=pipeline=1}')).toBe(1.5);
    expect(s.get('rbench_drill_event_timestamp_seconds{action=pause-master,phase=pipeline=1}')).toBe(1_700_000_000.25);
    metrics.observer.onStageStart(0, 'pipeline=1', 'measure');
    metrics.reset();
    s = await samples(metrics);
    expect(s.get('rbench_stage_running{phase=pipeline=1,kind=measure}')).toBeUndefined();
  });
});
