/**
 * `rbench report FILE.json`: re-renders the terminal report of a saved run, exactly as the run
 * printed it (same width and colour rules); `--percentiles` prints the full percentile
 * distribution of every phase and command instead; `--html FILE` writes the self-contained HTML
 * page of the report instead of printing it.
 */
import type { CommandModule } from 'yargs';
import { initHistogramBackend } from '../../metrics/index.js';
import { percentileDistribution } from '../../report/percentile-spectrum.js';
import { readReportFile } from '../../report/read-report.js';
import { renderOptionsFor } from '../../report/render-options.js';
import type { RunResult } from '../../report/run-result.js';
import { renderReport } from '../../report/terminal-report.js';
import { writeHtmlReport } from '../result-output.js';

interface ReportArgs {
  file: string;
  percentiles?: boolean;
  html?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <file>',
  describe: 'show a saved JSON report as the run showed it',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'JSON report written by rbench run' })
      .option('percentiles', { type: 'boolean', describe: 'print the full percentile distribution of each phase and command' })
      .option('html', { type: 'string', describe: 'write the report as one self-contained HTML page here instead of printing it' }) as never,
  handler: async (args) => {
    // The same backend as `rbench run`, so every recomputed percentile is the same.
    await initHistogramBackend('wasm');
    const result = await readReportFile(args.file);
    if (args.html !== undefined) await writeHtmlReport(args.html, result, false);
    else if (args.percentiles) process.stdout.write(renderDistributions(result));
    else process.stdout.write(renderReport(result, renderOptionsFor(process.stdout, process.env)));
  },
};

/** Every phase's totals and commands as HdrHistogram percentile distributions (microseconds). */
export function renderDistributions(result: RunResult): string {
  const parts: string[] = [];
  for (const phase of result.phases) {
    const sections: [string, string][] = [['total', phase.totals.latencyUs.hdr], ...Object.entries(phase.commands).map(([l, s]): [string, string] => [l, s.latencyUs.hdr])];
    for (const [label, hdr] of sections) {
      parts.push(`phase ${phase.name}, ${label}: latency percentile distribution (values in microseconds)\n${percentileDistribution(hdr)}`);
    }
  }
  return parts.join('\n');
}
