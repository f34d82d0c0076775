/**
 * Draws one ChartSpec with uPlot: hover shows every series' value at the cursor (the legend under
 * the chart), dragging across zooms into that range and a double click zooms back out; charts with
 * the same syncKey share the cursor and the zoom.
 */
import uPlot from 'uplot';
import type { ChartSpec, ValueUnit } from '../chart-spec.js';
import { formatCount, formatUs } from '../../format.js';
import type { Theme } from './theme.js';

const HEIGHT = 260;
const DASH = [8, 5];
/** Whole seconds between time-axis ticks: a timeline row is one second. */
const TIME_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Formats a value of `unit` for axes and the legend. */
export function formatValue(unit: ValueUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (unit === 'us') return formatUs(value);
  if (unit === 'ops') return `${formatCount(value)}/s`;
  return formatCount(value);
}

/** The percentile at a position of the log axis (0 -> 0%, 1 -> 90%, 2 -> 99%, 3 -> 99.9%). */
export function percentileLabel(x: number): string {
  const p = 100 * (1 - 10 ** -x);
  if (x >= 1) return `${p.toFixed(Math.max(0, Math.round(x) - 2))}%`;
  return `${p.toFixed(0)}%`;
}

/** Creates the chart inside `target`. */
export function drawChart(spec: ChartSpec, target: HTMLElement, theme: Theme, width: number, peers: Map<string, uPlot[]>): uPlot {
  const axisColours = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  const spectrum = spec.kind === 'spectrum';
  const data = spec.yLog ? spec.data.map((column, i) => (i === 0 ? column : column.map((v) => (v !== null && v > 0 ? v : null)))) : spec.data;
  const opts: uPlot.Options = {
    width,
    height: HEIGHT,
    // Room on the right for the last tick label (99.9999%).
    padding: [12, 28, 0, 0],
    scales: {
      x: { time: false },
      y: spec.yLog ? { distr: 3 } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
    },
    series: [
      { label: spectrum ? 'percentile' : 'second', value: (_u, v) => (v === null ? '–' : spectrum ? percentileLabel(v) : `${v.toFixed(0)} s`) },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: theme.series[s.colour % theme.series.length] ?? theme.text,
        width: 1.5,
        ...(s.dash ? { dash: DASH } : {}),
        points: { show: false },
        spanGaps: spectrum,
        value: (_u: uPlot, v: number | null) => formatValue(s.unit, v),
      })),
    ],
    axes: [
      {
        ...axisColours,
        ...(spectrum
          ? { splits: (u: uPlot) => integerSplits(u), values: (_u: uPlot, splits: number[]) => splits.map(percentileLabel) }
          : { incrs: TIME_INCREMENTS, values: (_u: uPlot, splits: number[]) => splits.map((v) => `${v}s`) }),
      },
      { ...axisColours, size: 70, values: (_u: uPlot, splits: number[]) => splits.map((v) => formatValue(spec.yUnit, v)) },
    ],
    cursor: { drag: { x: true, y: false }, ...(spec.syncKey ? { sync: { key: spec.syncKey } } : {}) },
    legend: { live: true },
    hooks: {
      drawClear: [(u) => drawBands(u, spec, theme)],
      draw: [(u) => drawMarks(u, spec, theme)],
      setScale: [(u, key) => syncZoom(u, key, spec.syncKey, peers)],
    },
  };
  const chart = new uPlot(opts, data as uPlot.AlignedData, target);
  if (spec.syncKey) peers.set(spec.syncKey, [...(peers.get(spec.syncKey) ?? []), chart]);
  return chart;
}

/** One grid line at each named percentile (90%, 99%, 99.9% ...) of the visible range. */
function integerSplits(u: uPlot): number[] {
  const min = Math.ceil(u.scales.x!.min ?? 0);
  const max = Math.floor(u.scales.x!.max ?? 0);
  const out: number[] = [];
  for (let x = min; x <= max; x++) out.push(x);
  return out;
}

function drawBands(u: uPlot, spec: ChartSpec, theme: Theme): void {
  const ctx = u.ctx;
  for (const band of spec.bands ?? []) {
    const left = u.valToPos(band.from, 'x', true);
    const right = u.valToPos(band.to, 'x', true);
    ctx.save();
    ctx.fillStyle = theme.band;
    ctx.fillRect(Math.min(left, right), u.bbox.top, Math.max(2, Math.abs(right - left)), u.bbox.height);
    ctx.restore();
  }
}

function drawMarks(u: uPlot, spec: ChartSpec, theme: Theme): void {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  for (const mark of spec.marks ?? []) {
    const x = Math.round(u.valToPos(mark.x, 'x', true));
    ctx.save();
    ctx.strokeStyle = theme.mark;
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = theme.mark;
    ctx.font = `${12 * ratio}px system-ui, sans-serif`;
    ctx.fillText(mark.label, x + 4 * ratio, u.bbox.top + 14 * ratio);
    ctx.restore();
  }
}

let syncing = false;

/** A zoom in one chart zooms the charts that share its key to the same x range. */
function syncZoom(u: uPlot, key: string, syncKey: string | undefined, peers: Map<string, uPlot[]>): void {
  if (key !== 'x' || syncKey === undefined || syncing) return;
  syncing = true;
  try {
    const { min, max } = u.scales.x!;
    for (const other of peers.get(syncKey) ?? []) {
      if (other !== u && min !== undefined && max !== undefined) other.setScale('x', { min, max });
    }
  } finally {
    syncing = false;
  }
}
