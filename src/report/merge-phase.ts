/**
 * One measured phase from the segments that ran it: they started together (the barrier), so the
 * phase's wall time is from the first start to the last end, its throughput the summed ops over
 * that time, its latency the HDR sum, and its timeline the segments' rows added second by second
 * on the wall clock (each row's `t` shifted by how much later its segment started, in whole seconds).
 */
import { addEncoded, createHistogram } from '../metrics/index.js';
import { mergeLatency, mergeOpStats, mergeStatsByLabel, sumCounts } from './merge-stats.js';
import type { PhaseResult, ScheduleStats, TimelineRow } from './run-result.js';

/** A phase as one segment reported it. */
export interface SegmentPhase {
  segment: number;
  phase: PhaseResult;
}

/** Notes the merge leaves in the report's warnings (what could not be exact, say). */
export type MergeNotes = Set<string>;

/** Merges one phase over the segments that ran it (at least one). */
export function mergePhase(parts: readonly SegmentPhase[], notes: MergeNotes): PhaseResult {
  const phases = parts.map((p) => p.phase);
  const first = phases[0]!;
  const starts = phases.map((p) => (p.startedAt === undefined ? NaN : Date.parse(p.startedAt)));
  const known = starts.every((ms) => Number.isFinite(ms));
  if (!known) notes.add(`phase ${first.name}: a segment did not record startedAt; its timeline is aligned on the phase start`);
  const startMs = known ? Math.min(...starts) : NaN;
  // Wall time: from the first segment's start to the last one's end.
  const durationS = known ? Math.max(...phases.map((p, i) => (starts[i]! - startMs) / 1000 + p.durationS)) : Math.max(...phases.map((p) => p.durationS));
  const sum = (pick: (p: PhaseResult) => number) => phases.reduce((a, p) => a + pick(p), 0);
  const rates = phases.map((p) => p.rate);
  const merged: PhaseResult & Record<string, unknown> = {
    ...first,
    connections: sum((p) => p.connections),
    workers: sum((p) => p.workers),
    rate: rates.every((r) => r === null) ? null : rates.reduce<number>((a, r) => a + (r ?? 0), 0),
    durationS,
    totals: mergeOpStats(phases.map((p) => p.totals), durationS),
    commands: mergeStatsByLabel(phases.map((p) => p.commands), durationS),
    timeline: mergeTimelines(parts, known ? starts.map((ms) => Math.round((ms - startMs) / 1000)) : phases.map(() => 0), notes),
    schedule: mergeSchedule(phases, durationS),
    pubsub: mergePubsub(phases.map((p) => p.pubsub)),
    partial: phases.some((p) => p.partial),
  };
  if (known) merged.startedAt = new Date(startMs).toISOString();
  if (phases.some((p) => p.nodes !== undefined)) merged.nodes = mergeStatsByLabel(phases.map((p) => p.nodes), durationS);
  if (phases.some((p) => p.cluster !== undefined)) merged.cluster = sumCounts(phases.map((p) => p.cluster));
  const extra = phases as unknown as readonly (PhaseResult & Record<string, unknown>)[];
  if (extra.some((p) => Array.isArray(p.rounds))) merged.rounds = mergeRounds(extra.map((p) => p.rounds as Round[] | undefined), notes, first.name);
  if (extra.some((p) => p.reset != null)) merged.reset = mergeReset(extra.map((p) => p.reset as Reset | null | undefined));
  // Verdicts are judged again on the merged phase (merge-reports.ts); a segment's own are not kept.
  delete merged.verdicts;
  // Each machine's client health is kept per segment in `merged.segments`; the phase shows the busiest.
  const busiest = extra.filter((p) => p.client != null).sort((a, b) => utilization(b.client) - utilization(a.client))[0];
  if (busiest !== undefined) merged.client = busiest.client;
  return merged;
}

/** Open-model accounting: counts summed, the send lag added, the achieved rate over the wall time. */
function mergeSchedule(phases: readonly PhaseResult[], durationS: number): ScheduleStats | null {
  const withSchedule = phases.filter((p) => p.schedule !== null);
  const present = withSchedule.map((p) => p.schedule!);
  if (present.length === 0) return null;
  const merged: ScheduleStats & Record<string, unknown> = {
    targetRate: present.reduce((a, s) => a + s.targetRate, 0),
    // Each segment's achieved rate times its duration is what it sent; the sum over the wall time.
    achievedRate: 0,
    sendLagUs: mergeLatency(present.map((s) => s.sendLagUs)),
    lateSends: 0,
    dropped: 0,
  };
  for (const s of present as unknown as readonly (ScheduleStats & Record<string, unknown>)[]) {
    for (const [key, value] of Object.entries(s)) {
      if (key === 'targetRate' || key === 'achievedRate' || typeof value !== 'number') continue;
      merged[key] = ((merged[key] as number | undefined) ?? 0) + value;
    }
  }
  const sent = withSchedule.reduce((a, p) => a + p.schedule!.achievedRate * p.durationS, 0);
  merged.achievedRate = durationS > 0 ? sent / durationS : 0;
  return merged;
}

