/** The drill's per-second view of the load: the phase timeline with its errors split by kind. */
import type { EncodedStageSnapshot } from '../metrics/index.js';
import type { DrillTimelineRow } from '../report/drill-result.js';
import type { TimelineRow } from '../report/run-result.js';
import { isRoleLabel } from '../shared/role-labels.js';

/** Errors by kind for each second: the workers' i-th interval snapshots added up. */
export function errorsBySecond(intervals: readonly (readonly EncodedStageSnapshot[])[]): Record<string, number>[] {
  const seconds = Math.max(0, ...intervals.map((list) => list.length));
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < seconds; i++) {
    const errors: Record<string, number> = {};
    for (const list of intervals) {
      for (const c of list[i]?.commands ?? []) {
        if (isRoleLabel(c.label)) continue;
        for (const [kind, n] of Object.entries(c.errors)) errors[kind] = (errors[kind] ?? 0) + n;
      }
    }
    rows.push(errors);
  }
  return rows;
}

/** Joins the phase timeline (throughput, p99) with the errors by kind. */
export function drillTimeline(timeline: readonly TimelineRow[], errors: readonly Record<string, number>[]): DrillTimelineRow[] {
  return timeline.map((row, i) => ({
    t: row.t,
    ...(row.durationS === undefined ? {} : { durationS: row.durationS }),
    ops: row.ops,
    opsPerSec: row.opsPerSec,
    p99Us: row.p99Us,
    errors: errors[i] ?? {},
  }));
}
