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
import { isTransportKind } from '../shared/transport-kinds.js';
import type { CommandSnapshot } from '../metrics/stage-snapshot.js';
import type { OpStats, PhaseResult, RoundStats, ScheduleStats, Stall, TimelineRow } from './run-result.js';
import { median, phaseVerdicts } from './verdicts.js';
import { DELIVERY_LABEL, isRoleLabel, PROMISED_COUNTER } from '../shared/role-labels.js';

/** One round of a phase: what each worker sent at its end and once a second. */
export interface RoundInput {
  /** Each worker's totals (null where a worker failed). */
  totals: (EncodedStageSnapshot | null)[];
  /** Each worker's interval snapshots, in order. */
  intervals: EncodedStageSnapshot[][];
  /** Keys deleted and time spent before the round (reset: setup), or null. */
  reset: { keysDeleted: number; durationMs: number } | null;
  /** The main thread's own noise during the round. */
  mainThread?: ClientNoise | null;
}

/** What the main thread knows of one phase when it ends. */
export interface PhaseInput {
  name: string;
  pipeline: number;
  connections: number;
  workers: number;
  rate: number | null;
  /** The rounds that ran, in order (one unless the plan asks for more). */
  rounds: RoundInput[];
  partial: boolean;
  /** The errors verdict's limit (plan.maxErrorRate). */
  maxErrorRate: number;
  /** The main thread's own noise during the phase. */
  mainThread?: ClientNoise | null;
  /** Keep each timeline row's histogram (a segment's report, so `rbench merge` can add rows exactly). */
  timelineHdr?: boolean;
}

/** Merges one phase's worker snapshots (all its rounds) into its PhaseResult, verdicts included. */
export function buildPhaseResult(input: PhaseInput): PhaseResult {
  const rounds = input.rounds.map((r) => ({ ...r, present: r.totals.filter((t): t is EncodedStageSnapshot => t !== null) }));
  const present = rounds.flatMap((r) => r.present);
  const merged = present.length > 0 ? mergeSnapshots(present) : null;
  // Wall time of a round: the longest worker span (workers start together at the barrier).
  const roundDurations = rounds.map((r) => (r.present.length > 0 ? Math.max(...r.present.map((t) => (t.endUs - t.startUs) / 1e6)) : 0));
  const durationS = roundDurations.reduce((a, b) => a + b, 0);
  const commands: Record<string, OpStats> = {};
  for (const c of merged?.commands ?? []) commands[c.label] = opStats(c, durationS);
  const whole = merged === null ? null : phaseTotals(merged, durationS);
  const roundStats = rounds.map((r, i) => roundFigures(r.present, roundDurations[i]!));
  const totals: OpStats = whole ?? opStats(null, durationS);
  // With several rounds the phase's rate is their median: one slow round does not drag it.
  if (roundStats.length > 1) totals.opsPerSec = median(roundStats.map((r) => r.opsPerSec));
  const resets = rounds.map((r) => r.reset).filter((r) => r !== null);
  const phase: PhaseResult = {
    name: input.name,
    pipeline: input.pipeline,
    connections: input.connections,
    workers: input.workers,
    rate: input.rate,
    durationS,
    totals,
    commands,
    timeline: roundTimelines(rounds.map((r) => r.intervals), input.timelineHdr === true),
    schedule: input.rate === null || merged === null ? null : schedule(input.rate, merged, totals, durationS),
    pubsub: pubsubStats(merged, commands),
    partial: input.partial,
    ...clusterStats(merged, durationS),
    rounds: roundStats,
    reset: resets.length === 0 ? null : { keysDeleted: sum(resets.map((r) => r.keysDeleted)), durationMs: sum(resets.map((r) => r.durationMs)) },
    stalls: stallsOf(rounds.map((r) => r.present)),
    ...clientNoise(
      rounds.map((r) => r.totals),
      rounds.flatMap((r) => (r.mainThread ? [r.mainThread] : [])).concat(input.mainThread ? [input.mainThread] : []),
    ),
  };
  const startMs = firstStartEpochMs(present);
  if (startMs !== null) phase.startedAt = new Date(startMs).toISOString();
  phase.verdicts = phaseVerdicts(phase, { maxErrorRate: input.maxErrorRate });
  return phase;
}

/**
 * The phase total over the mix's commands: their response times plus the waits of the commands
 * never sent (open model), so a server that stopped answering shows in the percentiles.
 */
function phaseTotals(merged: EncodedStageSnapshot, durationS: number): OpStats {
  const allResponse = createHistogram();
  const allService = createHistogram();
  let anyService = false;
  let ops = 0;
  let nulls = 0;
  let abandoned = 0;
  let lowerBounds = 0;
  const errors: Record<string, number> = {};
  try {
    for (const c of merged.commands) {
      // Deliveries and queue waits are reported beside the commands, not added to them.
      if (isRoleLabel(c.label)) continue;
      ops += c.ops;
      nulls += c.nulls;
      abandoned += c.abandoned ?? 0;
      lowerBounds += c.lowerBounds ?? 0;
      for (const [kind, n] of Object.entries(c.errors)) errors[kind] = (errors[kind] ?? 0) + n;
      if (c.response) addEncoded(allResponse, c.response);
      if (c.service) {
        anyService = true;
        addEncoded(allService, c.service);
      } else if (c.response) addEncoded(allService, c.response);
    }
    if (merged.neverSent) {
      addEncoded(allResponse, merged.neverSent);
      lowerBounds += (merged.dropped ?? 0) + (merged.unsent ?? 0);
    }
    return {
      ops,
      opsPerSec: rate(ops, durationS),
      errors,
      nulls,
      abandoned,
      latencyUs: { ...summarise(allResponse), lowerBounds },
      serviceTimeUs: anyService ? summarise(allService) : null,
    };
  } finally {
    allResponse.destroy();
    allService.destroy();
  }
}

