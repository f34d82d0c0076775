/**
 * Builds RunResults without a server: a LatencyRecorder on a ManualClock fed chosen latencies,
 * merged by the real buildPhaseResult, so report tests exercise the same code as a run.
 */
import { LatencyRecorder } from '../../src/metrics/index.js';
import { buildPhaseResult } from '../../src/report/phase-result.js';
import { SCHEMA_VERSION, type PhaseResult, type RunResult } from '../../src/report/run-result.js';
import { ManualClock } from '../../src/shared/clock.js';

export interface SamplePhase {
  name: string;
  /** Per second: how many commands of each label, and the latency (us) of the i-th one. */
  seconds: number;
  perSecond: number;
  latencyUs: (second: number, i: number) => number;
  labels?: string[];
  rate?: number | null;
  /** Keep each timeline row's histogram, as a segment's report does. */
  timelineHdr?: boolean;
}

/** One phase recorded second by second by one simulated worker. */
export function samplePhase(spec: SamplePhase): PhaseResult {
  const clock = new ManualClock(1_000_000);
  const labels = spec.labels ?? ['SET', 'GET'];
  const rec = new LatencyRecorder({ phase: spec.name, labels, separateServiceTime: false, clock });
  const intervals = [];
  try {
    for (let s = 0; s < spec.seconds; s++) {
      for (let i = 0; i < spec.perSecond; i++) rec.record(i % labels.length, spec.latencyUs(s, i), spec.latencyUs(s, i));
      clock.advance(1_000_000);
      intervals.push(rec.snapshotInterval());
    }
    return buildPhaseResult({
      name: spec.name,
      pipeline: 1,
      connections: 4,
      workers: 1,
      rate: spec.rate ?? null,
      rounds: [{ totals: [rec.snapshotTotals()], intervals: [intervals], reset: null }],
      partial: false,
      maxErrorRate: 0.01,
      timelineHdr: spec.timelineHdr === true,
    });
  } finally {
    rec.destroy();
  }
}

/** A whole RunResult around some phases. */
export function sampleResult(phases: PhaseResult[]): RunResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    rbench: { version: '0.0.0-test' },
    environment: { node: 'v20', os: 'linux', cpus: 2, hostname: 'test' },
    target: { url: 'redis://127.0.0.1:6390', topology: 'standalone', serverVersion: '7.0.0', nodes: ['127.0.0.1:6390'] },
    scenario: { name: 'sample' },
    plan: { name: 'sample' },
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:10.000Z',
    interrupted: false,
    setup: [],
    phases,
    comparisons: [],
    failures: [],
    warnings: [],
  };
}
