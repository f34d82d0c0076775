/**
 * bench:peers' figures per tool and row: one run's sample, medians over rounds, ratios, and
 * the two printed tables (throughput and CPU per op; each tool's own latency percentiles).
 */
import type { PeerLatency } from './peer-output.js';
import type { Command, Group, TargetKind } from './peer-workloads.js';

/** A tool's name in the tables: "redis-benchmark", "memtier_benchmark", "rbench", "rbench@before". */
export type Tool = string;

export interface Sample {
  opsPerSec: number;
  ops: number;
  cpuS: number;
  wallS: number;
  /** The tool's own latency figures for the run. */
  latency: PeerLatency;
  /** GET rows: keyspace misses the server counted during the run (every tool alike). */
  misses?: number;
  /** Commands the server counted during the run, over all nodes (a check on the tool's own count). */
  serverCommands?: number;
  /** memtier --cluster-mode: MOVED + ASK replies per second. */
  redirectsPerSec?: number;
  /** rbench only: its worker's own event-loop stalls and GC pauses during the phase. */
  client?: { eventLoopDelayMaxUs: number; gcCount: number; gcMaxMs: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface ToolSummary {
  tool: Tool;
  samples: Sample[];
  opsPerSec: { median: number; min: number; max: number };
  cpuSPerMillionOps: { median: number; min: number; max: number };
  /** Median CPU s per million ops after subtracting the tool's fixed start-up CPU (rbench only; approximate). */
  cpuSPerMillionOpsExclStartup: number | null;
  /** Median over rounds of each latency figure the tool reported, µs. */
  latencyUs: { p50: number; p99: number; p999: number; max: number };
}

/** One tool's medians over another's: throughput, client CPU per op, p99.9 and max latency. */
export interface Ratio {
  throughput: number;
  cpuPerOp: number;
  p999: number;
  max: number;
}

export interface WorkloadSummary {
  /** The row's printed name, e.g. "GET 64KB P=16". */
  workload: string;
  group: Group;
  target: TargetKind;
  command: Command;
  pipeline: number;
  dataSize: number;
  tools: ToolSummary[];
  /** rbench / redis-benchmark, from the medians, when redis-benchmark ran. */
  ratios: Ratio | null;
  /** rbench / memtier_benchmark, from the medians, when memtier ran. */
  ratiosVsMemtier: Ratio | null;
  /**
   * --rbench DIR: this checkout's rbench / DIR's (after / before), from the medians, and the
   * lowest and highest throughput ratio of one round's pair (a speed-up when the spread stays above 1).
   */
  ratiosVsOther: (Ratio & { other: Tool; throughputPerRound: { min: number; max: number } }) | null;
  /** How busy the machine was when the row started (see machineLoad in peer-process.ts). */
  machine: { loadAvg1: number; cpuPressureAvg10: number | null };
}

/** a / b from the medians; null when either did not run. */
export function ratioOf(a: ToolSummary | undefined, b: ToolSummary | undefined): Ratio | null {
  if (!a || !b) return null;
  return {
    throughput: a.opsPerSec.median / b.opsPerSec.median,
    cpuPerOp: a.cpuSPerMillionOps.median / b.cpuSPerMillionOps.median,
    p999: a.latencyUs.p999 / b.latencyUs.p999,
    max: a.latencyUs.max / b.latencyUs.max,
  };
}

/** Round by round, a's throughput over b's: the lowest and highest of those pair ratios. */
export function pairSpread(a: ToolSummary, b: ToolSummary): { min: number; max: number } {
  const pairs = a.samples.slice(0, b.samples.length).map((s, i) => s.opsPerSec / b.samples[i]!.opsPerSec);
  return { min: Math.min(...pairs), max: Math.max(...pairs) };
}

/** Total GET misses the server counted over a tool's runs, or null when not counted. */
export function totalMisses(t: ToolSummary): number | null {
  const counted = t.samples.filter((s) => s.misses !== undefined);
  return counted.length === 0 ? null : counted.reduce((a, s) => a + s.misses!, 0);
}

export function summarise(tool: Tool, samples: Sample[], startupCpuS: number | null): ToolSummary {
  const rates = samples.map((s) => s.opsPerSec);
  const cpu = samples.map((s) => (s.cpuS / s.ops) * 1e6);
  const range = (xs: number[]): { median: number; min: number; max: number } => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
  const excl = startupCpuS === null ? null : median(samples.map((s) => (Math.max(0, s.cpuS - startupCpuS) / s.ops) * 1e6));
  const latencyUs = {
    p50: median(samples.map((s) => s.latency.p50Us)),
    p99: median(samples.map((s) => s.latency.p99Us)),
    p999: median(samples.map((s) => s.latency.p999Us)),
    max: median(samples.map((s) => s.latency.maxUs)),
  };
  return { tool, samples, opsPerSec: range(rates), cpuSPerMillionOps: range(cpu), cpuSPerMillionOpsExclStartup: excl, latencyUs };
}

export const fmtRate = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(1)}k`);
export const fmtCpu = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');

export function printTable(workloads: WorkloadSummary[]): void {
  const header = ['workload', 'tool', 'ops/s median', '(min–max)', 'CPU s / M ops', '(min–max)', 'excl. start-up', 'GET misses'];
  const rows: string[][] = [];
  for (const w of workloads) {
    for (const t of w.tools) {
      rows.push([
        w.workload,
        t.tool,
        fmtRate(t.opsPerSec.median),
        `(${fmtRate(t.opsPerSec.min)}–${fmtRate(t.opsPerSec.max)})`,
        fmtCpu(t.cpuSPerMillionOps.median),
        `(${fmtCpu(t.cpuSPerMillionOps.min)}–${fmtCpu(t.cpuSPerMillionOps.max)})`,
        t.cpuSPerMillionOpsExclStartup === null ? '' : fmtCpu(t.cpuSPerMillionOpsExclStartup),
        w.command === 'GET' ? String(totalMisses(t) ?? '') : '',
      ]);
    }
    for (const [label, r] of ratioRows(w)) {
      const spread = label === `rbench / ${w.ratiosVsOther?.other}` && w.ratiosVsOther ? w.ratiosVsOther.throughputPerRound : null;
      const pairs = spread ? `(×${spread.min.toFixed(2)}–×${spread.max.toFixed(2)})` : '';
      rows.push([w.workload, label, `×${r.throughput.toFixed(2)}`, pairs, `×${r.cpuPerOp.toFixed(2)}`, '']);
    }
    rows.push([]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(r.length === 0 ? '' : line(r));
  console.log('ratios: throughput >1 means rbench is faster; CPU per op <1 means rbench uses less client CPU per op.');
  if (workloads.some((w) => w.ratiosVsOther)) console.log('rbench / rbench@…: this checkout over the --rbench build (after / before); (min–max) of the per-round pairs.');
  console.log('GET misses: keyspace misses the server counted over all rounds of that tool (0: every GET hit).');
  console.log('CPU per op includes process start-up; "excl. start-up" subtracts rbench\'s measured fixed cost (approximate).');
  // MONITOR with two memtier connections: every key of the first 2,000 SETs came twice. Each key is
  // then written by every connection in turn, still in the CPU cache: SET 4 KB cost the server 0.28
  // us in the command under memtier against 0.74-1.10 under rbench and redis-benchmark.
  console.log('memtier_benchmark: its connections draw one key sequence, so each SET key is written by every connection in turn; where the server is the limit (SET with large values) that makes its SETs cheaper for the server, not its client faster. Value rows compare with redis-benchmark.');
}

/** The ratio lines a row prints, labelled. */
function ratioRows(w: WorkloadSummary): [string, Ratio][] {
  const out: [string, Ratio][] = [];
  if (w.ratios) out.push(['rbench / redis-benchmark', w.ratios]);
  if (w.ratiosVsMemtier) out.push(['rbench / memtier', w.ratiosVsMemtier]);
  if (w.ratiosVsOther) out.push([`rbench / ${w.ratiosVsOther.other}`, w.ratiosVsOther]);
  return out;
}

export const fmtUs = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)}ms` : `${Math.round(us)}us`);

/** Each tool's own p50, p99, p99.9 and max (medians over rounds), and rbench / memtier (and / the other build) for the tail. */
export function printLatencyTable(workloads: WorkloadSummary[]): void {
  const header = ['workload', 'tool', 'p50', 'p99', 'p99.9', 'max'];
  const rows: string[][] = [];
  for (const w of workloads) {
    for (const t of w.tools) rows.push([w.workload, t.tool, fmtUs(t.latencyUs.p50), fmtUs(t.latencyUs.p99), fmtUs(t.latencyUs.p999), fmtUs(t.latencyUs.max)]);
    for (const [label, r] of ratioRows(w)) if (label !== 'rbench / redis-benchmark') rows.push([w.workload, label, '', '', `×${r.p999.toFixed(2)}`, `×${r.max.toFixed(2)}`]);
    rows.push([]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log('latency, each tool\'s own figures (median over rounds): redis-benchmark --precision 3, memtier --print-percentiles, rbench HDR');
  console.log(line(header));
  for (const r of rows) console.log(r.length === 0 ? '' : line(r));
}

