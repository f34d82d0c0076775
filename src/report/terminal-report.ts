/**
 * The final terminal report: a pure function of a RunResult, so `rbench report FILE.json`
 * can show exactly what the run showed.
 */
import { isRoleLabel } from '../shared/role-labels.js';
import type { OpStats, PhaseResult, RunResult } from './run-result.js';

/** Renders the whole report as text lines (no colour). */
export function renderReport(result: RunResult): string {
  const lines: string[] = [];
  lines.push(`rbench ${result.rbench.version} · ${result.target.url} (${result.target.topology}, redis ${result.target.serverVersion ?? '?'})`);
  if (result.interrupted) lines.push('interrupted: the figures below cover only what ran before the interruption');
  for (const step of result.setup) {
    const errors = sumErrors(step.errors);
    lines.push(`setup ${step.label}: ${step.ops} commands${errors ? `, ${errors} errors (${formatErrors(step.errors)})` : ''}`);
  }
  for (const phase of result.phases) lines.push('', ...renderPhase(phase));
  if (result.comparisons.length > 0) {
    lines.push('', 'comparison');
    for (const c of result.comparisons) {
      lines.push(
        `  ${c.other} vs ${c.baseline}: throughput x${c.throughputRatio.toFixed(2)}, p99 x${c.p99Ratio.toFixed(2)}`,
      );
    }
  }
  for (const f of result.failures) lines.push(`worker ${f.worker} failed: ${f.message}`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

function renderPhase(phase: PhaseResult): string[] {
  const mode = phase.rate === null ? 'closed loop' : `open model at ${formatCount(phase.rate)}/s`;
  const lines = [
    `phase ${phase.name}: ${mode}, ${phase.connections} connections, ${phase.workers} worker(s), ${phase.durationS.toFixed(1)}s${phase.partial ? ' (partial)' : ''}`,
  ];
  const header = ['command', 'ops/s', 'count', 'errors', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'];
  const rows: string[][] = [header];
  const row = (label: string, s: OpStats) => [
    label,
    formatCount(s.opsPerSec),
    String(s.ops),
    sumErrors(s.errors) ? `${sumErrors(s.errors)} ${formatErrors(s.errors)}` : '0',
    formatUs(s.latencyUs.mean),
    formatUs(s.latencyUs.p50),
    formatUs(s.latencyUs.p90),
    formatUs(s.latencyUs.p99),
    formatUs(s.latencyUs.p999),
    formatUs(s.latencyUs.max),
  ];
  const entries = Object.entries(phase.commands);
  for (const [label, stats] of entries) if (!isRoleLabel(label)) rows.push(row(label, stats));
  rows.push(row('total', phase.totals));
  // Roles: delivery latency (publish to receipt) and queue wait (push to pop), under the commands.
  for (const [label, stats] of entries) if (isRoleLabel(label)) rows.push(row(label, stats));
  lines.push(...table(rows).map((l) => `  ${l}`));
  if (phase.nodes) {
    // Cluster targets: the same figures per node (the node that gave each command's final answer).
    const nodeRows: string[][] = [['node', ...header.slice(1)]];
    for (const [address, stats] of Object.entries(phase.nodes)) nodeRows.push(row(address, stats));
    lines.push(...table(nodeRows).map((l) => `  ${l}`));
    const redirects = Object.entries(phase.cluster ?? {}).map(([name, n]) => `${name.replace(/^cluster\./, '')} ${n}`);
    lines.push(`  cluster redirects and retries: ${redirects.length > 0 ? redirects.join(', ') : 'none'}`);
  }
  if (phase.totals.serviceTimeUs) {
    const s = phase.totals.serviceTimeUs;
    lines.push(
      `  service time (from actual send): p50 ${formatUs(s.p50)}, p99 ${formatUs(s.p99)}, max ${formatUs(s.max)}; response time above is from the intended start`,
    );
  }
  if (phase.schedule) {
    const s = phase.schedule;
    lines.push(
      `  schedule: target ${formatCount(s.targetRate)}/s, achieved ${formatCount(s.achievedRate)}/s; send lag p99 ${formatUs(s.sendLagUs.p99)}; ${s.lateSends} late, ${s.dropped} dropped`,
    );
  }
  if (phase.pubsub) {
    const p = phase.pubsub;
    lines.push(`  pub/sub: ${p.delivered} of ${p.promised} promised deliveries received, ${p.lost} lost`);
  }
  const lookups = Object.entries(phase.commands).filter(([, s]) => s.nulls > 0);
  for (const [label, s] of lookups) {
    lines.push(`  ${label}: hit ratio ${((100 * (s.ops - s.nulls)) / Math.max(1, s.ops)).toFixed(1)}% (${s.nulls} misses)`);
  }
  return lines;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

function sumErrors(errors: Record<string, number>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}

function formatErrors(errors: Record<string, number>): string {
  return Object.entries(errors)
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
}

/** 1234567 -> "1.23M", 950 -> "950". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

/** Microseconds with a unit that keeps 3 significant digits. */
export function formatUs(us: number): string {
  if (us < 1000) return `${us.toFixed(0)}us`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)}ms`;
  return `${(us / 1e6).toFixed(2)}s`;
}
