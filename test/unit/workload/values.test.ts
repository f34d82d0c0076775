import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/workload/rng.js';
import { readEmbeddedTimestamp, ValueGenerator } from '../../../src/workload/values.js';
import type { ArgSink } from '../../../src/workload/arg-sink.js';

/** Records which ArgSink method each value went through. */
function callRecorder(): { sink: ArgSink; calls: string[] } {
  const calls: string[] = [];
  const sink: ArgSink = {
    command: () => sink,
    arg: () => sink,
    argNumber: () => sink,
    argBuffer: () => (calls.push('argBuffer'), sink),
    argKey: () => (calls.push('argKey'), sink),
    argShared: () => (calls.push('argShared'), sink),
    raw: () => sink,
  };
  return { sink, calls };
}

describe('ValueGenerator', () => {
  it('keeps sizes inside a range and covers it', () => {
    const v = new ValueGenerator({ size: { kind: 'range', min: 32, max: 512 } }, new Rng(1));
    let lo = Infinity;
    let hi = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = v.nextValue().length;
      lo = Math.min(lo, n);
      hi = Math.max(hi, n);
    }
    expect(lo).toBe(32);
    expect(hi).toBe(512);
  });

  it('follows a weighted size list', () => {
    const v = new ValueGenerator(
      { size: { kind: 'weighted', choices: [ { bytes: 10, weight: 3 }, { bytes: 1000, weight: 1 } ] } },
      new Rng(2),
    );
    const counts = new Map<number, number>();
    for (let i = 0; i < 40_000; i++) {
      const n = v.nextValue().length;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([10, 1000]);
    expect(counts.get(10)! / 40_000).toBeCloseTo(0.75, 1);
  });

  it('returns reused views, not fresh allocations, for repeated sizes', () => {
    const v = new ValueGenerator({ size: { kind: 'fixed', bytes: 64 } }, new Rng(3));
    const seen = new Set<Buffer>();
    for (let i = 0; i < 1000; i++) seen.add(v.nextValue());
    expect(seen.size).toBeLessThanOrEqual(4);
  });

  it('embeds a send timestamp that reads back, padded to the data size', () => {
    let now = 1_704_067_200_123_456;
    const v = new ValueGenerator({ size: { kind: 'fixed', bytes: 100 }, timestamped: true }, new Rng(4), () => now);
    const first = Buffer.from(v.nextValue());
    expect(first).toHaveLength(100);
    expect(first.toString('latin1', 0, 19)).toBe('t=1704067200123456;');
    expect(readEmbeddedTimestamp(first)).toBe(now);
    now += 1_500.7;
    expect(readEmbeddedTimestamp(v.nextValue())).toBe(1_704_067_200_124_956);
    const tiny = new ValueGenerator({ size: { kind: 'fixed', bytes: 4 }, timestamped: true }, new Rng(4), () => now);
    expect(tiny.nextValue()).toHaveLength(19); // the header is never cut
  });

  it('reads no timestamp from other payloads', () => {
    expect(readEmbeddedTimestamp(Buffer.from('hello'))).toBe(-1);
    expect(readEmbeddedTimestamp(Buffer.from('t=12x;'))).toBe(-1);
    expect(readEmbeddedTimestamp(Buffer.from('t=;'))).toBe(-1);
    expect(readEmbeddedTimestamp(Buffer.from('t=123'))).toBe(-1);
  });

  it('hands pool values over as shared bytes and timestamped ones (a reused scratch) as copies', () => {
    const pool = callRecorder();
    new ValueGenerator({ size: { kind: 'fixed', bytes: 65536 } }, new Rng(5)).write(pool.sink);
    expect(pool.calls).toEqual(['argShared']);
    const stamped = callRecorder();
    new ValueGenerator({ size: { kind: 'fixed', bytes: 65536 }, timestamped: true }, new Rng(5)).write(stamped.sink);
    expect(stamped.calls).toEqual(['argBuffer']);
  });
});
