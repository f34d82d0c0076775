/** LATENCY HISTOGRAM replies as Redis 7.0 sends them: parsing, subtracting, merging, percentiles. */
import { describe, expect, it } from 'vitest';
import {
  addServerHistograms,
  fromCumulative,
  parseLatencyHistogram,
  subtractServerHistogram,
  summariseServerHistogram,
} from '../../../src/metrics/server-latency.js';
import { decodeValues } from '../resp/harness.js';

// Captured from redis-server 7.0.15 after SET, 5 GETs and one CONFIG GET:
// `LATENCY HISTOGRAM get config` over RESP2, then the same after HELLO 3.
const RESP2 = Buffer.from(
  '*4\r\n$3\r\nget\r\n*4\r\n$5\r\ncalls\r\n:5\r\n$14\r\nhistogram_usec\r\n*6\r\n:1\r\n:2\r\n:2\r\n:4\r\n:4\r\n:5\r\n' +
    '$10\r\nconfig|get\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*2\r\n:8\r\n:1\r\n',
);
const RESP3 = Buffer.from(
  '%2\r\n$3\r\nget\r\n%2\r\n$5\r\ncalls\r\n:5\r\n$14\r\nhistogram_usec\r\n%3\r\n:1\r\n:2\r\n:2\r\n:4\r\n:4\r\n:5\r\n' +
    '$10\r\nconfig|get\r\n%2\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n%1\r\n:8\r\n:1\r\n',
);

const decode = (bytes: Buffer) => decodeValues([bytes])[0]!;

describe('parseLatencyHistogram', () => {
  it('turns the cumulative counts of a RESP2 reply into per-bucket counts', () => {
    const h = parseLatencyHistogram(decode(RESP2));
    expect([...h.keys()]).toEqual(['get', 'config|get']);
    expect(h.get('get')!.calls).toBe(5);
    // ≤1 µs: 2, ≤2 µs: 4 (so 2 more), ≤4 µs: 5 (1 more).
    expect([...h.get('get')!.buckets]).toEqual([[1, 2], [2, 2], [4, 1]]);
    expect([...h.get('config|get')!.buckets]).toEqual([[8, 1]]);
  });

  it('reads the RESP3 map form the same way', () => {
    expect(parseLatencyHistogram(decode(RESP3))).toEqual(parseLatencyHistogram(decode(RESP2)));
  });

  it('gives nothing for an empty reply (a command never called is left out)', () => {
    expect(parseLatencyHistogram(decode(Buffer.from('*0\r\n'))).size).toBe(0);
  });
});

describe('before/after and nodes', () => {
  const before = fromCumulative(10, [[1, 6], [2, 9], [4, 10]]);
  const after = fromCumulative(110, [[1, 56], [2, 99], [4, 105], [16, 110]]);

  it('subtracts bucket by bucket: the phase alone', () => {
    const delta = subtractServerHistogram(after, before)!;
    expect(delta.calls).toBe(100);
    expect([...delta.buckets]).toEqual([[1, 50], [2, 40], [4, 5], [16, 5]]);
  });

  it('takes a command unseen before the phase as it is, and refuses a histogram that went down (a reset)', () => {
    expect(subtractServerHistogram(after, undefined)).toEqual(after);
    expect(subtractServerHistogram(before, after)).toBeNull();
    // Same total calls but a bucket lower: also a reset followed by new calls.
    const reshuffled = fromCumulative(10, [[1, 2], [2, 9], [4, 10]]);
    expect(subtractServerHistogram(reshuffled, before)).toBeNull();
  });

  it('adds nodes bucket by bucket', () => {
    const sum = addServerHistograms([before, after]);
    expect(sum.calls).toBe(120);
    expect(sum.buckets.get(1)).toBe(62);
    expect(sum.buckets.get(16)).toBe(5);
  });
});

describe('summariseServerHistogram', () => {
  it('gives bucket upper bounds as percentiles', () => {
    // 1000 commands: 900 ≤1 µs, 90 ≤2 µs, 9 ≤4 µs, 1 ≤131 µs.
    const h = fromCumulative(1000, [[1, 900], [2, 990], [4, 999], [131, 1000]]);
    expect(summariseServerHistogram(h)).toEqual({
      count: 1000,
      p50: 1,
      p90: 1,
      p99: 2,
      p999: 4,
      max: 131,
      buckets: { 1: 900, 2: 90, 4: 9, 131: 1 },
    });
  });

  it('moves to the next bucket as soon as a percentile needs one command more', () => {
    const h = fromCumulative(1000, [[1, 899], [2, 1000]]);
    expect(summariseServerHistogram(h).p90).toBe(2);
  });

  it('gives zeros for no commands', () => {
    expect(summariseServerHistogram(fromCumulative(0, []))).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, buckets: {} });
  });
});
