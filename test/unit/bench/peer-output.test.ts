/** bench:peers reads each peer's own figures: captured redis-benchmark 7.0 and memtier_benchmark output (standalone and cluster). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMemtier, parseRedisBenchmark, redisBenchmarkClusterMasters } from '../../../bench/peer-output.js';
import { REPO_ROOT } from '../../helpers/cli.js';

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/peers', name), 'utf8');

describe('parseRedisBenchmark (--precision 3, no --csv)', () => {
  it('takes ops/s, p50, p99 and max from the summary and p99.9 from the percentile distribution', () => {
    // 2000 GETs: p99.9 is the 1998th, first reached on the "99.902% <= 11.151" line (count 1999).
    expect(parseRedisBenchmark(fixture('redis-benchmark-get.txt'))).toEqual({
      opsPerSec: 7722.01,
      latency: { p50Us: 55, p99Us: 9855, p999Us: 11151, maxUs: 11159 },
    });
  });

  it('refuses output without a summary', () => {
    expect(() => parseRedisBenchmark('ERROR: connection refused')).toThrow(/no throughput or latency summary/);
  });
});

describe('parseMemtier (--print-percentiles 50,99,99.9,100)', () => {
  it("reads the Totals row by its column names; p100 is the max", () => {
    expect(parseMemtier(fixture('memtier-get.txt'))).toEqual({
      opsPerSec: 99960.02,
      latency: { p50Us: 47, p99Us: 135, p999Us: 199, maxUs: 215 },
    });
  });

  it('names the missing column when the percentiles were not asked for', () => {
    const without = fixture('memtier-get.txt').replace('p100 Latency', 'KB/sec   ');
    expect(() => parseMemtier(without)).toThrow(/no "p100 Latency"/);
  });
});

describe('redis-benchmark --cluster output', () => {
  it('parses like the standalone output behind the "Cluster has 3 master nodes" preamble', () => {
    // 3000 GETs: p99.9 is the 2997th, first reached on the "99.902% <= 4.703" line (count 2998).
    expect(parseRedisBenchmark(fixture('redis-benchmark-cluster-get.txt'))).toEqual({
      opsPerSec: 42857.14,
      latency: { p50Us: 527, p99Us: 3663, p999Us: 4703, maxUs: 4735 },
    });
  });

  it('says how many masters it ran against, and null without --cluster', () => {
    expect(redisBenchmarkClusterMasters(fixture('redis-benchmark-cluster-get.txt'))).toBe(3);
    expect(redisBenchmarkClusterMasters(fixture('redis-benchmark-get.txt'))).toBeNull();
  });
});

describe('memtier_benchmark --cluster-mode output', () => {
  it('reads the Totals row past the MOVED/sec and ASK/sec columns, and reports the redirects', () => {
    expect(parseMemtier(fixture('memtier-cluster-get.txt'))).toEqual({
      opsPerSec: 28589.62,
      latency: { p50Us: 4191, p99Us: 14463, p999Us: 64511, maxUs: 65023 },
      redirectsPerSec: 0,
    });
  });

  it('counts MOVED and ASK replies together', () => {
    const text = fixture('memtier-cluster-get.txt').replace(/^(Totals\s+28589\.62\s+28589\.62\s+0\.00\s+)0\.00(\s+)0\.00/m, '$1 12.50$2  3.25');
    expect(parseMemtier(text).redirectsPerSec).toBe(15.75);
  });
});
