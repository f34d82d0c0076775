/**
 * `rbench merge REPORTS... --out FILE`: the segment reports of one segmented run (files, or a
 * folder of them) as one report that `report`, `compare` and the CI gate read like any other.
 * Comparisons and a sweep's capacity are computed again on the merged phases.
 */
import type { CommandModule } from 'yargs';
import { initHistogramBackend } from '../../metrics/index.js';
import { totalPlan, type Plan } from '../../plan/index.js';
import { defaultReportPath } from '../../report/json-writer.js';
import { mergeReports, type MergeRules } from '../../report/merge-reports.js';
import { expandReportPaths, readReportFile } from '../../report/read-report.js';
import { UsageError } from '../../shared/errors.js';
import { withReportOutputOptions, type ReportOutputArgs } from '../options/run-options.js';
import { emitResult } from '../result-output.js';
import { comparePhases } from '../run-session.js';
import { withCapacity } from './sweep.js';

interface MergeArgs extends ReportOutputArgs {
  reports: string[];
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <reports..>',
  describe: 'merge the reports of a segmented run (--segment I/N) into one report',
  builder: (y) =>
    withReportOutputOptions(y).positional('reports', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'segment reports, or folders of them',
    }) as never,
  handler: async (args) => {
    await initHistogramBackend('wasm');
    const paths = await expandReportPaths(args.reports);
    const reports = [];
    for (const source of paths) reports.push({ source, result: await readReportFile(source) });
    const merged = mergeReports(reports, mergeRules);
    const jsonToStdout = args.json === '-' || args.json === '';
    const name = (merged.plan as { name?: unknown } | null)?.name;
    await emitResult(merged, {
      quiet: args.quiet === true,
      jsonToStdout,
      path: args.out ?? args.json ?? defaultReportPath(`${typeof name === 'string' ? name : 'run'}-merged`, new Date(merged.startedAt)),
      secrets: [],
    });
  },
};

/** The same judgements a run makes, applied to the merged phases. */
export const mergeRules: MergeRules = {
  comparePhases,
  totalPlan: (plans) => {
    if (!plans.every(isPlan)) throw new UsageError('a segment report has no plan (or not one written by rbench run)', 'merge reports written by rbench run, sweep or drill');
    return totalPlan(plans);
  },
  capacity: (result) => {
    const plan = result.plan as Plan;
    const before = result.capacity;
    if (before === undefined || plan.sweep === undefined) return before;
    const p = before.projection;
    const projection =
      p === null || p === undefined
        ? null
        : { planOpsPerSec: p.planOpsPerSec, planKeys: p.planKeys, headroom: p.headroom, shardMemoryBytes: p.shardMemorySource === '--shard-memory' ? p.shardMemoryBytes : null };
    // Memory per key was measured by segment 0 on the whole data set; the steps are judged again.
    return withCapacity(result, plan, before.stoppedEarly, before.memory ?? null, projection).capacity;
  },
};

function isPlan(plan: unknown): plan is Plan {
  return typeof plan === 'object' && plan !== null && Array.isArray((plan as Plan).phases) && Array.isArray((plan as Plan).setup);
}