/** Per-second rows added on the wall clock: row t of a segment that started k seconds late is row t + k. */
function mergeTimelines(parts: readonly SegmentPhase[], shifts: readonly number[], notes: MergeNotes): TimelineRow[] {
  const bySecond = new Map<number, TimelineRow[]>();
  parts.forEach(({ phase }, i) => {
    for (const row of phase.timeline) {
      const t = row.t + shifts[i]!;
      const list = bySecond.get(t) ?? [];
      list.push(row);
      bySecond.set(t, list);
    }
  });
  const rows: TimelineRow[] = [];
  for (const t of [...bySecond.keys()].sort((a, b) => a - b)) {
    const list = bySecond.get(t)!;
    const merged: TimelineRow & Record<string, unknown> = {
      t,
      ops: list.reduce((a, r) => a + r.ops, 0),
      // The segments ran side by side during this second: their rates add.
      opsPerSec: list.reduce((a, r) => a + r.opsPerSec, 0),
      p50Us: 0,
      p99Us: 0,
      errors: list.reduce((a, r) => a + r.errors, 0),
    };
    const durations = (list as (TimelineRow & { durationS?: number })[]).map((r) => r.durationS).filter((d): d is number => d !== undefined);
    if (durations.length > 0) merged.durationS = Math.max(...durations);
    if (list.every((r) => r.hdr !== undefined)) {
      const h = createHistogram();
      try {
        for (const r of list) addEncoded(h, r.hdr!);
        merged.p50Us = h.totalCount ? h.getValueAtPercentile(50) : 0;
        merged.p99Us = h.totalCount ? h.getValueAtPercentile(99) : 0;
      } finally {
        h.destroy();
      }
    } else {
      // A mixture's percentile lies between its parts': the highest is an upper bound.
      merged.p50Us = Math.max(...list.map((r) => r.p50Us));
      merged.p99Us = Math.max(...list.map((r) => r.p99Us));
      notes.add('timeline: some rows carried no histogram, so their p50/p99 are the highest of the segments (an upper bound)');
    }
    rows.push(merged);
  }
  return rows;
}

interface Round {
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  errors: number;
  hdr?: string;
}

/** Rounds by index: throughput and errors add; latency exact when rounds carry histograms, else an upper bound. */
function mergeRounds(lists: readonly (Round[] | undefined)[], notes: MergeNotes, phase: string): Round[] {
  const count = Math.max(...lists.map((l) => l?.length ?? 0));
  return Array.from({ length: count }, (_, i) => {
    const rounds = lists.flatMap((l) => (l?.[i] ? [l[i]] : []));
    const round: Round = {
      opsPerSec: rounds.reduce((a, r) => a + r.opsPerSec, 0),
      p50Us: Math.max(...rounds.map((r) => r.p50Us)),
      p99Us: Math.max(...rounds.map((r) => r.p99Us)),
      errors: rounds.reduce((a, r) => a + r.errors, 0),
    };
    if (rounds.every((r) => r.hdr !== undefined)) {
      const merged = mergeLatency(rounds.map((r) => ({ hdr: r.hdr! }) as never));
      round.p50Us = merged.p50;
      round.p99Us = merged.p99;
    } else {
      notes.add(`phase ${phase}: rounds carry no histograms, so a round's p50/p99 is the highest of the segments (an upper bound)`);
    }
    return round;
  });
}

interface Reset {
  keysDeleted: number;
  durationMs: number;
}

/** Segment 0 deletes, everyone refills: keys deleted add up (only one deleted), the time is the longest. */
function mergeReset(resets: readonly (Reset | null | undefined)[]): Reset | null {
  const present = resets.filter((r): r is Reset => r !== null && r !== undefined);
  if (present.length === 0) return null;
  return { keysDeleted: present.reduce((a, r) => a + r.keysDeleted, 0), durationMs: Math.max(...present.map((r) => r.durationMs)) };
}

/** Pub/sub deliveries: promised and delivered add up; lost follows from them. */
function mergePubsub(list: readonly PhaseResult['pubsub'][]): PhaseResult['pubsub'] {
  const present = list.filter((p): p is NonNullable<PhaseResult['pubsub']> => p !== null);
  if (present.length === 0) return null;
  const promised = present.reduce((a, p) => a + p.promised, 0);
  const delivered = present.reduce((a, p) => a + p.delivered, 0);
  return { promised, delivered, lost: Math.max(0, promised - delivered) };
}

function utilization(client: unknown): number {
  const u = (client as { utilization?: unknown } | null)?.utilization;
  return typeof u === 'number' ? u : 0;
}
