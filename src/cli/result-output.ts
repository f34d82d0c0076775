/**
 * Showing and saving a finished RunResult, the same way for `run`, `drill` and `sweep`: secrets
 * are scrubbed first, and the terminal view and the file both come from that scrubbed result,
 * so `rbench report FILE.json` renders exactly what the command printed.
 */
import { redactUrl, scrubSecrets } from '../client/redact.js';
import { resultJson, writeResultFile } from '../report/json-writer.js';
import { renderOptionsFor } from '../report/render-options.js';
import type { RunResult } from '../report/run-result.js';
import { renderReport } from '../report/terminal-report.js';

export interface ResultOutput {
  /** No terminal report and no "report written" line. */
  quiet: boolean;
  /** `--json -`: the JSON goes to stdout, and nothing else does. */
  jsonToStdout: boolean;
  /** Where the JSON file goes (ignored with jsonToStdout). */
  path: string;
  /** Passwords to remove wherever they appear. */
  secrets: (string | null | undefined)[];
}

/** Prints and writes `result`; returns the scrubbed result that was shown and saved. */
export async function emitResult(result: RunResult, output: ResultOutput): Promise<RunResult> {
  const secrets = output.secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  const safe = JSON.parse(scrubSecrets(resultJson(result), secrets)) as RunResult;
  if (!output.quiet && !output.jsonToStdout) process.stdout.write(renderReport(safe, renderOptionsFor(process.stdout, process.env)));
  if (output.jsonToStdout) {
    process.stdout.write(resultJson(safe));
  } else {
    await writeResultFile(output.path, safe);
    if (!output.quiet) process.stderr.write(`report written to ${output.path}\n`);
  }
  return safe;
}

/** The scenario as it goes into a report: as given, but a target URL in it loses its password. */
export function reportedScenario<S extends { target?: string | undefined }>(scenario: S): S {
  return scenario.target === undefined ? scenario : { ...scenario, target: redactUrl(scenario.target) };
}
