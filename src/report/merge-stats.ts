/**
 * Adding up what several segments measured of the same thing: histograms by HDR addition (never
 * by averaging percentiles), counts by summing. Fields a later rbench adds to a summary (counts
 * such as `lowerBounds`) are summed too, so a merge keeps them without knowing each one.
 */
import { addEncoded, createHistogram, summarise, type LatencySummary } from '../metrics/index.js';
import type { OpStats } from './run-result.js';

const SUMMARY_FIELDS = new Set(['count', 'min', 'mean', 'p50', 'p90', 'p99', 'p999', 'max', 'hdr']);

/** The summary of the HDR sum of `summaries`. */
export function mergeLatency(summaries: readonly LatencySummary[]): LatencySummary {
  const h = createHistogram();
  try {
    for (const s of summaries) addEncoded(h, s.hdr);
    const merged = summarise(h) as LatencySummary & Record<string, unknown>;
    // Counts beside the histogram (lowerBounds, ...) add up like the histogram does.
    for (const s of summaries) {
      for (const [key, value] of Object.entries(s)) {
        if (SUMMARY_FIELDS.has(key) || typeof value !== 'number') continue;
        merged[key] = ((merged[key] as number | undefined) ?? 0) + value;
      }
    }
    return merged;
  } finally {
    h.destroy();
  }
}

/** Null when every summary is null, else the merge of those present. */
export function mergeOptionalLatency(summaries: readonly (LatencySummary | null | undefined)[]): LatencySummary | null {
  const present = summaries.filter((s): s is LatencySummary => s !== null && s !== undefined);
  return present.length === 0 ? null : mergeLatency(present);
}

/** Error counts by kind, summed. */
export function sumCounts(maps: readonly (Record<string, number> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const map of maps) for (const [kind, n] of Object.entries(map ?? {})) out[kind] = (out[kind] ?? 0) + n;
  return out;
}

/** One set of commands measured by several segments over `durationS` seconds of wall time. */
export function mergeOpStats(stats: readonly OpStats[], durationS: number): OpStats {
  const ops = stats.reduce((a, s) => a + s.ops, 0);
  const merged: OpStats & Record<string, unknown> = {
    ops,
    opsPerSec: durationS > 0 ? ops / durationS : 0,
    errors: sumCounts(stats.map((s) => s.errors)),
    nulls: stats.reduce((a, s) => a + s.nulls, 0),
    latencyUs: mergeLatency(stats.map((s) => s.latencyUs)),
    serviceTimeUs: mergeOptionalLatency(stats.map((s) => s.serviceTimeUs)),
  };
  // The server's own latency (INFO latencystats) is one server's view of everyone's commands:
  // each segment read the same figure, so it is kept once, not added.
  const withServer = stats as readonly (OpStats & Record<string, unknown>)[];
  const server = withServer.find((s) => s.serverLatencyUs != null) ?? withServer.find((s) => 'serverLatencyUs' in s);
  if (server !== undefined) {
    merged.serverLatencyUs = server.serverLatencyUs;
    if ('serverLatencyReason' in server) merged.serverLatencyReason = server.serverLatencyReason;
  }
  return merged;
}

/** Stats keyed by label (commands, nodes) merged label by label. */
export function mergeStatsByLabel(maps: readonly (Record<string, OpStats> | undefined)[], durationS: number): Record<string, OpStats> {
  const labels = [...new Set(maps.flatMap((m) => Object.keys(m ?? {})))];
  const out: Record<string, OpStats> = {};
  for (const label of labels) {
    out[label] = mergeOpStats(maps.flatMap((m) => (m?.[label] ? [m[label]] : [])), durationS);
  }
  return out;
}
