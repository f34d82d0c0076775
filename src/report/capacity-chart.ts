/**
 * Latency against throughput over a sweep, as a character scatter plot: x is achieved ops/s
 * (linear), y is p99 on a log scale (latency spans decades once the server saturates). Each
 * step is drawn as its number in the step table (1-9, then a-z), the SLO's p99 as a dashed
 * line. asciichart draws series over an index, which cannot show throughput going back down
 * past saturation, so this is drawn by hand.
 */
import type { CapacityResult } from './capacity-result.js';
import { formatCount, formatUs } from './format.js';

const MARKS = '123456789abcdefghijklmnopqrstuvwxyz';

/** The step's mark in the chart and the table. */
export function stepMark(index: number): string {
  return MARKS[index] ?? '*';
}

/** The chart as lines; empty when fewer than two steps have a latency. */
export function renderCapacityChart(capacity: CapacityResult, width = 60, height = 12): string[] {
  const steps = capacity.steps.map((s, i) => ({ x: s.opsPerSec, y: Math.max(1, s.latencyUs.p99), mark: stepMark(i) })).filter((p) => p.x > 0);
  if (steps.length < 2) return [];
  const sloUs = capacity.slo?.latencyUs.p99 ?? null;
  const ys = steps.map((p) => p.y).concat(sloUs === null ? [] : [sloUs]);
  const yLo = Math.log10(Math.min(...ys));
  const yHi = Math.max(Math.log10(Math.max(...ys)), yLo + 1e-9);
  const xHi = Math.max(...steps.map((p) => p.x));
  const row = (us: number) => height - 1 - Math.round(((Math.log10(us) - yLo) / (yHi - yLo)) * (height - 1));
  const col = (x: number) => Math.round((x / xHi) * (width - 1));
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  if (sloUs !== null) {
    const r = row(sloUs);
    for (let c = 0; c < width; c += 2) grid[r]![c] = '-';
  }
  for (const p of steps) grid[row(p.y)]![col(p.x)] = p.mark;
  const labels = grid.map((_, r) => {
    // Label the top, bottom, middle and the SLO row with the latency they stand for.
    const us = 10 ** (yHi - (r / (height - 1)) * (yHi - yLo));
    const show = r === 0 || r === height - 1 || r === Math.floor(height / 2) || (sloUs !== null && r === row(sloUs));
    return show ? formatUs(us) : '';
  });
  const pad = Math.max(...labels.map((l) => l.length));
  const lines = ['p99 latency vs throughput (steps numbered as in the table' + (sloUs === null ? ')' : '; - - - is the SLO p99)')];
  grid.forEach((cells, r) => lines.push(`${labels[r]!.padStart(pad)} |${cells.join('').trimEnd()}`));
  lines.push(`${' '.repeat(pad)} +${'-'.repeat(width)}`);
  const right = `${formatCount(xHi)} ops/s`;
  lines.push(`${' '.repeat(pad)}  0${right.padStart(width - 1)}`);
  return lines;
}
