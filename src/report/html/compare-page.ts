/**
 * The HTML view of `rbench compare`: the gate's verdict, the table with coloured deltas (each
 * with its sign and a word, so it reads without colour) and "within noise" where the runs'
 * ranges overlap, then per phase the baseline and current runs overlaid: throughput over time
 * and the latency spectrum. Embeds the comparison and every report it read.
 */
import type { ComparisonRow, MetricDelta, RunComparison, Spread, Thresholds } from '../compare.js';
import { formatCount, formatUs } from '../format.js';
import type { RunResult } from '../run-result.js';
import type { SeriesSpec } from './chart-spec.js';
import { renderDocument } from './document.js';
import { html, type Markup } from './markup.js';
import { formatChange } from './numbers.js';
import { PageCharts } from './page-charts.js';
import { extras } from './report-extras.js';
import { sampleSpectrum } from './spectrum-chart.js';
import { drawnRows } from './timeline-charts.js';
import { spectrumExtent } from '../percentile-spectrum.js';

export interface CompareInput {
  comparison: RunComparison;
  thresholds: Thresholds;
  base: { file: string; result: RunResult }[];
  current: { file: string; result: RunResult }[];
}

/** The self-contained comparison page. */
export function renderCompareHtml(input: CompareInput): string {
  const charts = new PageCharts();
  const { comparison, thresholds } = input;
  const noise = comparison.rows.some((r) => r.throughput.verdict === 'noise' || r.p99.verdict === 'noise');
  const verdict = comparison.regressed
    ? html`<p class="bad" data-regressed="true"><strong>✗ REGRESSION</strong> beyond the thresholds and outside the measured noise (exit 1)</p>`
    : html`<p class="good" data-regressed="false"><strong>✓ no regression</strong> beyond the thresholds${noise ? ' (some changes beyond them are within the noise)' : ''}</p>`;
  const phases = [...new Set(comparison.rows.map((r) => r.phase))];
  const body = html`<header><div class="topline"><h1>rbench compare</h1><a class="download" data-download-json href="#" download="rbench-compare.json">download JSON</a></div>
<dl class="settings">
<dt>baseline</dt><dd>${input.base.map((b, i) => html`${i > 0 ? html`<br>` : ''}<code>${b.file}</code> (${b.result.startedAt}, rbench ${b.result.rbench.version})`)}</dd>
<dt>current</dt><dd>${input.current.map((c, i) => html`${i > 0 ? html`<br>` : ''}<code>${c.file}</code> (${c.result.startedAt}, rbench ${c.result.rbench.version})`)}</dd>
<dt>target</dt><dd><code>${input.current[0]?.result.target.url ?? '?'}</code> · Redis ${input.current[0]?.result.target.serverVersion ?? '?'}</dd>
<dt>gate</dt><dd>throughput may drop by ${pct(thresholds.maxThroughputDrop)}, p99 may rise by ${pct(thresholds.maxP99Increase)}; several runs per side are summarised by their median (min–max)</dd>
</dl></header>
<section class="verdicts${comparison.regressed ? ' flagged' : ''}" id="verdicts"><h2>Verdict</h2>${verdict}
${comparison.unmatched.length > 0 ? html`<ul>${comparison.unmatched.map((u) => html`<li class="muted">${u} (not compared)</li>`)}</ul>` : ''}</section>
<section id="deltas"><h2>Deltas</h2>${deltaTable(comparison.rows)}</section>
${phases.map((phase) => overlays(phase, input, charts))}`;
  return renderDocument({ title: 'rbench compare', body, charts: charts.specs, embedded: { kind: 'rbench-compare', thresholds, comparison, base: input.base, current: input.current } });
}

