/**
 * Builds a phase's results from what the workers sent: their totals and their once-a-second
 * interval snapshots. Histograms are added exactly (HDR addition), never averaged.
 */
import type { Histogram } from 'hdr-histogram-js';
import {
  addEncoded,
  combineRoundsClientNoise,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeSnapshots,
  summarise,
  summariseEncoded,
  type ClientNoise,
  type EncodedStageSnapshot,
  type LatencySummary,
} from '../metrics/index.js';
import type { OpStats, PhaseResult, ScheduleStats, TimelineRow } from './run-result.js';
import { DELIVERY_LABEL, isRoleLabel, PROMISED_COUNTER } from '../shared/role-labels.js';

/** What the main thread knows of one phase when it ends. */
export interface PhaseInput {
  name: string;
  pipeline: number;
  connections: number;
  workers: number;
  rate: number | null;
  /** Each worker's totals (null where a worker failed). */
  totals: (EncodedStageSnapshot | null)[];
  /** Each worker's interval snapshots, in order. */
  intervals: EncodedStageSnapshot[][];
  partial: boolean;
  /** The main thread's own noise during the phase. */
  mainThread?: ClientNoise | null;
  /** Keep each timeline row's histogram (a segment's report, so `rbench merge` can add rows exactly). */
  timelineHdr?: boolean;
}

/** Merges one phase's worker snapshots into its PhaseResult. */
export function buildPhaseResult(input: PhaseInput): PhaseResult {
  const present = input.totals.filter((t): t is EncodedStageSnapshot => t !== null);
  const merged = present.length > 0 ? mergeSnapshots(present) : null;
  // Wall time of the phase: the longest worker span (workers start together at the barrier).
  const durationS = present.length > 0 ? Math.max(...present.map((t) => (t.endUs - t.startUs) / 1e6)) : 0;
  const commands: Record<string, OpStats> = {};
  const allResponse = createHistogram();
  const allService = createHistogram();
  let anyService = false;
  let ops = 0;
  let nulls = 0;
  const errors: Record<string, number> = {};
  try {
    for (const c of merged?.commands ?? []) {
      commands[c.label] = opStats(c.ops, c.nulls, c.errors, c.response, c.service, durationS);
      // Deliveries and queue waits are reported beside the commands, not added to them.
      if (isRoleLabel(c.label)) continue;
      ops += c.ops;
      nulls += c.nulls;
      for (const [kind, n] of Object.entries(c.errors)) errors[kind] = (errors[kind] ?? 0) + n;
      if (c.response) addEncoded(allResponse, c.response);
      if (c.service) {
        anyService = true;
        addEncoded(allService, c.service);
      } else if (c.response) addEncoded(allService, c.response);
    }
    const totals: OpStats = {
      ops,
      opsPerSec: rate(ops, durationS),
      errors,
      nulls,
      latencyUs: summarise(allResponse),
      serviceTimeUs: anyService ? summarise(allService) : null,
    };
    return {
      name: input.name,
      pipeline: input.pipeline,
      connections: input.connections,
      workers: input.workers,
      rate: input.rate,
      durationS,
      totals,
      commands,
      timeline: buildTimeline(input.intervals, input.timelineHdr === true),
      schedule: input.rate === null || merged === null ? null : schedule(input.rate, merged, ops, errors, durationS),
      pubsub: pubsubStats(merged, commands),
      partial: input.partial,
      ...clusterStats(merged, durationS),
      ...clientNoise([input.totals], input.mainThread ? [input.mainThread] : []),
    };
  } finally {
    allResponse.destroy();
    allService.destroy();
  }
}

/**
 * rbench's own event-loop delay, utilization and GC per worker and combined; absent when the
 * workers did not measure it. `rounds[r][w]`: worker w's totals in round r (null where it failed).
 */
function clientNoise(rounds: (EncodedStageSnapshot | null)[][], mainThread: ClientNoise[]): Pick<PhaseResult, 'client'> {
  const client = combineRoundsClientNoise(rounds.map((r) => r.map((t) => t?.client)), mainThread);
  return client === null ? {} : { client };
}

