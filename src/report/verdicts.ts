/**
 * Verdicts: what a reader should know before trusting a phase's figures. Each is computed from
 * the PhaseResult alone (a pure function of the report), so `rbench merge` and `rbench report`
 * can compute them again, and each carries the numbers it is based on.
 */
import type { PhaseResult, TimelineRow, Verdict } from './run-result.js';

export type { Verdict };

export type VerdictKind = Verdict['kind'];

/** Settings the verdicts are judged by. */
export interface VerdictOptions {
  /** Share of failed or never-completed commands above which the phase gets an `errors` verdict. */
  maxErrorRate: number;
}

/** Throughput whose first and last third differ by more than this (and trend significantly) is not steady. */
export const NOT_STEADY_CHANGE = 0.2;
/**
 * p99 per second is noisier (on a shared machine it swings by tens of percent): it must change by
 * more than half and trend at the 1% level.
 */
export const NOT_STEADY_P99_CHANGE = 0.5;
/** A stall is a stretch without replies of at least this long... */
export const STALL_ABSOLUTE_S = 1;
/** ...or at least this many times the phase's p50, */
export const STALL_P50_FACTOR = 100;
/** ...and never shorter than this: pauses of the client's own event loop and of the OS scheduler reach tens of ms. */
export const STALL_FLOOR_S = 0.05;
/** A worker whose event loop was busy this share of the phase was the bottleneck. */
export const CLIENT_BOUND_UTILIZATION = 0.95;
/** Open model: commands leaving this late at p99 mean the client could not keep the schedule. */
export const CLIENT_BOUND_SEND_LAG_US = 1000;
/** Rows shorter than this (a round's last, partial second) are left out of trend tests. */
const FULL_ROW_S = 0.9;

/** Every verdict that applies to `phase`. */
export function phaseVerdicts(phase: PhaseResult, options: VerdictOptions): Verdict[] {
  const out: Verdict[] = [];
  const errors = errorsVerdict(phase, options.maxErrorRate);
  if (errors) out.push(errors);
  const stall = stallVerdict(phase);
  if (stall) out.push(stall);
  const client = clientBoundVerdict(phase);
  if (client) out.push(client);
  out.push(...notSteadyVerdicts(phase));
  return out;
}

/** Failed and never-completed commands of a phase, by kind (error kinds, abandoned, dropped, unsent). */
export function failuresByKind(phase: PhaseResult): Record<string, number> {
  const kinds: Record<string, number> = { ...phase.totals.errors };
  const add = (kind: string, n: number | undefined) => {
    if (n !== undefined && n > 0) kinds[kind] = (kinds[kind] ?? 0) + n;
  };
  add('abandoned', abandonedOf(phase));
  add('dropped', phase.schedule?.dropped);
  add('unsent', phase.schedule?.unsent);
  return kinds;
}

/** Commands abandoned in flight at the end of the phase (mix commands only). */
function abandonedOf(phase: PhaseResult): number {
  if (phase.schedule?.abandoned !== undefined) return phase.schedule.abandoned;
  return phase.totals.abandoned ?? 0;
}

/** The share of a phase's commands that failed or never completed (0 when nothing was attempted). */
export function failedShare(phase: PhaseResult): number {
  const failed = Object.values(failuresByKind(phase)).reduce((a, b) => a + b, 0);
  const attempted = phase.totals.ops + failed;
  return attempted > 0 ? failed / attempted : 0;
}

function errorsVerdict(phase: PhaseResult, maxErrorRate: number): Verdict | null {
  const kinds = failuresByKind(phase);
  const failed = Object.values(kinds).reduce((a, b) => a + b, 0);
  const attempted = phase.totals.ops + failed;
  if (attempted === 0 || failed === 0) return null;
  const rate = failed / attempted;
  if (rate <= maxErrorRate) return null;
  const main = Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return {
    kind: 'errors',
    errorRate: rate,
    maxErrorRate,
    kinds,
    message: `${formatPct(rate)} of commands failed or never completed: ${main} (limit ${formatPct(maxErrorRate)}, --max-error-rate)`,
  };
}

function stallVerdict(phase: PhaseResult): Verdict | null {
  const longest = phase.stalls?.[0];
  if (longest === undefined) return null;
  const p50S = phase.totals.latencyUs.p50 / 1e6;
  const threshold = Math.max(STALL_FLOOR_S, Math.min(STALL_ABSOLUTE_S, STALL_P50_FACTOR * p50S));
  if (longest.durationS < threshold) return null;
  const closed = phase.rate === null;
  const how = closed
    ? 'In a closed loop a stalled connection stops sending, so the stall is recorded once per connection, not in every request that should have been sent; run with --rate to see it in every request.'
    : 'In the open model every command due during it waited, and its wait is in the response time.';
  const round = (phase.rounds?.length ?? 1) > 1 ? ` of round ${longest.round + 1}` : '';
  return {
    kind: 'stall',
    atS: longest.atS,
    durationS: longest.durationS,
    round: longest.round,
    message: `no reply for ${formatSeconds(longest.durationS)} at ${longest.atS.toFixed(1)}s${round}: the server (or the network) stalled. ${how}`,
  };
}