/** One round's headline figures (mix commands only). */
function roundFigures(present: EncodedStageSnapshot[], durationS: number): RoundStats {
  if (present.length === 0) return { opsPerSec: 0, p50Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, maxUs: 0, errors: 0, attempted: 0 };
  const merged = mergeSnapshots(present);
  const t = phaseTotals(merged, durationS);
  const errors = sum(Object.values(t.errors)) + (t.abandoned ?? 0) + (merged.dropped ?? 0) + (merged.unsent ?? 0);
  const l = t.latencyUs;
  return { opsPerSec: t.opsPerSec, p50Us: l.p50, p90Us: l.p90, p99Us: l.p99, p999Us: l.p999, maxUs: l.max, errors, attempted: t.ops + errors };
}

/**
 * The stretches in which no worker with connections got a reply: each worker's gaps, intersected
 * over the workers (a gap on one worker only is that worker's own pause), longest first.
 */
function stallsOf(rounds: EncodedStageSnapshot[][]): Stall[] {
  const stalls: Stall[] = [];
  rounds.forEach((present, round) => {
    const active = present.map((t) => t.accounting).filter((a) => a !== undefined && a.connections > 0);
    if (active.length === 0) return;
    const startMs = Math.min(...active.map((a) => a!.startEpochMs));
    let common: [number, number][] = sortedGaps(active[0]!.gaps);
    for (const a of active.slice(1)) common = intersect(common, sortedGaps(a!.gaps));
    for (const [from, to] of common) stalls.push({ atS: (from - startMs) / 1000, durationS: (to - from) / 1000, round });
  });
  return stalls.sort((a, b) => b.durationS - a.durationS).slice(0, MAX_STALLS);
}

const MAX_STALLS = 16;

function sortedGaps(gaps: [number, number][]): [number, number][] {
  return [...gaps].sort((a, b) => a[0] - b[0]);
}

/** The intersection of two sorted lists of intervals. */
function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i]![0], b[j]![0]);
    const to = Math.min(a[i]![1], b[j]![1]);
    if (to > from) out.push([from, to]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

function firstStartEpochMs(present: EncodedStageSnapshot[]): number | null {
  const starts = present.map((t) => t.accounting?.startEpochMs).filter((x): x is number => x !== undefined);
  return starts.length > 0 ? Math.min(...starts) : null;
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
    nodes[n.label] = opStats({ ...n, service: null }, durationS);
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

function opStats(c: CommandSnapshot | null, durationS: number): OpStats {
  const stats: OpStats = {
    ops: c?.ops ?? 0,
    opsPerSec: rate(c?.ops ?? 0, durationS),
    errors: c?.errors ?? {},
    nulls: c?.nulls ?? 0,
    latencyUs: c?.response ? { ...summariseEncoded(c.response), lowerBounds: c.lowerBounds ?? 0 } : emptySummary(),
    serviceTimeUs: c?.service ? summariseEncoded(c.service) : null,
  };
  if ((c?.abandoned ?? 0) > 0) stats.abandoned = c!.abandoned!;
  return stats;
}

function schedule(targetRate: number, merged: EncodedStageSnapshot, totals: OpStats, durationS: number): ScheduleStats {
  let errorReplies = 0;
  let transportFailures = 0;
  for (const [kind, n] of Object.entries(totals.errors)) {
    if (isTransportKind(kind)) transportFailures += n;
    else errorReplies += n;
  }
  const unsent = merged.unsent ?? 0;
  const abandoned = totals.abandoned ?? 0;
  const lag = merged.sendLag ? decodeHistogram(merged.sendLag) : createHistogram();
  try {
    // Late: left more than 1 ms after its intended time.
    const late = Math.round(lag.totalCount * fractionAbove(lag, LATE_US));
    return {
      targetRate,
      achievedRate: rate(totals.ops + errorReplies + transportFailures, durationS),
      sendLagUs: summarise(lag),
      lateSends: late,
      dropped: merged.dropped,
      scheduled: totals.ops + errorReplies + transportFailures + merged.dropped + unsent + abandoned,
      completed: totals.ops,
      errorReplies,
      transportFailures,
      unsent,
      abandoned,
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

/** The rounds' timelines back to back: a later round's rows continue the seconds of the one before. */
function roundTimelines(rounds: EncodedStageSnapshot[][][], withHdr: boolean): TimelineRow[] {
  const rows: TimelineRow[] = [];
  rounds.forEach((intervals, round) => rows.push(...buildTimeline(intervals, round, rounds.length > 1, rows.length, withHdr)));
  return rows;
}

/**
 * One row per second: the workers' i-th intervals merged. Each row says how long it covers (the
 * last one of a round is partial) and its rate is over that, so a short last row is not a fall.
 */
function buildTimeline(intervals: EncodedStageSnapshot[][], round: number, tagRound: boolean, tOffset: number, withHdr: boolean): TimelineRow[] {
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
      if (merged.neverSent) addEncoded(h, merged.neverSent);
      const durationS = Math.max(...slice.map((s) => (s.endUs - s.startUs) / 1e6), 1e-6);
      const row: TimelineRow = {
        t: tOffset + i,
        durationS: Math.round(durationS * 1000) / 1000,
        ops,
        opsPerSec: rate(ops, durationS),
        p50Us: h.totalCount ? h.getValueAtPercentile(50) : 0,
        p99Us: h.totalCount ? h.getValueAtPercentile(99) : 0,
        errors,
        ...(withHdr && { hdr: encodeHistogram(h) }),
      };
      if (tagRound) row.round = round;
      rows.push(row);
    } finally {
      h.destroy();
    }
  }
  return rows;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
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
