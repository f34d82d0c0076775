/**
 * Throughput and latency over a phase, one point per timeline row. A row's rate is its ops over
 * the time it covers (`durationS`), so a first or last second that covers only part of a second
 * does not show as a fall; rows shorter than MIN_ROW_S are left out, their rate being noise.
 */
import type { DrillResult } from '../drill-result.js';
import type { PhaseExtras } from './report-extras.js';
import type { ChartSpec } from './chart-spec.js';
import type { PageCharts } from './page-charts.js';
import type { Markup } from './markup.js';

/** A row covering less than this (seconds) is not drawn. */
export const MIN_ROW_S = 0.25;

/** The ops/s and p50/p99 charts of a phase, sharing cursor and zoom. */
export function phaseTimelineCharts(phase: PhaseExtras, charts: PageCharts, syncKey: string): Markup[] {
  const rows = drawnRows(phase);
  if (rows.length < 2) return [];
  const xs = rows.map((r) => r.t);
  const anyErrors = rows.some((r) => r.errors > 0);
  const { marks, bands } = roundsAndStalls(phase);
  const throughput: Omit<ChartSpec, 'id'> = {
    kind: 'time',
    yUnit: 'ops',
    yLog: false,
    marks,
    bands,
    series: [{ label: 'ops/s', unit: 'ops', colour: 0 }, ...(anyErrors ? [{ label: 'errors/s', unit: 'ops' as const, colour: 1, dash: true }] : [])],
    data: [xs, rows.map((r) => r.rate), ...(anyErrors ? [rows.map((r) => r.errors / r.span)] : [])],
    syncKey,
  };
  const latency: Omit<ChartSpec, 'id'> = {
    kind: 'time',
    yUnit: 'us',
    yLog: false,
    marks,
    bands,
    series: [
      { label: 'p50', unit: 'us', colour: 2, dash: true },
      { label: 'p99', unit: 'us', colour: 3 },
    ],
    data: [xs, rows.map((r) => r.p50Us), rows.map((r) => r.p99Us)],
    syncKey,
  };
  const shaded = bands.length > 0 ? ' · shaded: stalls, no reply at all' : '';
  return [
    charts.figure(throughput, `Throughput over time, phase ${phase.name}${shaded}`),
    charts.figure(latency, `Latency over time (p50 dashed, p99 solid), phase ${phase.name}${shaded}`),
  ];
}

/**
 * Where each later round starts (rounds continue the seconds of the one before), and the stalls,
 * whose times count from their own round's start.
 */
export function roundsAndStalls(phase: PhaseExtras): { marks: NonNullable<ChartSpec['marks']>; bands: NonNullable<ChartSpec['bands']> } {
  const roundStart = new Map<number, number>();
  for (const row of phase.timeline) {
    if (row.round !== undefined && !roundStart.has(row.round)) roundStart.set(row.round, row.t);
  }
  const marks = [...roundStart].filter(([round]) => round > 0).map(([round, t]) => ({ x: t, label: `round ${round + 1}` }));
  const bands = (phase.stalls ?? []).map((s) => {
    const from = (roundStart.get(s.round) ?? 0) + s.atS;
    return { from, to: from + s.durationS, label: 'stall' };
  });
  return { marks, bands };
}

interface DrawnRow {
  t: number;
  span: number;
  rate: number;
  errors: number;
  p50Us: number;
  p99Us: number;
}

/** The rows worth drawing, each with the rate over the time it covers. */
export function drawnRows(phase: Pick<PhaseExtras, 'timeline' | 'durationS'>): DrawnRow[] {
  const out: DrawnRow[] = [];
  for (const row of phase.timeline) {
    // Older reports lack durationS: every row but a last one cut by the phase end covers 1 s.
    const span = row.durationS ?? Math.min(1, Math.max(0, phase.durationS - row.t));
    if (span < MIN_ROW_S) continue;
    const rate = row.durationS === undefined ? row.opsPerSec : row.ops / span;
    out.push({ t: row.t, span, rate, errors: row.errors, p50Us: row.p50Us, p99Us: row.p99Us });
  }
  return out;
}

/** A drill's timeline: ops/s and p99 with the event marked and the unavailability window shaded. */
export function drillTimelineCharts(drill: DrillResult, charts: PageCharts): Markup[] {
  const rows = drill.timeline;
  if (rows.length < 2) return [];
  const xs = rows.map((r) => r.t);
  const errors = rows.map((r) => Object.values(r.errors).reduce((a, b) => a + b, 0));
  const anyErrors = errors.some((n) => n > 0);
  const u = drill.unavailability;
  const last = rows[rows.length - 1]!.t + 1;
  const bands = u.startAtS === null ? [] : [{ from: u.startAtS, to: u.endAtS ?? last, label: 'unavailable' }];
  const marks = drill.eventAtS === null ? [] : [{ x: drill.eventAtS, label: `${drill.action}` }];
  const common = { kind: 'time' as const, yLog: false, bands, marks, syncKey: 'drill' };
  const caption = `${bands.length > 0 ? 'shaded: unavailability window · ' : ''}${marks.length > 0 ? 'dashed line: the event' : 'the event was not sent'}`;
  return [
    charts.figure(
      {
        ...common,
        yUnit: 'ops',
        series: [{ label: 'ops/s', unit: 'ops', colour: 0 }, ...(anyErrors ? [{ label: 'errors/s', unit: 'ops' as const, colour: 1, dash: true }] : [])],
        data: [xs, rows.map((r) => r.opsPerSec), ...(anyErrors ? [errors] : [])],
      },
      `Drill: throughput around the event (${caption})`,
    ),
    charts.figure(
      { ...common, yUnit: 'us', series: [{ label: 'p99', unit: 'us', colour: 3 }], data: [xs, rows.map((r) => r.p99Us)] },
      `Drill: p99 around the event (${caption})`,
    ),
  ];
}