function deltaTable(rows: ComparisonRow[]): Markup {
  return html`<div class="table-wrap"><table><thead><tr><th>phase · command</th><th>base ops/s</th><th>current ops/s</th><th>change</th><th>base p99</th><th>current p99</th><th>change</th><th class="text">verdict</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr data-phase="${r.phase}" data-command="${r.command ?? 'total'}"><td>${r.phase} · ${r.command ?? 'total'}</td>
<td data-field="baseOpsPerSec" data-value="${r.throughput.base.median}">${spread(r.throughput.base, formatCount)}</td><td data-field="currentOpsPerSec" data-value="${r.throughput.current.median}">${spread(r.throughput.current, formatCount)}</td>${change(r.throughput, false)}
<td data-field="baseP99" data-value="${r.p99.base.median}">${spread(r.p99.base, formatUs)}</td><td data-field="currentP99" data-value="${r.p99.current.median}">${spread(r.p99.current, formatUs)}</td>${change(r.p99, true)}
<td class="text" data-verdict="${verdictOf(r)}">${verdictText(r)}</td></tr>`,
)}</tbody></table></div>`;
}

/** The change cell: red and "worse" past the threshold, amber "within noise", green "better". */
function change(d: MetricDelta, worseIsHigher: boolean): Markup {
  const worse = d.change !== null && (worseIsHigher ? d.change > 0 : d.change < 0);
  const cls = d.verdict === 'regressed' ? 'bad' : d.verdict === 'noise' ? 'warn' : d.change !== null && d.change !== 0 && !worse ? 'good' : '';
  const word = d.change === null || d.change === 0 ? '' : worse ? ' worse' : ' better';
  return html`<td class="${cls}" data-value="${d.change ?? ''}">${formatChange(d.change)}${word}${d.verdict === 'noise' ? ' · within noise' : ''}</td>`;
}

function verdictOf(r: ComparisonRow): string {
  const v = [r.throughput.verdict, r.p99.verdict];
  return v.includes('regressed') ? 'regressed' : v.includes('noise') ? 'noise' : 'ok';
}

function verdictText(r: ComparisonRow): Markup {
  const v = verdictOf(r);
  if (v === 'regressed') return html`<strong class="bad">✗ regressed</strong>`;
  if (v === 'noise') return html`<span class="warn">~ within noise (the runs' ranges overlap)</span>`;
  return html`<span class="good">✓ ok</span>`;
}

/** Baseline (solid) and current (dashed) runs of one phase, overlaid. */
function overlays(phase: string, input: CompareInput, charts: PageCharts): Markup {
  const runs = [
    ...input.base.map((b, i) => ({ name: input.base.length > 1 ? `base ${i + 1}` : 'base', result: b.result, current: false })),
    ...input.current.map((c, i) => ({ name: input.current.length > 1 ? `current ${i + 1}` : 'current', result: c.result, current: true })),
  ]
    .map((run) => ({ ...run, phase: run.result.phases.find((p) => p.name === phase) }))
    .filter((run) => run.phase !== undefined);
  const series = (unit: 'ops' | 'us'): SeriesSpec[] => runs.map((r) => ({ label: r.name, unit, colour: r.current ? 1 : 0, ...(r.current ? { dash: true } : {}) }));
  const rows = runs.map((r) => drawnRows(extras(r.phase!)));
  const seconds = [...new Set(rows.flatMap((list) => list.map((row) => row.t)))].sort((a, b) => a - b);
  const timeline = rows.map((list) => {
    const byT = new Map(list.map((row) => [row.t, row.rate]));
    return seconds.map((t) => byT.get(t) ?? null);
  });
  const extent = Math.max(...runs.map((r) => spectrumExtent(r.phase!.totals.latencyUs.count)));
  const xs = Array.from({ length: 241 }, (_, i) => (i / 240) * extent);
  const spectra = runs.map((r) => sampleSpectrum(r.phase!.totals.latencyUs.hdr, xs));
  return html`<section class="phase" data-phase="${phase}"><h2>Phase ${phase}: baseline (solid) and current (dashed)</h2>
${seconds.length > 1 ? charts.figure({ kind: 'time', yUnit: 'ops', yLog: false, series: series('ops'), data: [seconds, ...timeline] }, `Throughput over time, phase ${phase}`) : ''}
${charts.figure({ kind: 'spectrum', yUnit: 'us', yLog: true, series: series('us'), data: [xs, ...spectra] }, `Latency percentile spectrum, phase ${phase}`)}
</section>`;
}

function spread(s: Spread, format: (n: number) => string): string {
  return s.runs > 1 ? `${format(s.median)} (${format(s.min)}–${format(s.max)})` : format(s.median);
}

function pct(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}
