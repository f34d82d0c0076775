/**
 * bench:peers' figures per tool and workload: one run's sample, medians over rounds, ratios, and
 * the two printed tables (throughput and CPU per op; each tool's own latency percentiles).
 */
import type { PeerLatency } from './peer-output.js';

export type Tool = 'redis-benchmark' | 'rbench' | 'memtier_benchmark';
type Command = 'SET' | 'GET';

export interface Sample {
  opsPerSec: number;
  ops: number;
  cpuS: number;
  wallS: number;
  /** The tool's own latency figures for the run. */
  latency: PeerLatency;
  /** GET misses, when the tool tells. */
  misses?: number;
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

export interface WorkloadSummary {
  workload: string;
  command: Command;
  pipeline: number;
  tools: ToolSummary[];
  /** rbench / redis-benchmark, from the medians. */
  ratios: { throughput: number; cpuPerOp: number } | null;
  /** rbench / memtier_benchmark, from the medians, when memtier ran. */
  ratiosVsMemtier: { throughput: number; cpuPerOp: number; p999: number; max: number } | null;
  /** How busy the machine was when the workload started (see machineLoad in peers.ts). */
  machine: { loadAvg1: number; cpuPressureAvg10: number | null };
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
  const header = ['workload', 'tool', 'ops/s median', '(min–max)', 'CPU s / M ops', '(min–max)', 'excl. start-up'];
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
      ]);
    }
    if (w.ratios) rows.push([w.workload, 'rbench / redis-benchmark', `×${w.ratios.throughput.toFixed(2)}`, '', `×${w.ratios.cpuPerOp.toFixed(2)}`, '']);
    if (w.ratiosVsMemtier)
      rows.push([w.workload, 'rbench / memtier', `×${w.ratiosVsMemtier.throughput.toFixed(2)}`, '', `×${w.ratiosVsMemtier.cpuPerOp.toFixed(2)}`, '']);
    rows.push([]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(r.length === 0 ? '' : line(r));
  console.log('ratios: throughput >1 means rbench is faster; CPU per op <1 means rbench uses less client CPU per op.');
  console.log('CPU per op includes process start-up; "excl. start-up" subtracts rbench\'s measured fixed cost (approximate).');
}

export const fmtUs = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)}ms` : `${Math.round(us)}us`);

/** Each tool's own p50, p99, p99.9 and max (medians over rounds), and rbench / memtier for the tail. */
export function printLatencyTable(workloads: WorkloadSummary[]): void {
  const header = ['workload', 'tool', 'p50', 'p99', 'p99.9', 'max'];
  const rows: string[][] = [];
  for (const w of workloads) {
    for (const t of w.tools) rows.push([w.workload, t.tool, fmtUs(t.latencyUs.p50), fmtUs(t.latencyUs.p99), fmtUs(t.latencyUs.p999), fmtUs(t.latencyUs.max)]);
    if (w.ratiosVsMemtier) rows.push([w.workload, 'rbench / memtier', '', '', `×${w.ratiosVsMemtier.p999.toFixed(2)}`, `×${w.ratiosVsMemtier.max.toFixed(2)}`]);
    rows.push([]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log('latency, each tool\'s own figures (median over rounds): redis-benchmark --precision 3, memtier --print-percentiles, rbench HDR');
  console.log(line(header));
  for (const r of rows) console.log(r.length === 0 ? '' : line(r));
}

