/**
 * asciichart line charts for the terminal report: throughput and p99 over a phase's timeline,
 * and the latency percentile spectrum. Pure functions of data and RenderOptions; every line they
 * return fits in `options.width` columns.
 */
import * as asciichart from 'asciichart';
import { percentileToX, spectrumCurve } from './percentile-spectrum.js';
import type { RenderOptions } from './render-options.js';

const CHART_HEIGHT = 8;
const INDENT = '  ';
/** asciichart puts " ┤" (or " ┼") between the y label and the series. */
const AXIS_COLUMNS = 2;

export interface SeriesChart {
  title: string;
  /** The series at exactly `columns` points (resampled or computed for that width). */
  sample: (columns: number) => number[];
  /** y-axis label for a value (padded to the widest). */
  format: (value: number) => string;
  /** Labels under the x axis: [column fraction 0..1, text]. */
  xTicks: [number, string][];
}

/**
 * Resamples a series to exactly `columns` points: longer series are reduced per bucket with
 * `reduce` (mean for rates, max for tail latency, so a spike is never averaged away); shorter
 * ones are stretched by repeating points, so a 10-second phase still fills the width.
 */
export function resample(values: number[], columns: number, reduce: 'mean' | 'max'): number[] {
  if (values.length === 0 || columns <= 0) return [];
  const out: number[] = [];
  for (let i = 0; i < columns; i++) {
    const from = Math.floor((i * values.length) / columns);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / columns));
    let acc = reduce === 'max' ? -Infinity : 0;
    for (let j = from; j < to; j++) acc = reduce === 'max' ? Math.max(acc, values[j]!) : acc + values[j]!;
    out.push(reduce === 'max' ? acc : acc / (to - from));
  }
  return out;
}

/** Columns left for the series once the indent, y labels and axis are drawn. */
export function plotColumns(width: number, labelWidth: number): number {
  return Math.max(8, width - INDENT.length - labelWidth - AXIS_COLUMNS - 1);
}

/** The y values asciichart labels (top to bottom) for a plot from 0 to `max`. */
function rowValues(max: number): number[] {
  return Array.from({ length: CHART_HEIGHT + 1 }, (_, k) => max - (k * max) / CHART_HEIGHT);
}

function labelWidthFor(values: number[], format: (v: number) => string): number {
  const max = (values.length === 0 ? 0 : Math.max(...values)) || 1;
  return Math.max(...rowValues(max).map((v) => format(v).length));
}

/** Draws one chart: title, the plot (y from 0 to the maximum) and the x-axis labels. */
export function drawChart(chart: SeriesChart, options: RenderOptions): string[] {
  // The y labels' width decides how many columns the series gets, and the series' maximum
  // decides the labels: widen until they agree (a few rounds at most).
  let labelWidth = 1;
  let values: number[] = [];
  for (let round = 0; round < 6; round++) {
    values = chart.sample(plotColumns(options.width, labelWidth));
    const needed = labelWidthFor(values, chart.format);
    if (needed <= labelWidth) break;
    labelWidth = needed;
  }
  if (values.length === 0) return [];
  // An all-zero series still gets a scale (0 to 1), so its labels read as numbers.
  const max = Math.max(...values) || 1;
  const plot = asciichart.plot(values, {
    height: CHART_HEIGHT,
    min: 0,
    max,
    format: (v) => chart.format(v).padStart(labelWidth),
    ...(options.color ? { colors: [asciichart.cyan] } : {}),
  });
  const lines = [`${INDENT}${chart.title}`];
  for (const line of plot.split('\n')) lines.push(`${INDENT}${line.replace(/\s+$/, '')}`);
  lines.push(`${INDENT}${' '.repeat(labelWidth + AXIS_COLUMNS)}${tickLine(chart.xTicks, values.length)}`);
  return lines;
}

/** Places tick labels under their columns, dropping any that would overlap the previous one. */
export function tickLine(ticks: [number, string][], columns: number): string {
  let line = '';
  for (const [fraction, text] of ticks) {
    let at = Math.round(fraction * (columns - 1));
    // Right-align a label that would run past the last column.
    if (at + text.length > columns) at = columns - text.length;
    if (at < line.length + (line.length > 0 ? 1 : 0)) continue;
    line = line.padEnd(at) + text;
  }
  return line;
}

/** Throughput (ops/s per second of the phase) and p99 per second, one chart each. */
export function timelineCharts(
  timeline: { opsPerSec: number; p99Us: number }[],
  options: RenderOptions,
  formatRate: (n: number) => string,
  formatLatency: (us: number) => string,
): string[] {
  // One point says nothing about change over time.
  if (timeline.length < 2) return [];
  const seconds = timeline.length;
  const xTicks: [number, string][] = [
    [0, '0s'],
    [0.5, `${(seconds / 2).toFixed(seconds % 2 === 0 ? 0 : 1)}s`],
    [1, `${seconds}s`],
  ];
  const rates = timeline.map((r) => r.opsPerSec);
  const p99s = timeline.map((r) => r.p99Us);
  return [
    ...drawChart({ title: 'throughput (ops/s) over time', sample: (n) => resample(rates, n, 'mean'), format: formatRate, xTicks }, options),
    '',
    ...drawChart({ title: 'p99 latency over time', sample: (n) => resample(p99s, n, 'max'), format: formatLatency, xTicks }, options),
  ];
}

/** The percentile spectrum of a histogram, x on the log percentile axis. */
export function spectrumChart(hdr: string, options: RenderOptions, formatLatency: (us: number) => string): string[] {
  let extent = 2;
  const sample = (columns: number) => {
    const curve = spectrumCurve(hdr, columns);
    extent = curve.extent;
    return curve.values;
  };
  // Sample once to learn the extent, which places the tick labels.
  if (sample(2).length === 0) return [];
  const ticks: [number, string][] = [[0, '0%']];
  for (const p of [50, 90, 99, 99.9, 99.99, 99.999, 99.9999]) {
    const x = percentileToX(p);
    if (x <= extent + 1e-9) ticks.push([x / extent, `${p}%`]);
  }
  return drawChart({ title: 'latency by percentile (log scale)', sample, format: formatLatency, xTicks: ticks }, options);
}
