/**
 * `rbench merge`: the N reports of a segmented run as one ordinary report. They must share a run
 * id and hold segments 0..N-1 exactly once; then phases are merged by name (merge-phase.ts),
 * setup counts, failures and warnings are added up, and each segment's environment is kept in
 * `merged.segments`. What depends on judging the whole (comparisons, verdicts, a sweep's capacity)
 * is computed again on the merged phases by the functions the caller passes, the same ones a run uses.
 */
import { UsageError } from '../shared/errors.js';
import { mergePhase, type MergeNotes, type SegmentPhase } from './merge-phase.js';
import { sumCounts } from './merge-stats.js';
import type { Comparison, PhaseResult, RunResult, Verdict } from './run-result.js';

/** A report and where it came from (for messages). */
export interface SegmentReport {
  source: string;
  result: RunResult;
}

/** What is judged again on the merged data. */
export interface MergeRules {
  comparePhases(phases: PhaseResult[]): Comparison[];
  /** The verdicts of a merged phase; absent: merged phases carry none. */
  verdicts?(phase: PhaseResult, result: RunResult): Verdict[];
  /** A sweep's capacity section from the merged result; absent: kept from segment 0. */
  capacity?(result: RunResult): RunResult['capacity'];
  /** The scenario's plan from the segments' plans (their shares added up); absent: segment 0's. */
  totalPlan?(plans: unknown[]): unknown;
}

/** Checks run id and segment coverage, then merges. Throws UsageError (exit 2) naming the problem. */
export function mergeReports(reports: readonly SegmentReport[], rules: MergeRules): RunResult {
  const ordered = checkSegments(reports);
  const results = ordered.map((r) => r.result);
  const first = results[0]!;
  const notes: MergeNotes = new Set();
  const phases = mergePhases(ordered, notes);
  const segment = first.segment!;
  const merged: RunResult = {
    ...first,
    environment: {
      ...first.environment,
      hostname: [...new Set(results.map((r) => r.environment.hostname))].join(', '),
      cpus: results.reduce((a, r) => a + r.environment.cpus, 0),
    },
    target: { ...first.target, nodes: [...new Set(results.flatMap((r) => r.target.nodes))].sort() },
    plan: rules.totalPlan ? rules.totalPlan(results.map((r) => r.plan)) : first.plan,
    startedAt: minIso(results.map((r) => r.startedAt)),
    endedAt: maxIso(results.map((r) => r.endedAt)),
    interrupted: results.some((r) => r.interrupted),
    setup: mergeSetup(results),
    phases,
    comparisons: rules.comparePhases(phases),
    failures: results.flatMap((r) => r.failures.map((f) => ({ ...f, message: `segment ${r.segment!.index}: ${f.message}` }))),
    warnings: [
      ...results.flatMap((r) => r.warnings.map((w) => `segment ${r.segment!.index}: ${w}`)),
      ...notes,
    ],
    merged: {
      runId: segment.runId,
      count: segment.count,
      segments: results.map((r) => ({
        index: r.segment!.index,
        environment: r.environment,
        startedAt: r.startedAt,
        clockOffsetMs: r.segment!.clockOffsetMs,
        warnings: r.warnings,
      })),
    },
  };
  delete merged.segment;
  // A drill's action and verifying writer ran in segment 0 only: its section is the run's.
  const drill = results.find((r) => r.drill !== undefined)?.drill;
  if (drill === undefined) delete merged.drill;
  else merged.drill = drill;
  if (rules.verdicts) {
    for (const phase of merged.phases) phase.verdicts = rules.verdicts(phase, merged);
  }
  if (first.capacity !== undefined && rules.capacity) merged.capacity = rules.capacity(merged);
  return merged;
}

/** The reports in segment order; exit 2 on a mixed run id, a missing or a doubled segment. */
export function checkSegments(reports: readonly SegmentReport[]): SegmentReport[] {
  if (reports.length === 0) throw new UsageError('nothing to merge', 'give the segment reports (files or a folder)');
  for (const r of reports) {
    if (r.result.segment === undefined) {
      throw new UsageError(`${r.source}: not a segment report (it has no "segment" field)`, 'merge the reports of a run started with --segment I/N or --segments N');
    }
  }
  const first = reports[0]!;
  const { runId, count } = first.result.segment!;
  for (const r of reports) {
    const s = r.result.segment!;
    if (s.runId !== runId) {
      throw new UsageError(`${r.source} is from run "${s.runId}", ${first.source} from run "${runId}"`, 'merge the reports of one run only (same --run-id)');
    }
    if (s.count !== count) {
      throw new UsageError(`${r.source} is segment ${s.index} of ${s.count}, ${first.source} of ${count}`, 'every segment of a run has the same count');
    }
  }
  const byIndex = new Map<number, string[]>();
  for (const r of reports) byIndex.set(r.result.segment!.index, [...(byIndex.get(r.result.segment!.index) ?? []), r.source]);
  const doubled = [...byIndex].filter(([, sources]) => sources.length > 1);
  if (doubled.length > 0) {
    const list = doubled.map(([index, sources]) => `segment ${index} (${sources.join(', ')})`).join('; ');
    throw new UsageError(`run "${runId}": given more than once: ${list}`, 'give each segment report once');
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError(
      `run "${runId}" has ${count} segments; missing: ${missing.map((i) => `segment ${i}`).join(', ')}`,
      'collect every pod\'s report (README: "Outgrowing one machine"); a merge of some segments would under-report the load',
    );
  }
  return [...reports].sort((a, b) => a.result.segment!.index - b.result.segment!.index);
}

/** Phases by name, in the order the first segment lists them (later ones appended). */
function mergePhases(reports: readonly SegmentReport[], notes: MergeNotes): PhaseResult[] {
  const names: string[] = [];
  for (const r of reports) for (const p of r.result.phases) if (!names.includes(p.name)) names.push(p.name);
  return names.map((name) => {
    const parts: SegmentPhase[] = reports.flatMap((r) => {
      const phase = r.result.phases.find((p) => p.name === name);
      return phase ? [{ segment: r.result.segment!.index, phase }] : [];
    });
    const merged = mergePhase(parts, notes);
    if (parts.length < reports.length) {
      const absent = reports.filter((r) => !r.result.phases.some((p) => p.name === name)).map((r) => r.result.segment!.index);
      notes.add(`phase ${name}: segments ${absent.join(', ')} did not run it; its figures are of the others only`);
      merged.partial = true;
    }
    return merged;
  });
}

/** Setup commands by label: each segment sent its share, so they add up. */
function mergeSetup(results: readonly RunResult[]): RunResult['setup'] {
  const labels: string[] = [];
  for (const r of results) for (const s of r.setup) if (!labels.includes(s.label)) labels.push(s.label);
  return labels.map((label) => {
    const steps = results.flatMap((r) => r.setup.filter((s) => s.label === label));
    return { label, ops: steps.reduce((a, s) => a + s.ops, 0), errors: sumCounts(steps.map((s) => s.errors)) };
  });
}

function minIso(times: readonly string[]): string {
  return new Date(Math.min(...times.map((t) => Date.parse(t)))).toISOString();
}

function maxIso(times: readonly string[]): string {
  return new Date(Math.max(...times.map((t) => Date.parse(t)))).toISOString();
}
