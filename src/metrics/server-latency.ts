/**
 * The server's own view of command latency: Redis 7 keeps one histogram per command (log2
 * buckets of 1, 2, 4, 8, 16, 33, 66 ... µs) and `LATENCY HISTOGRAM cmd ...` returns it as
 * cumulative counts since start (or the last CONFIG RESETSTAT). A phase's histogram is the
 * reading after it minus the reading before it; several nodes add bucket by bucket. Percentiles
 * can only be bucket upper bounds ("p99 ≤ 4 µs"), never interpolated inside a bucket.
 */
import { asString, RespMap, type RespValue } from '../resp/values.js';

/** One command's histogram: calls, and the count in each bucket (keyed by its upper bound in µs; not cumulative). */
export interface ServerHistogram {
  calls: number;
  buckets: Map<number, number>;
}

/** Histograms by command name as the server spells it, lower case ("get", "config|get"). */
export type ServerHistograms = Map<string, ServerHistogram>;

/** What a report shows of a server histogram; percentiles are bucket upper bounds in µs. */
export interface ServerLatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** Bucket upper bound in µs (as a string key) → commands in that bucket (not cumulative). */
  buckets: Record<string, number>;
}

/**
 * Parses a LATENCY HISTOGRAM reply: RESP2 nests flat [key, value, ...] lists, RESP3 nests maps.
 * `{get: {calls: 20, histogram_usec: {1: 15, 2: 18, 4: 20}}}`; the counts are cumulative and
 * buckets where nothing changed are left out.
 */
export function parseLatencyHistogram(reply: RespValue): ServerHistograms {
  const out: ServerHistograms = new Map();
  for (const [nameValue, body] of pairs(reply)) {
    const name = asString(nameValue)?.toLowerCase();
    if (name === undefined) continue;
    let calls = 0;
    let cumulative: [number, number][] = [];
    for (const [key, value] of pairs(body)) {
      const field = asString(key);
      if (field === 'calls') calls = Number(asString(value));
      else if (field === 'histogram_usec') cumulative = pairs(value).map(([bound, count]) => [Number(asString(bound)), Number(asString(count))]);
    }
    out.set(name, fromCumulative(calls, cumulative));
  }
  return out;
}

/** Turns (upper bound, cumulative count) pairs into per-bucket counts. */
export function fromCumulative(calls: number, cumulative: readonly [number, number][]): ServerHistogram {
  const buckets = new Map<number, number>();
  let previous = 0;
  for (const [bound, total] of [...cumulative].sort((a, b) => a[0] - b[0])) {
    if (!Number.isFinite(bound) || !Number.isFinite(total)) continue;
    if (total > previous) buckets.set(bound, (buckets.get(bound) ?? 0) + total - previous);
    previous = Math.max(previous, total);
  }
  return { calls: Number.isFinite(calls) ? calls : 0, buckets };
}

/**
 * `after` minus `before` for one command; null when some bucket went down, which only a reset of
 * the server's statistics (CONFIG RESETSTAT, a restart) during the phase can do.
 */
export function subtractServerHistogram(after: ServerHistogram, before: ServerHistogram | undefined): ServerHistogram | null {
  if (before === undefined) return copy(after);
  if (after.calls < before.calls) return null;
  const buckets = new Map<number, number>();
  for (const [bound, n] of before.buckets) if ((after.buckets.get(bound) ?? 0) < n) return null;
  for (const [bound, n] of after.buckets) {
    const delta = n - (before.buckets.get(bound) ?? 0);
    if (delta > 0) buckets.set(bound, delta);
  }
  return { calls: after.calls - before.calls, buckets };
}

/** The sum of several histograms (nodes of a cluster, rounds of a phase, commands of a total). */
export function addServerHistograms(histograms: readonly ServerHistogram[]): ServerHistogram {
  const buckets = new Map<number, number>();
  let calls = 0;
  for (const h of histograms) {
    calls += h.calls;
    for (const [bound, n] of h.buckets) buckets.set(bound, (buckets.get(bound) ?? 0) + n);
  }
  return { calls, buckets };
}

/** Count, percentiles (bucket upper bounds) and buckets of a histogram. */
export function summariseServerHistogram(h: ServerHistogram): ServerLatencySummary {
  const sorted = [...h.buckets].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  const at = (percentile: number): number => {
    if (count === 0) return 0;
    // The smallest bound with at least this share of the commands at or below it.
    const rank = Math.max(1, Math.ceil((percentile * count) / 100 - 1e-9)); // 99.9% of 1000 is 999, not 999.0000001
    let seen = 0;
    for (const [bound, n] of sorted) {
      seen += n;
      if (seen >= rank) return bound;
    }
    return sorted[sorted.length - 1]![0];
  };
  const buckets: Record<string, number> = {};
  for (const [bound, n] of sorted) buckets[String(bound)] = n;
  return { count, p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: count === 0 ? 0 : sorted[sorted.length - 1]![0], buckets };
}

function copy(h: ServerHistogram): ServerHistogram {
  return { calls: h.calls, buckets: new Map(h.buckets) };
}

/** Key/value pairs of a RESP3 map or a RESP2 flat list; nothing for anything else. */
function pairs(value: RespValue): [RespValue, RespValue][] {
  if (value instanceof RespMap) return value.entries;
  if (!Array.isArray(value)) return [];
  const out: [RespValue, RespValue][] = [];
  for (let i = 0; i + 1 < value.length; i += 2) out.push([value[i]!, value[i + 1]!]);
  return out;
}