function clientBoundVerdict(phase: PhaseResult): Verdict | null {
  const utilization = phase.client?.utilization;
  const lag = phase.schedule?.sendLagUs.p99;
  const busy = utilization !== undefined && utilization >= CLIENT_BOUND_UTILIZATION;
  const late = lag !== undefined && lag > CLIENT_BOUND_SEND_LAG_US;
  if (!busy && !late) return null;
  const why = [
    busy ? `a worker's event loop was busy ${formatPct(utilization!)} of the phase` : null,
    late ? `send lag p99 ${formatSeconds(lag! / 1e6)} (the schedule was not kept)` : null,
  ]
    .filter((x) => x !== null)
    .join('; ');
  return {
    kind: 'client-bound',
    ...(utilization === undefined ? {} : { utilization }),
    ...(lag === undefined ? {} : { sendLagP99Us: lag }),
    message: `rbench itself was the bottleneck (${why}): the figures measure rbench, not Redis; add workers (--workers) or another load machine`,
  };
}

function notSteadyVerdicts(phase: PhaseResult): Verdict[] {
  const out: Verdict[] = [];
  // Trends are judged within one round (rounds start from the same data again).
  const rows = phase.timeline.filter((r) => (r.round ?? 0) === 0 && (r.durationS ?? 1) >= FULL_ROW_S);
  const rates = rows.map((r) => r.opsPerSec);
  const p99s = rows.map((r) => r.p99Us);
  const throughput = trend(rates, mean, NOT_STEADY_CHANGE, 1.96);
  if (throughput) out.push(notSteady('throughput', throughput));
  const p99 = trend(p99s, median, NOT_STEADY_P99_CHANGE, 2.576);
  if (p99) out.push(notSteady('p99', p99));
  return out;
}

function notSteady(metric: 'throughput' | 'p99', t: { first: number; last: number; change: number }): Verdict {
  const direction = t.change > 0 ? 'rose' : 'fell';
  const shown = metric === 'throughput' ? (v: number) => `${Math.round(v)} ops/s` : (v: number) => formatSeconds(v / 1e6);
  return {
    kind: 'not-steady',
    metric,
    firstThird: t.first,
    lastThird: t.last,
    changePct: t.change * 100,
    message: `${metric} ${direction} ${Math.abs(t.change * 100).toFixed(0)}% through the phase (${shown(t.first)} in the first third, ${shown(t.last)} in the last): the phase is not steady, so its averages depend on its length; try a warm-up (--warmup), reset between phases (--reset setup), or a longer phase`,
  };
}

/**
 * A trend worth reporting: the first and last thirds differ by more than `minChange` and the
 * series rises or falls monotonically beyond chance (Mann-Kendall, two-sided; z 1.96 is 5%, 2.576 is 1%).
 */
function trend(series: number[], summary: (xs: number[]) => number, minChange: number, z: number): { first: number; last: number; change: number } | null {
  const n = series.length;
  if (n < 5) return null;
  const third = Math.floor(n / 3);
  const first = summary(series.slice(0, third));
  const last = summary(series.slice(n - third));
  if (first <= 0) return null;
  const change = (last - first) / first;
  if (Math.abs(change) <= minChange) return null;
  if (!mannKendallSignificant(series, z)) return null;
  return { first, last, change };
}

/** Mann-Kendall trend test, two-sided, normal approximation with continuity correction; z 1.96 is the 5% level. */
export function mannKendallSignificant(series: readonly number[], zCritical = 1.96): boolean {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  if (variance === 0 || s === 0) return false;
  const z = (Math.abs(s) - 1) / Math.sqrt(variance);
  return z > zCritical;
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function formatPct(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toPrecision(2)}%`;
}

function formatSeconds(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1000).toFixed(s >= 0.01 ? 0 : 1)} ms`;
  return `${Math.round(s * 1e6)} us`;
}

/** Rows of a timeline that are whole seconds (for charts and trends). */
export function wholeRows<R extends Pick<TimelineRow, 'durationS'>>(rows: readonly R[]): R[] {
  return rows.filter((r) => (r.durationS ?? 1) >= FULL_ROW_S);
}
