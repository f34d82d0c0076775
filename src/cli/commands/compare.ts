/**
 * `rbench compare BASE.json CURRENT.json` (or `--base A.json B.json --current C.json D.json`):
 * a side-by-side table with deltas; exit 1 when a threshold is crossed outside the measured
 * noise, 0 otherwise, 2 on bad input. A folder argument stands for the .json reports in it.
 */
import type { CommandModule } from 'yargs';
import { initHistogramBackend } from '../../metrics/index.js';
import { compareRuns, DEFAULT_THRESHOLDS, parsePercent, type Thresholds } from '../../report/compare.js';
import { renderComparison } from '../../report/compare-report.js';
import { renderCompareHtml } from '../../report/html/compare-page.js';
import { writeReportText } from '../../report/json-writer.js';
import { expandReportPaths, readReportFile } from '../../report/read-report.js';
import { renderOptionsFor } from '../../report/render-options.js';
import { ExitCode, UsageError } from '../../shared/errors.js';

interface CompareArgs {
  files?: string[];
  base?: string[];
  current?: string[];
  'max-throughput-drop'?: string;
  'max-p99-increase'?: string;
  html?: string;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare [files..]',
  describe: 'compare a baseline report with a current one; exit 1 on a regression (a CI gate)',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'BASE.json CURRENT.json (files or folders of reports)' })
      .option('base', { type: 'string', array: true, describe: 'baseline reports (several: summarised by their median)' })
      .option('current', { type: 'string', array: true, describe: 'current reports (several: summarised by their median)' })
      .option('max-throughput-drop', { type: 'string', describe: `fail when throughput drops by more than this (default ${DEFAULT_THRESHOLDS.maxThroughputDrop * 100}%)` })
      .option('max-p99-increase', { type: 'string', describe: `fail when p99 rises by more than this (default ${DEFAULT_THRESHOLDS.maxP99Increase * 100}%)` })
      .option('html', { type: 'string', describe: 'also write the comparison as one self-contained HTML page here' }) as never,
  handler: async (args) => {
    const thresholds: Thresholds = {
      maxThroughputDrop: args['max-throughput-drop'] === undefined ? DEFAULT_THRESHOLDS.maxThroughputDrop : parsePercent('max-throughput-drop', args['max-throughput-drop']),
      maxP99Increase: args['max-p99-increase'] === undefined ? DEFAULT_THRESHOLDS.maxP99Increase : parsePercent('max-p99-increase', args['max-p99-increase']),
    };
    const { base, current } = sides(args);
    await initHistogramBackend('wasm');
    const basePaths = await expandReportPaths(base);
    const currentPaths = await expandReportPaths(current);
    const baseRuns = await Promise.all(basePaths.map(readReportFile));
    const currentRuns = await Promise.all(currentPaths.map(readReportFile));
    [...basePaths, ...currentPaths].forEach((path, i) => {
      if ([...baseRuns, ...currentRuns][i]!.interrupted) process.stderr.write(`warning: ${path} is of an interrupted run; its figures are partial\n`);
    });
    const comparison = compareRuns(baseRuns, currentRuns, thresholds);
    process.stdout.write(
      renderComparison(comparison, thresholds, { base: baseRuns.length, current: currentRuns.length }, renderOptionsFor(process.stdout, process.env)),
    );
    if (args.html !== undefined) {
      const page = renderCompareHtml({
        comparison,
        thresholds,
        base: baseRuns.map((result, i) => ({ file: basePaths[i]!, result })),
        current: currentRuns.map((result, i) => ({ file: currentPaths[i]!, result })),
      });
      await writeReportText(args.html, page);
      process.stderr.write(`HTML comparison written to ${args.html}\n`);
    }
    process.exitCode = comparison.regressed ? ExitCode.runtime : ExitCode.ok;
  },
};

/** Which files are the baseline and which the current run. */
function sides(args: CompareArgs): { base: string[]; current: string[] } {
  const positional = args.files ?? [];
  if (args.base !== undefined || args.current !== undefined) {
    if (positional.length > 0) throw new UsageError('give the reports either as BASE CURRENT or with --base/--current, not both');
    if (!args.base?.length || !args.current?.length) throw new UsageError('--base and --current each need at least one report');
    return { base: args.base, current: args.current };
  }
  if (positional.length !== 2) {
    throw new UsageError(
      `expected two reports (BASE.json CURRENT.json), got ${positional.length}`,
      'for several runs per side: rbench compare --base a.json b.json --current c.json d.json (folders work too)',
    );
  }
  return { base: [positional[0]!], current: [positional[1]!] };
}
