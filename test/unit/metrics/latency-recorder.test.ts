import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { createHistogram, decodeHistogram, initHistogramBackend, type HistogramBackend } from '../../../src/metrics/histogram-backend.js';
import { summariseEncoded } from '../../../src/metrics/histogram-summary.js';
import { LatencyRecorder } from '../../../src/metrics/latency-recorder.js';
import { decodeSnapshot, destroyDecoded, mergeSnapshots } from '../../../src/metrics/snapshot.js';
import { Rng } from '../../../src/workload/rng.js';

/** Latencies with a long tail: mostly 100-2000 us, some up to seconds. */
function latencies(seed: number, n: number): number[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => Math.floor(100 * Math.exp(r.next() * 3) * (r.next() < 0.01 ? 500 : 1)));
}

describe.each<HistogramBackend>(['wasm', 'js'])('LatencyRecorder (%s backend)', (prefer) => {
  beforeAll(async () => {
    expect(await initHistogramBackend(prefer)).toBe(prefer);
  });

  it('merged worker histograms equal one histogram fed every value', () => {
    const workers = [1, 2, 3, 4].map((w) => ({ rec: new LatencyRecorder({ phase: 'main', labels: ['GET', 'SET'], separateServiceTime: true }), values: latencies(w, 5000) }));
    const reference = createHistogram();
    for (const { rec, values } of workers) {
      for (const v of values) {
        rec.record(v % 2, v, Math.floor(v / 2));
        if (v % 2 === 0) reference.recordValue(v);
      }
    }
    const merged = mergeSnapshots(workers.map((w) => w.rec.snapshotTotals()));
    const get = merged.commands.find((c) => c.label === 'GET')!;
    const h = decodeHistogram(get.response!);
    expect(h.totalCount).toBe(reference.totalCount);
    expect(get.ops).toBe(reference.totalCount);
    for (const p of [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100]) {
      expect(h.getValueAtPercentile(p)).toBe(reference.getValueAtPercentile(p));
    }
    // The merged max is the top of max's bucket (3 significant digits), not the raw value.
    expect(Math.abs(h.maxValue - reference.maxValue) / reference.maxValue).toBeLessThan(0.001);
    expect(decodeHistogram(get.service!).totalCount).toBe(reference.totalCount);
    h.destroy();
    reference.destroy();
    for (const w of workers) w.rec.destroy();
  });

  it('records a 10 s stall as 10 s, and an hour-plus value without clamping', () => {
    const rec = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: false });
    rec.record(0, 10_000_000, 10_000_000);
    rec.record(0, 2 * 3_600_000_000, 0);
    const s = summariseEncoded(rec.snapshotInterval().commands[0]!.response!);
    expect(s.count).toBe(2);
    expect(s.min).toBeGreaterThanOrEqual(9_990_000);
    expect(s.min).toBeLessThanOrEqual(10_010_000);
    expect(s.max).toBeGreaterThanOrEqual(7_200_000_000);
    expect(s.max).toBeLessThan(7_210_000_000);
    rec.destroy();
  });

  it('keeps one histogram in closed loop and marks service time as shared', () => {
    const rec = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: false });
    rec.record(0, 500, 100);
    const snap = rec.snapshotTotals();
    expect(snap.commands[0]!.service).toBeNull();
    expect(snap.sendLag).toBeNull();
    expect(summariseEncoded(snap.commands[0]!.response!).p50).toBe(500);
    rec.destroy();
  });

  it('resets the interval after each snapshot while totals keep accumulating', () => {
    const clock = new ManualClock(1_000);
    const rec = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: true, clock });
    for (let i = 0; i < 10; i++) rec.record(0, 100, 50);
    rec.recordError(0, 'ERR');
    clock.advance(1_000_000);
    const first = rec.snapshotInterval();
    for (let i = 0; i < 3; i++) rec.record(0, 900, 800, true);
    rec.recordSendLag(250);
    rec.recordDropped(2);
    clock.advance(1_000_000);
    const second = rec.snapshotInterval();
    expect([first.seq, first.startUs, first.endUs]).toEqual([0, 1_000, 1_001_000]);
    expect([second.seq, second.startUs, second.endUs]).toEqual([1, 1_001_000, 2_001_000]);
    expect(first.commands[0]).toMatchObject({ ops: 10, nulls: 0, errors: { ERR: 1 } });
    expect(second.commands[0]).toMatchObject({ ops: 3, nulls: 3, errors: {} });
    expect(summariseEncoded(second.commands[0]!.response!)).toMatchObject({ count: 3, p50: 900 });
    expect(second.dropped).toBe(2);
    expect(summariseEncoded(second.sendLag!).p50).toBe(250);
    const empty = rec.snapshotInterval();
    expect(empty.commands[0]).toMatchObject({ ops: 0, response: null, service: null, errors: {} });
    const totals = rec.snapshotTotals();
    expect(totals.commands[0]).toMatchObject({ ops: 13, nulls: 3, errors: { ERR: 1 } });
    expect(totals.dropped).toBe(2);
    expect(summariseEncoded(totals.commands[0]!.response!)).toMatchObject({ count: 13, p50: 100, max: 900 });
    rec.destroy();
    expect(() => rec.snapshotTotals()).toThrow(/after destroy/);
  });

  it('merges errors by kind and counts across workers', () => {
    const a = new LatencyRecorder({ phase: 'p', labels: ['GET', 'SET'], separateServiceTime: false });
    const b = new LatencyRecorder({ phase: 'p', labels: ['GET', 'SET'], separateServiceTime: false });
    a.recordError(0, 'MOVED');
    a.recordError(0, 'MOVED');
    a.recordError(1, 'ERR');
    b.recordError(0, 'MOVED');
    b.recordError(0, 'timeout', 4000, 4000);
    b.record(1, 10, 10, true);
    const m = mergeSnapshots([a.snapshotTotals(), b.snapshotTotals()]);
    expect(m.commands).toEqual([
      // The timeout never completed: its wait is in the histogram, marked as a lower bound; error replies are not.
      { label: 'GET', ops: 0, nulls: 0, errors: { MOVED: 3, timeout: 1 }, abandoned: 0, lowerBounds: 1, response: expect.any(String), service: null },
      expect.objectContaining({ label: 'SET', ops: 1, nulls: 1, errors: { ERR: 1 }, lowerBounds: 0, service: null }),
    ]);
    expect(summariseEncoded(m.commands[0]!.response!).max).toBeGreaterThanOrEqual(3990);
    a.destroy();
    b.destroy();
  });

  it('round-trips a snapshot through structured clone and decode', () => {
    const rec = new LatencyRecorder({ phase: 'p', labels: ['GET'], separateServiceTime: true });
    for (const v of latencies(9, 1000)) rec.record(0, v, v - 50 > 0 ? v - 50 : 0);
    rec.recordError(0, 'ERR');
    const snap = structuredClone(rec.snapshotTotals());
    const decoded = decodeSnapshot(snap);
    const c = decoded.commands[0]!;
    expect(c.response!.totalCount).toBe(1000);
    expect(c.service!.totalCount).toBe(1000);
    expect(c.errors).toEqual({ ERR: 1 });
    expect(c.response!.getValueAtPercentile(99)).toBe(summariseEncoded(snap.commands[0]!.response!).p99);
    destroyDecoded(decoded);
    expect(c.response).toBeNull();
    rec.destroy();
  });
});
