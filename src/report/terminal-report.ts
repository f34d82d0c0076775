/**
 * The final terminal report: a pure function of a RunResult, so `rbench report FILE.json`
 * can show exactly what the run showed.
 */
import { isRoleLabel } from '../shared/role-labels.js';
import { renderCapacity } from './capacity-report.js';
import { spectrumChart, timelineCharts } from './charts.js';
import { renderDrill } from './drill-report.js';
import { formatCount, formatUs } from './format.js';
import { spectrumPoints } from './percentile-spectrum.js';
import { bold, PLAIN, type RenderOptions } from './render-options.js';
import type { OpStats, PhaseResult, RunResult } from './run-result.js';
import { wholeRows } from './verdicts.js';
import { clientNoiseLine } from './client-noise-report.js';
import { serverLatencyView } from './server-latency-report.js';

/** Renders the whole report: tables, charts and the spectrum, fitted to `options.width`. */
export function renderReport(result: RunResult, options: RenderOptions = PLAIN): string {
  const lines: string[] = [];
  const replicas = result.target.readFrom === 'replica' ? ', load on the replicas' : '';
  lines.push(`rbench ${result.rbench.version} · ${result.target.url} (${result.target.topology}, redis ${result.target.serverVersion ?? '?'}${replicas})`);
  if (result.interrupted) lines.push('interrupted: the figures below cover only what ran before the interruption');
  lines.push(...verdictBlock(result, options));
  for (const step of result.setup) {
    const errors = sumErrors(step.errors);
    lines.push(`setup ${step.label}: ${step.ops} commands${errors ? `, ${errors} errors (${formatErrors(step.errors)})` : ''}`);
  }
  if (result.capacity) {
    // A sweep's steps are its phases: one table and chart over all of them says more than a
    // full report per step.
    lines.push('', ...renderCapacity(result.capacity).trimEnd().split('\n'));
  } else {
    for (const phase of result.phases) lines.push('', ...renderPhase(phase, options));
  }
  if (result.comparisons.length > 0 && !result.capacity) {
    lines.push('', bold('comparison', options));
    for (const c of result.comparisons) {
      const spread = c.throughputRange
        ? ` (ops/s ${formatCount(c.throughputRange.other[0])}-${formatCount(c.throughputRange.other[1])} vs ${formatCount(c.throughputRange.baseline[0])}-${formatCount(c.throughputRange.baseline[1])} over the rounds${c.withinNoise ? ': within noise, the ranges overlap' : ''})`
        : '';
      lines.push(`  ${c.other} vs ${c.baseline}: throughput x${c.throughputRatio.toFixed(2)}, p99 x${c.p99Ratio.toFixed(2)}${spread}`);
    }
  }
  if (result.drill) lines.push('', ...renderDrill(result.drill));
  for (const f of result.failures) lines.push(`worker ${f.worker} failed: ${f.message}`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return `${lines.flatMap((l) => wrap(l, options.width)).join('\n')}\n`;
}

/**
 * Word-wraps a line wider than `width` (measured without colour codes); continuation lines keep
 * its indent plus two spaces.
 */
export function wrap(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const lead = /^ */.exec(line)![0];
  const out: string[] = [];
  let current = lead;
  let empty = true;
  for (const word of line.slice(lead.length).split(' ')) {
    if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
      out.push(current);
      current = `${lead}  ${word}`;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out;
}

/** The verdicts of every phase, first thing under the header: what to know before reading on. */
function verdictBlock(result: RunResult, options: RenderOptions): string[] {
  const lines: string[] = [];
  for (const phase of result.phases) {
    for (const v of phase.verdicts ?? []) lines.push(`  ${bold(v.kind, options)} (${phase.name}): ${v.message}`);
  }
  return lines.length > 0 ? [bold('verdicts', options), ...lines] : [];
}

function renderPhase(phase: PhaseResult, options: RenderOptions): string[] {
  const mode = phase.rate === null ? 'closed loop' : `open model at ${formatCount(phase.rate)}/s`;
  const rounds = phase.rounds !== undefined && phase.rounds.length > 1 ? `, ${phase.rounds.length} rounds` : '';
  const lines = [
    `${bold(`phase ${phase.name}`, options)}: ${mode}, ${phase.connections} connections, ${phase.workers} worker(s), ${phase.durationS.toFixed(1)}s${rounds}${phase.partial ? ' (partial)' : ''}`,
  ];
  if (phase.rounds !== undefined && phase.rounds.length > 1) {
    const rates = phase.rounds.map((r) => formatCount(r.opsPerSec)).join(', ');
    lines.push(`  rounds: ops/s ${rates} (the phase's ops/s is their median); p99 ${phase.rounds.map((r) => formatUs(r.p99Us)).join(', ')}`);
  }
  if (phase.reset) {
    lines.push(`  reset before the phase: ${phase.reset.keysDeleted} keys deleted and the setup run again, ${formatUs(phase.reset.durationMs * 1000)} (not measured as load)`);
  }
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
  lines.push(...fitTable(rows, options.width - 2).map((l) => `  ${l}`));
  if (phase.nodes) {
    // Cluster targets: the same figures per node (the node that gave each command's final answer).
    const nodeRows: string[][] = [['node', ...header.slice(1)]];
    for (const [address, stats] of Object.entries(phase.nodes)) nodeRows.push(row(address, stats));
    lines.push(...fitTable(nodeRows, options.width - 2).map((l) => `  ${l}`));
    const redirects = Object.entries(phase.cluster ?? {}).map(([name, n]) => `${name.replace(/^cluster\./, '')} ${n}`);
    lines.push(`  cluster redirects and retries: ${redirects.length > 0 ? redirects.join(', ') : 'none'}`);
  }
  const server = serverLatencyView(phase);
  if (server.rows) lines.push(`  client vs server (server: LATENCY HISTOGRAM, log2 bucket upper bounds)`, ...fitTable(server.rows, options.width - 2).map((l) => `  ${l}`));
  lines.push(...server.notes.map((n) => `  ${n}`));
  const noise = clientNoiseLine(phase);
  if (noise !== null) lines.push(`  ${noise}`);
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
    if (s.scheduled !== undefined) {
      lines.push(
        `  scheduled ${s.scheduled} = ${s.completed} completed + ${s.errorReplies} error replies + ${s.transportFailures} transport failures + ${s.dropped} dropped + ${s.unsent} unsent + ${s.abandoned} abandoned`,
      );
    }
  } else if ((phase.totals.abandoned ?? 0) > 0) {
    lines.push(`  ${phase.totals.abandoned} commands were still in flight when the phase stopped waiting for replies (abandoned)`);
  }
  const lowerBounds = phase.totals.latencyUs.lowerBounds ?? 0;
  if (lowerBounds > 0) {
    lines.push(
      `  ${lowerBounds} latency entries are lower bounds: commands that never completed (timed out, abandoned, dropped or unsent), recorded with the wait they had when rbench gave up on them`,
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
  // Partial seconds (the end of each round) are left out: charted as whole ones they look like falls.
  const charts = timelineCharts(wholeRows(phase.timeline), options, formatCount, formatUs);
  if (charts.length > 0) lines.push('', ...charts);
  const spectrum = phase.totals.latencyUs.count > 0 ? spectrumChart(phase.totals.latencyUs.hdr, options, formatUs) : [];
  if (spectrum.length > 0) {
    const named = spectrumPoints(phase.totals.latencyUs.hdr).map((p) => `${p.percentile === 100 ? 'max' : `p${p.percentile}`} ${formatUs(p.valueUs)}`);
    lines.push('', ...spectrum, `  ${named.join(' · ')}`);
  }
  return lines;
}

/** Columns given up, in this order, when the table is wider than the terminal. */
const DROPPABLE = ['p90', 'mean', 'count', 'p99.9'];

/** The table, without its least useful columns while it is wider than `width`. */
function fitTable(rows: string[][], width: number): string[] {
  let current = rows;
  for (const name of DROPPABLE) {
    if (Math.max(...table(current).map((l) => l.length)) <= width) break;
    const i = current[0]!.indexOf(name);
    if (i > 0) current = current.map((r) => r.filter((_, j) => j !== i));
  }
  return table(current);
}

/** Length as shown: ANSI colour sequences take no columns. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
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
