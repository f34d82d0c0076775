/**
 * Reading the peers' own output for bench:peers: throughput and latency percentiles as each tool
 * computes them (redis-benchmark's HDR summary and percentile distribution, memtier_benchmark's
 * ALL STATS table), so the tail is compared tool by tool without rbench re-measuring anyone.
 */

/** A run's latency as the tool reported it, in microseconds. */
export interface PeerLatency {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export interface PeerResult {
  opsPerSec: number;
  latency: PeerLatency;
  /** memtier --cluster-mode only: MOVED + ASK replies per second (0 once it knows the slot map). */
  redirectsPerSec?: number;
}

/**
 * Parses redis-benchmark's normal output (not --csv, which has no p99.9), run with `--precision 3`:
 * "throughput summary: N requests per second", the "latency summary (msec)" row (avg min p50 p95
 * p99 max) and, for p99.9, the first line of "Latency by percentile distribution" whose
 * cumulative count reaches 99.9% of the requests.
 */
export function parseRedisBenchmark(text: string): PeerResult {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  const throughput = /throughput summary:\s*([\d.]+)\s*requests per second/.exec(text);
  const opsPerSec = Number(throughput?.[1]);
  const header = lines.findIndex((l) => /^avg\s+min\s+p50\s+p95\s+p99\s+max$/.test(l));
  const values = header >= 0 ? (lines[header + 1] ?? '').split(/\s+/).map(Number) : [];
  if (!(opsPerSec > 0) || values.length !== 6 || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`no throughput or latency summary in redis-benchmark output:\n${text.slice(-800)}`);
  }
  const ms = (v: number) => Math.round(v * 1000);
  const [, , p50, , p99, max] = values as [number, number, number, number, number, number];
  return { opsPerSec, latency: { p50Us: ms(p50), p99Us: ms(p99), p999Us: ms(percentileFromDistribution(lines, 99.9) ?? max), maxUs: ms(max) } };
}

/** "99.902% <= 11.151 milliseconds (cumulative count 1999)" lines: the value where the count reaches `percentile`. */
function percentileFromDistribution(lines: string[], percentile: number): number | null {
  const start = lines.indexOf('Latency by percentile distribution:');
  if (start < 0) return null;
  const rows: { value: number; count: number }[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^[\d.]+% <= ([\d.]+) milliseconds \(cumulative count (\d+)\)$/.exec(line);
    if (!m) break;
    rows.push({ value: Number(m[1]), count: Number(m[2]) });
  }
  const total = rows[rows.length - 1]?.count ?? 0;
  if (total === 0) return null;
  const rank = Math.ceil((percentile * total) / 100 - 1e-9);
  return rows.find((r) => r.count >= rank)?.value ?? null;
}

/**
 * Parses memtier_benchmark's ALL STATS table, run with `--print-percentiles 50,99,99.9,100`: the
 * "Totals" row, its columns named by the header ("Ops/sec", "p50 Latency", ..., "p100 Latency" =
 * max), latencies in milliseconds.
 */
export function parseMemtier(text: string): PeerResult {
  const lines = text.split(/\r?\n/);
  const headerLine = lines.find((l) => /^\s*Type\s+Ops\/sec/.test(l));
  const totals = lines.find((l) => /^\s*Totals\s/.test(l));
  if (headerLine === undefined || totals === undefined) throw new Error(`no ALL STATS table in memtier_benchmark output:\n${text.slice(-800)}`);
  // Column names contain one space ("Avg. Latency", "p99.9 Latency"): split on two or more.
  const names = headerLine.trim().split(/\s{2,}/);
  const cells = totals.trim().split(/\s+/);
  const column = (name: string): number => {
    const i = names.indexOf(name);
    const v = i < 0 ? NaN : Number(cells[i]);
    if (!Number.isFinite(v)) throw new Error(`no "${name}" in memtier_benchmark's Totals row:\n${headerLine}\n${totals}`);
    return v;
  };
  const ms = (name: string) => Math.round(column(name) * 1000);
  // --cluster-mode adds MOVED/sec and ASK/sec columns.
  const clustered = names.includes('MOVED/sec') && names.includes('ASK/sec');
  return {
    opsPerSec: column('Ops/sec'),
    latency: { p50Us: ms('p50 Latency'), p99Us: ms('p99 Latency'), p999Us: ms('p99.9 Latency'), maxUs: ms('p100 Latency') },
    ...(clustered ? { redirectsPerSec: column('MOVED/sec') + column('ASK/sec') } : {}),
  };
}

/**
 * How many masters redis-benchmark says it ran against with --cluster ("cluster mode: yes (3
 * masters)"), or null when it did not run in cluster mode (an old version ignores the flag).
 */
export function redisBenchmarkClusterMasters(text: string): number | null {
  const m = /^\s*cluster mode: yes \((\d+) masters?\)\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}
