/**
 * `rbench compare`: baseline runs against current runs, per phase and per command, with a
 * threshold gate for CI. Several runs per side are summarised by their median and spread
 * (min–max); a crossing whose spreads overlap is within the measured noise and does not fail.
 */
import { UsageError } from '../shared/errors.js';
import type { OpStats, RunResult } from './run-result.js';

export interface Thresholds {
  /** Largest allowed throughput drop, as a fraction (0.05 = 5%). */
  maxThroughputDrop: number;
  /** Largest allowed p99 increase, as a fraction (0.10 = 10%). */
  maxP99Increase: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { maxThroughputDrop: 0.05, maxP99Increase: 0.1 };

/** One metric over several runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** ok: within the threshold; regressed: beyond it and outside the noise; noise: beyond it, but the spreads overlap. */
export type Verdict = 'ok' | 'regressed' | 'noise';

export interface MetricDelta {
  base: Spread;
  current: Spread;
  /** (current - base) / base of the medians; null when the baseline is 0. */
  change: number | null;
  verdict: Verdict;
}

export interface ComparisonRow {
  phase: string;
  /** The command label, or null for the phase totals. */
  command: string | null;
  throughput: MetricDelta;
  p99: MetricDelta;
}

export interface RunComparison {
  rows: ComparisonRow[];
  /** Phases or commands found on one side only (not gated). */
  unmatched: string[];
  /** True when any row regressed beyond a threshold, outside the noise. */
  regressed: boolean;
}

/** The median, min and max of some values (the median of an even count is the mean of the middle two). */
export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? 0 : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[n - 1] ?? 0, runs: n };
}

/**
 * Judges one metric. `worseIsHigher` is true for latency (an increase is bad) and false for
 * throughput (a drop is bad); `limit` is the allowed worsening as a fraction.
 */
export function judge(base: Spread, current: Spread, limit: number, worseIsHigher: boolean): MetricDelta {
  const change = base.median > 0 ? (current.median - base.median) / base.median : null;
  if (change === null) return { base, current, change, verdict: 'ok' };
  const worsening = worseIsHigher ? change : -change;
  if (worsening <= limit) return { base, current, change, verdict: 'ok' };
  // The ranges overlap: some baseline run was as bad as some current run.
  const overlap = current.min <= base.max && base.min <= current.max;
  return { base, current, change, verdict: overlap ? 'noise' : 'regressed' };
}

/** Compares baseline runs with current runs, phase by phase (by name) and command by command. */
export function compareRuns(base: RunResult[], current: RunResult[], thresholds: Thresholds): RunComparison {
  if (base.length === 0 || current.length === 0) throw new UsageError('compare needs at least one baseline and one current report');
  const rows: ComparisonRow[] = [];
  const unmatched: string[] = [];
  const basePhases = phaseNames(base);
  const currentPhases = phaseNames(current);
  for (const name of basePhases) if (!currentPhases.includes(name)) unmatched.push(`phase ${name}: only in the baseline`);
  for (const name of currentPhases) if (!basePhases.includes(name)) unmatched.push(`phase ${name}: only in the current run`);
  const shared = basePhases.filter((name) => currentPhases.includes(name));
  if (shared.length === 0) {
    throw new UsageError(
      `the reports share no phase: baseline has ${list(basePhases)}, current has ${list(currentPhases)}`,
      'compare reports of the same scenario',
    );
  }
  for (const phase of shared) {
    const b = statsOf(base, phase, null);
    const c = statsOf(current, phase, null);
    rows.push(row(phase, null, b, c, thresholds));
    const baseLabels = commandLabels(base, phase);
    const currentLabels = commandLabels(current, phase);
    for (const label of baseLabels) {
      if (!currentLabels.includes(label)) {
        unmatched.push(`phase ${phase}, ${label}: only in the baseline`);
        continue;
      }
      rows.push(row(phase, label, statsOf(base, phase, label), statsOf(current, phase, label), thresholds));
    }
    for (const label of currentLabels) if (!baseLabels.includes(label)) unmatched.push(`phase ${phase}, ${label}: only in the current run`);
  }
  const regressed = rows.some((r) => r.throughput.verdict === 'regressed' || r.p99.verdict === 'regressed');
  return { rows, unmatched, regressed };
}

function row(phase: string, command: string | null, base: OpStats[], current: OpStats[], t: Thresholds): ComparisonRow {
  const throughput = (list: OpStats[]) => spreadOf(list.map((s) => s.opsPerSec));
  const p99 = (list: OpStats[]) => spreadOf(list.map((s) => s.latencyUs.p99));
  return {
    phase,
    command,
    throughput: judge(throughput(base), throughput(current), t.maxThroughputDrop, false),
    p99: judge(p99(base), p99(current), t.maxP99Increase, true),
  };
}

/** Phase names in first-seen order over all runs of a side. */
function phaseNames(runs: RunResult[]): string[] {
  const names: string[] = [];
  for (const run of runs) for (const p of run.phases) if (!names.includes(p.name)) names.push(p.name);
  return names;
}

function commandLabels(runs: RunResult[], phase: string): string[] {
  const labels: string[] = [];
  for (const run of runs) {
    for (const label of Object.keys(run.phases.find((p) => p.name === phase)?.commands ?? {})) if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** The phase's totals (command null) or one command's stats, from every run that has them. */
function statsOf(runs: RunResult[], phase: string, command: string | null): OpStats[] {
  const out: OpStats[] = [];
  for (const run of runs) {
    const p = run.phases.find((x) => x.name === phase);
    const stats = p === undefined ? undefined : command === null ? p.totals : p.commands[command];
    if (stats !== undefined) out.push(stats);
  }
  return out;
}

function list(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

/** Parses a percentage flag ("5%" or "5") into a fraction (0.05). */
export function parsePercent(flag: string, text: string | number): number {
  const raw = String(text).trim();
  const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(raw);
  if (!match) throw new UsageError(`--${flag}: expected a percentage such as 5% or 12.5%, got "${raw}"`);
  return Number(match[1]) / 100;
}
