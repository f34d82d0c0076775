/**
 * `rbench merge REPORTS... --out FILE`: the segment reports of one segmented run (files, or a
 * folder of them) as one report that `report`, `compare` and the CI gate read like any other.
 * Comparisons and a sweep's capacity are computed again on the merged phases.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { initHistogramBackend } from '../../metrics/index.js';
import { PLAN_DEFAULTS, totalPlan, type Plan } from '../../plan/index.js';
import { mergeReports, type MergeRules } from '../../report/merge-reports.js';
import { checkReport } from '../../report/read-report.js';
import { reportTextInLog } from '../../report/report-in-log.js';
import { UsageError } from '../../shared/errors.js';
import { withReportOutputOptions, type ReportOutputArgs } from '../options/run-options.js';
import { emitResult } from '../result-output.js';
import { prepareReports } from '../output-target.js';
import { comparePhases } from '../../report/phase-comparison.js';
import { phaseVerdicts } from '../../report/verdicts.js';
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
      describe: 'segment reports (JSON files, or pod logs holding one), or folders of them',
    }) as never,
  handler: async (args) => {
    await initHistogramBackend('wasm');
    const paths = await segmentPaths(args.reports);
    const reports = [];
    for (const source of paths) reports.push({ source, result: checkReport(await readSegmentReport(source), source) });
    const merged = mergeReports(reports, mergeRules);
    const name = (merged.plan as { name?: unknown } | null)?.name;
    const inputs = paths.map((path) => ({ path, what: 'one of the reports being merged' }));
    const reportsOut = await prepareReports(args, `${typeof name === 'string' ? name : 'run'}-merged`, inputs);
    await emitResult(merged, {
      quiet: args.quiet === true,
      jsonToStdout: reportsOut.jsonToStdout,
      paths: reportsOut.pathsFor(1, new Date(merged.startedAt)),
      htmlPath: args.html,
      secrets: [],
    });
  },
};

/** The same judgements a run makes, applied to the merged phases. */
export const mergeRules: MergeRules = {
  comparePhases,
  // Judged again on the merged figures: the segments' own verdicts saw only their share.
  verdicts: (phase, result) => phaseVerdicts(phase, { maxErrorRate: (result.plan as Partial<Plan> | null)?.maxErrorRate ?? PLAN_DEFAULTS.maxErrorRate }),
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

/** Files stay themselves; a folder gives its *.json and *.log files, sorted. */
async function segmentPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`${path}: no such file or folder`, 'give the segment reports (files or a folder of them)');
    if (!info.isDirectory()) {
      out.push(path);
      continue;
    }
    const files = (await readdir(path)).filter((f) => f.endsWith('.json') || f.endsWith('.log')).sort();
    if (files.length === 0) throw new UsageError(`${path}: a folder without any .json report or .log file in it`);
    out.push(...files.map((f) => join(path, f)));
  }
  return out;
}

/** A report file, or a pod log with the report in it (`kubectl logs` of a `--json -` run). */
async function readSegmentReport(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const json = reportTextInLog(text) ?? text;
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new UsageError(`${path}: no JSON report in it (${(err as Error).message})`, 'give the report a segment wrote (--out FILE, or its log with --json -)');
  }
}

function isPlan(plan: unknown): plan is Plan {
  return typeof plan === 'object' && plan !== null && Array.isArray((plan as Plan).phases) && Array.isArray((plan as Plan).setup);
}

