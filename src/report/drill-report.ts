/** The drill part of the terminal report: a pure function of the DrillResult. */
import { wholeRows } from './verdicts.js';
import { plot } from 'asciichart';
import type { DrillResult, DrillTimelineRow } from './drill-result.js';
import { formatCount, formatUs } from './format.js';

const VIA: Record<string, string> = { 'switch-master': '+switch-master', lookup: 'own lookup', moved: 'MOVED reply' };

/** Seconds of timeline shown in the table before and after the event. */
const TABLE_BEFORE_S = 2;
const TABLE_AFTER_S = 6;
const CHART_WIDTH = 60;

/** Renders the drill section as lines. */
export function renderDrill(d: DrillResult): string[] {
  const lines: string[] = [];
  const when = d.eventAtS === null ? `planned at ${d.plannedAtS.toFixed(1)}s, not sent` : `at ${d.eventAtS.toFixed(2)}s`;
  lines.push(`drill ${d.action} in phase ${d.phase} ${when}: ${d.trigger}`);
  if (d.triggerError) lines.push(`  the action failed: ${d.triggerError}`);
  const moved = d.masterBefore !== d.masterAfter;
  const found = d.discovery.newMasterFoundMs === null ? '' : `, found ${ms(d.discovery.newMasterFoundMs)} after the event (${VIA[d.discovery.via ?? 'lookup']})`;
  lines.push(`  master: ${d.masterBefore ?? '?'}${moved ? ` -> ${d.masterAfter ?? '?'}${found}` : ' (unchanged)'}`);
  const u = d.unavailability;
  if (u.startAtS === null) {
    lines.push(`  unavailability: none seen (no verifying write failed or took over ${ms(u.stallThresholdMs)})`);
  } else if (u.endAtS === null) {
    lines.push(`  unavailability: from ${u.startAtS.toFixed(2)}s (${u.firstFailure}) to the end of the phase: no write succeeded on ${d.masterAfter ?? 'the master'} after it`);
  } else {
    lines.push(`  unavailability: ${ms(u.windowMs)}, from ${u.startAtS.toFixed(2)}s (first failure: ${u.firstFailure}) to ${u.endAtS.toFixed(2)}s (first write acknowledged by ${d.masterAfter})`);
  }
  const w = d.writes;
  if (w.sent > 0) {
    const waitText = w.wait ? ` with WAIT ${w.wait.replicas} ${w.wait.timeoutMs}` : ' without WAIT';
    lines.push(`  verifying writes${waitText}: ${w.sent} sent, ${w.acknowledged} acknowledged, ${w.failed} failed${w.wait ? `, ${w.notReplicated} acknowledged but not replicated` : ''}`);
    if (w.verifyError) lines.push(`  lost writes: unknown, the read-back failed: ${w.verifyError}`);
    else {
      lines.push(`  lost acknowledged writes: ${w.missing} of ${w.acknowledged}${w.missingSample.length > 0 ? ` (e.g. ${w.missingSample.slice(0, 3).join(', ')})` : ''}`);
      if (w.wait && w.notReplicated > 0) lines.push(`  lost among the unreplicated acknowledgements: ${w.missingNotReplicated} of ${w.notReplicated}`);
    }
  }
  // A partial last second is left out of the charts: plotted as a whole one it looks like an outage.
  const charted = wholeRows(d.timeline);
  if (charted.length > 1) {
    lines.push('', '  ops/s per second (^ marks the event)', ...chart(charted.map((r) => r.opsPerSec), d.eventAtS, formatCount));
    lines.push('', '  p99 per second', ...chart(charted.map((r) => r.p99Us), d.eventAtS, formatUs));
    lines.push('', ...eventTable(d.timeline, d.eventAtS));
  }
  return lines;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

/** An asciichart plot, each second stretched to a few columns, with a ^ under the event's second. */
function chart(values: number[], eventAtS: number | null, format: (n: number) => string): string[] {
  const stretch = Math.max(1, Math.floor(CHART_WIDTH / values.length));
  const series = values.flatMap((v) => Array.from({ length: stretch }, () => v));
  const text = plot(series, { height: 8, format: (n: number) => format(Math.max(0, n)).padStart(8) });
  const lines = text.split('\n').map((l) => `  ${l}`);
  if (eventAtS !== null) {
    const axis = lines[0]!.search(/[┤┼]/);
    const column = axis + 1 + Math.min(series.length - 1, Math.floor(eventAtS * stretch));
    lines.push(`${' '.repeat(column)}^ event`);
  }
  return lines;
}

function eventTable(rows: DrillTimelineRow[], eventAtS: number | null): string[] {
  const at = eventAtS === null ? 0 : Math.floor(eventAtS);
  const shown = rows.filter((r) => r.t >= at - TABLE_BEFORE_S && r.t <= at + TABLE_AFTER_S);
  const out = ['  second   ops/s       p99  errors'];
  for (const r of shown) {
    const errors = Object.entries(r.errors).map(([k, n]) => `${k}:${n}`).join(' ') || '0';
    const mark = eventAtS !== null && r.t === at ? '>' : ' ';
    out.push(` ${mark}${String(r.t).padStart(6)}  ${formatCount(r.opsPerSec).padStart(6)}  ${formatUs(r.p99Us).padStart(8)}  ${errors}`);
  }
  return out;
}
