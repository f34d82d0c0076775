/** The terminal view of a comparison: a side-by-side table with deltas and the gate's verdict. */
import type { ComparisonRow, MetricDelta, RunComparison, Spread, Thresholds } from './compare.js';
import { bold, type RenderOptions } from './render-options.js';
import { wrap } from './terminal-report.js';
import { formatCount, formatUs } from './format.js';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** Renders the comparison; `files` says how many reports each side summarises. */
export function renderComparison(
  comparison: RunComparison,
  thresholds: Thresholds,
  files: { base: number; current: number },
  options: RenderOptions,
): string {
  const lines: string[] = [];
  const median = (n: number) => (n > 1 ? `median of ${n} runs (min–max)` : '1 run');
  lines.push(`baseline: ${median(files.base)}; current: ${median(files.current)}`);
  lines.push(
    `gate: throughput may drop by ${percent(thresholds.maxThroughputDrop)}, p99 may rise by ${percent(thresholds.maxP99Increase)}`,
  );
  const header = ['', 'base ops/s', 'current ops/s', 'change', 'base p99', 'current p99', 'change', 'verdict'];
  let phase = '';
  const rows: string[][] = [header];
  for (const r of comparison.rows) {
    if (r.phase !== phase) {
      phase = r.phase;
      rows.push([`phase ${phase}`]);
    }
    rows.push([
      r.command === null ? '  total' : `  ${r.command}`,
      spread(r.throughput.base, formatCount),
      spread(r.throughput.current, formatCount),
      change(r.throughput),
      spread(r.p99.base, formatUs),
      spread(r.p99.current, formatUs),
      change(r.p99),
      verdict(r),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)));
  for (const r of rows) {
    if (r.length === 1) {
      lines.push(bold(r[0]!, options));
      continue;
    }
    const text = r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
    lines.push(colour(text, r[r.length - 1]!, options));
  }
  // Table rows stay whole (a wrapped row is unreadable); prose below it wraps to the width.
  const prose = (text: string) => lines.push(...wrap(text, options.width));
  for (const note of comparison.unmatched) prose(`note: ${note} (not compared)`);
  const regressions = comparison.rows.flatMap((r) => findings(r, 'regressed'));
  const noise = comparison.rows.flatMap((r) => findings(r, 'noise'));
  if (noise.length > 0) {
    prose(`within the measured noise (the runs' min–max ranges overlap), not failing: ${noise.join('; ')}`);
  }
  if (regressions.length > 0) prose(`REGRESSION: ${regressions.join('; ')}`);
  else prose('no regression beyond the thresholds');
  return `${lines.join('\n')}\n`;
}

function spread(s: Spread, format: (n: number) => string): string {
  return s.runs > 1 ? `${format(s.median)} (${format(s.min)}–${format(s.max)})` : format(s.median);
}

function change(d: MetricDelta): string {
  if (d.change === null) return 'n/a';
  const pct = d.change * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

function verdict(r: ComparisonRow): string {
  const verdicts = [r.throughput.verdict, r.p99.verdict];
  if (verdicts.includes('regressed')) {
    const which = [r.throughput.verdict === 'regressed' ? 'throughput' : '', r.p99.verdict === 'regressed' ? 'p99' : ''].filter(Boolean);
    return `REGRESSED (${which.join(', ')})`;
  }
  if (verdicts.includes('noise')) return 'noise';
  return 'ok';
}

function findings(r: ComparisonRow, wanted: 'regressed' | 'noise'): string[] {
  const where = `${r.phase}${r.command === null ? '' : ` ${r.command}`}`;
  const out: string[] = [];
  if (r.throughput.verdict === wanted) out.push(`${where} throughput ${change(r.throughput)}`);
  if (r.p99.verdict === wanted) out.push(`${where} p99 ${change(r.p99)}`);
  return out;
}

function colour(text: string, verdictText: string, options: RenderOptions): string {
  if (!options.color) return text;
  if (verdictText.startsWith('REGRESSED')) return `${RED}${text}${RESET}`;
  if (verdictText === 'noise') return `${YELLOW}${text}${RESET}`;
  return text;
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}
