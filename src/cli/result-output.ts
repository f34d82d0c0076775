/**
 * Showing and saving a finished RunResult, the same way for `run`, `drill` and `sweep`: secrets
 * are scrubbed first, and the terminal view, the JSON file and the HTML page all come from that
 * scrubbed result,
 * so `rbench report FILE.json` renders exactly what the command printed.
 */
import { redactUrl, scrubSecrets } from '../client/redact.js';
import { renderRunHtml } from '../report/html/run-page.js';
import { resultJson, writeReportText } from '../report/json-writer.js';
import { ExitCode } from '../shared/errors.js';
import { renderOptionsFor } from '../report/render-options.js';
import type { RunResult } from '../report/run-result.js';
import { renderReport } from '../report/terminal-report.js';

export interface ResultOutput {
  /** No terminal report and no "report written" line. */
  quiet: boolean;
  /** `--json -`: the JSON goes to stdout, and nothing else does. */
  jsonToStdout: boolean;
  /** The JSON files to write (checked before the run by output-target.ts); may be empty with jsonToStdout. */
  paths: string[];
  /** Where the HTML page goes, if anywhere. */
  htmlPath?: string | undefined;
  /** Passwords to remove wherever they appear. */
  secrets: (string | null | undefined)[];
}

/**
 * Prints and writes `result`; returns the scrubbed result that was shown and saved. Each worker
 * failure is one stderr line, even with --quiet. A file that still cannot be written (the disk
 * filled up during the run) costs nothing measured: the JSON goes to stdout instead, exit 1.
 */
export async function emitResult(result: RunResult, output: ResultOutput): Promise<RunResult> {
  const secrets = output.secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  const safe = JSON.parse(scrubSecrets(resultJson(result), secrets)) as RunResult;
  for (const failure of safe.failures) process.stderr.write(`rbench: worker ${failure.worker} failed: ${failure.message}\n`);
  if (!output.quiet && !output.jsonToStdout) process.stdout.write(renderReport(safe, renderOptionsFor(process.stdout, process.env)));
  const json = resultJson(safe);
  if (output.jsonToStdout) process.stdout.write(json);
  let unwritten = 0;
  for (const path of output.paths) {
    try {
      await writeReportText(path, json);
      if (!output.quiet) process.stderr.write(`report written to ${path}\n`);
    } catch (err) {
      unwritten++;
      const reason = err instanceof Error ? err.message : String(err);
      process.stderr.write(`rbench: could not write the report to ${path} (${reason})${output.jsonToStdout ? '' : '; the JSON report follows on stdout instead'}\n`);
    }
  }
  if (unwritten > 0) {
    if (!output.jsonToStdout) process.stdout.write(json);
    process.exitCode = ExitCode.runtime;
  }
  if (output.htmlPath !== undefined) await writeHtmlReport(output.htmlPath, safe, output.quiet || output.jsonToStdout);
  return safe;
}

/** Writes the HTML page of `result` (already scrubbed of secrets). */
export async function writeHtmlReport(path: string, result: RunResult, quiet: boolean): Promise<void> {
  await writeReportText(path, renderRunHtml(result));
  if (!quiet) process.stderr.write(`HTML report written to ${path}\n`);
}

/** The scenario as it goes into a report: as given, but a target URL in it loses its password. */
export function reportedScenario<S extends { target?: string | undefined }>(scenario: S): S {
  return scenario.target === undefined ? scenario : { ...scenario, target: redactUrl(scenario.target) };
}