/** Per-node statistics and redirect counters, present only for cluster targets. */
function clusterStats(merged: EncodedStageSnapshot | null, durationS: number): Pick<PhaseResult, 'nodes' | 'cluster'> {
  if (merged?.nodes === undefined) return {};
  const nodes: Record<string, OpStats> = {};
  for (const n of [...merged.nodes].sort((a, b) => a.label.localeCompare(b.label))) {
    nodes[n.label] = opStats(n.ops, n.nulls, n.errors, n.response, null, durationS);
  }
  const cluster: Record<string, number> = {};
  for (const [name, n] of Object.entries(merged.counters ?? {})) if (name.startsWith('cluster.')) cluster[name] = n;
  return { nodes, cluster };
}

/** Lost messages: what PUBLISH replies promised minus what the subscribers received. */
function pubsubStats(merged: EncodedStageSnapshot | null, commands: Record<string, OpStats>): PhaseResult['pubsub'] {
  const promised = merged?.counters?.[PROMISED_COUNTER];
  if (promised === undefined) return null;
  const delivered = commands[DELIVERY_LABEL]?.ops ?? 0;
  return { promised, delivered, lost: Math.max(0, promised - delivered) };
}

function opStats(
  ops: number,
  nulls: number,
  errors: Record<string, number>,
  response: string | null,
  service: string | null,
  durationS: number,
): OpStats {
  return {
    ops,
    opsPerSec: rate(ops, durationS),
    errors,
    nulls,
    latencyUs: response ? summariseEncoded(response) : emptySummary(),
    serviceTimeUs: service ? summariseEncoded(service) : null,
  };
}

function schedule(
  targetRate: number,
  merged: EncodedStageSnapshot,
  ops: number,
  errors: Record<string, number>,
  durationS: number,
): ScheduleStats {
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  const lag = merged.sendLag ? decodeHistogram(merged.sendLag) : createHistogram();
  try {
    // Late: left more than 1 ms after its intended time.
    const late = Math.round(lag.totalCount * fractionAbove(lag, LATE_US));
    return {
      targetRate,
      achievedRate: rate(ops + failed, durationS),
      sendLagUs: summarise(lag),
      lateSends: late,
      dropped: merged.dropped,
    };
  } finally {
    lag.destroy();
  }
}

/** A send counts as late when it left more than this after its intended time. */
const LATE_US = 1000;

/** Share of recorded values above `value` (the HDR API has no direct call; bisect percentiles). */
function fractionAbove(h: Histogram, value: number): number {
  if (h.totalCount === 0 || h.maxValue <= value) return 0;
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (h.getValueAtPercentile(mid) <= value) lo = mid;
    else hi = mid;
  }
  return 1 - lo / 100;
}

/** One row per second: the workers' i-th intervals merged. */
function buildTimeline(intervals: EncodedStageSnapshot[][], withHdr: boolean): TimelineRow[] {
  const seconds = Math.max(0, ...intervals.map((list) => list.length));
  const rows: TimelineRow[] = [];
  for (let i = 0; i < seconds; i++) {
    const slice = intervals.map((list) => list[i]).filter((s): s is EncodedStageSnapshot => s !== undefined);
    const merged = mergeSnapshots(slice);
    const h = createHistogram();
    let ops = 0;
    let errors = 0;
    try {
      for (const c of merged.commands) {
        if (isRoleLabel(c.label)) continue;
        ops += c.ops;
        errors += Object.values(c.errors).reduce((a, b) => a + b, 0);
        if (c.response) addEncoded(h, c.response);
      }
      const spanS = Math.max(...slice.map((s) => (s.endUs - s.startUs) / 1e6), 1e-6);
      rows.push({
        t: i,
        ops,
        opsPerSec: rate(ops, Math.min(1, spanS) || 1),
        p50Us: h.totalCount ? h.getValueAtPercentile(50) : 0,
        p99Us: h.totalCount ? h.getValueAtPercentile(99) : 0,
        errors,
        ...(withHdr && { hdr: encodeHistogram(h) }),
      });
    } finally {
      h.destroy();
    }
  }
  return rows;
}


function rate(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

function emptySummary(): LatencySummary {
  const h = createHistogram();
  try {
    return summarise(h);
  } finally {
    h.destroy();
  }
}
