/**
 * The phase comparison (pipelined against unpipelined, or any later phase against the first):
 * throughput and p99 of every phase as bars with their spread over rounds, and the ratios, with
 * "within noise" when the rounds' ranges overlap.
 */
import { formatCount, formatUs } from '../format.js';
import type { RunResult } from '../run-result.js';
import { html, type Markup } from './markup.js';
import { extras, type ComparisonExtras, type PhaseExtras } from './report-extras.js';
import { barChart, type Bar } from './svg-bars.js';

/** The comparison section, or nothing with fewer than two phases. */
export function comparisonSection(result: RunResult): Markup {
  if (result.comparisons.length === 0 || result.phases.length < 2) return html``;
  const phases = result.phases.map(extras);
  const spread = (p: PhaseExtras, pick: (r: { opsPerSec: number; p99Us: number }) => number): [number, number] | undefined => {
    if (!p.rounds || p.rounds.length < 2) return undefined;
    const values = p.rounds.map(pick);
    return [Math.min(...values), Math.max(...values)];
  };
  const throughput: Bar[] = phases.map((p) => ({ label: p.name, value: p.totals.opsPerSec, ...optional(spread(p, (r) => r.opsPerSec)) }));
  const p99: Bar[] = phases.map((p) => ({ label: p.name, value: p.totals.latencyUs.p99, alt: true, ...optional(spread(p, (r) => r.p99Us)) }));
  const withRounds = phases.some((p) => (p.rounds?.length ?? 0) > 1);
  return html`<section id="comparison">
<h2>Phase comparison</h2>
${barChart(`Throughput per phase${withRounds ? ' (whiskers: min–max over rounds)' : ''}`, throughput, (n) => `${formatCount(n)}/s`)}
${barChart(`p99 per phase${withRounds ? ' (whiskers: min–max over rounds)' : ''}`, p99, formatUs)}
<table><thead><tr><th>comparison</th><th>throughput</th><th>p99</th><th class="text">noise</th></tr></thead><tbody>
${(result.comparisons as ComparisonExtras[]).map(
  (c) => html`<tr data-comparison="${c.other}"><td>${c.other} vs ${c.baseline}</td><td data-value="${c.throughputRatio}">×${c.throughputRatio.toFixed(2)}</td><td data-value="${c.p99Ratio}">×${c.p99Ratio.toFixed(2)}</td><td class="text">${noise(c)}</td></tr>`,
)}
</tbody></table>
</section>`;
}

function noise(c: ComparisonExtras): Markup {
  if (c.withinNoise === undefined) return html`<span class="muted">no rounds to judge the noise</span>`;
  const range = c.throughputRange
    ? ` (${formatCount(c.throughputRange.baseline[0])}–${formatCount(c.throughputRange.baseline[1])}/s against ${formatCount(c.throughputRange.other[0])}–${formatCount(c.throughputRange.other[1])}/s)`
    : '';
  return c.withinNoise
    ? html`<span class="warn" data-within-noise="true">within noise: the rounds' ranges overlap${range}</span>`
    : html`<span data-within-noise="false">outside the noise${range}</span>`;
}

function optional(range: [number, number] | undefined): { range?: [number, number] } {
  return range === undefined ? {} : { range };
}
