import { beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../../src/metrics/histogram-backend.js';
import { summariseEncoded } from '../../../src/metrics/histogram-summary.js';
import { LatencyRecorder } from '../../../src/metrics/latency-recorder.js';
import { NodeRecorder } from '../../../src/metrics/node-recorder.js';
import { mergeSnapshots } from '../../../src/metrics/snapshot.js';
import { buildPhaseResult } from '../../../src/report/phase-result.js';

beforeAll(async () => {
  await initHistogramBackend('wasm');
});

function workerTotals(values: [node: number, us: number, kind: string | null][]) {
  const names = ['127.0.0.1:7000', '127.0.0.1:7001'];
  const nodes = new NodeRecorder((n) => names[n]!);
  const recorder = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: false });
  for (const [node, us, kind] of values) {
    nodes.record(node, us, kind);
    if (kind === null) recorder.record(0, us, us);
    else recorder.recordError(0, kind);
  }
  recorder.count('cluster.moved', 2);
  const totals = { ...recorder.snapshotTotals(), nodes: nodes.snapshot() };
  recorder.destroy();
  nodes.destroy();
  return totals;
}

describe('per-node statistics', () => {
  it('merge across workers by address and reach the phase result with the redirect counters', () => {
    const a = workerTotals([[0, 100, null], [1, 300, null], [1, 0, 'REDIRECTLIMIT']]);
    const b = workerTotals([[0, 200, null], [0, 400, null]]);
    const merged = mergeSnapshots([a, b]);
    const byLabel = Object.fromEntries((merged.nodes ?? []).map((n) => [n.label, n]));
    expect(byLabel['127.0.0.1:7000']!.ops).toBe(3);
    expect(summariseEncoded(byLabel['127.0.0.1:7000']!.response!).max).toBeGreaterThanOrEqual(399);
    expect(byLabel['127.0.0.1:7001']!.errors).toEqual({ REDIRECTLIMIT: 1 });

    const phase = buildPhaseResult({ name: 'p', pipeline: 1, connections: 1, workers: 2, rate: null, rounds: [{ totals: [a, b], intervals: [[], []], reset: null }], partial: false, maxErrorRate: 0.01 });
    expect(Object.keys(phase.nodes ?? {})).toEqual(['127.0.0.1:7000', '127.0.0.1:7001']);
    expect(phase.nodes!['127.0.0.1:7001']!.ops).toBe(1);
    expect(phase.cluster).toEqual({ 'cluster.moved': 4 });
  });

  it('leaves standalone phases without nodes', () => {
    const recorder = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: false });
    recorder.record(0, 10, 10);
    const totals = recorder.snapshotTotals();
    recorder.destroy();
    const phase = buildPhaseResult({ name: 'p', pipeline: 1, connections: 1, workers: 1, rate: null, rounds: [{ totals: [totals], intervals: [[]], reset: null }], partial: false, maxErrorRate: 0.01 });
    expect(phase.nodes).toBeUndefined();
    expect(phase.cluster).toBeUndefined();
  });
});
