/**
 * The exit code a finished run earns from its figures: 1 when a phase has an `errors` verdict
 * (more failed or never-completed commands than --max-error-rate allows) or when no command
 * succeeded at all, with one line on stderr saying why, even with --quiet.
 */
import type { RunResult } from '../report/run-result.js';
import { ExitCode } from '../shared/errors.js';

/** Why the run failed on its figures, one line each; empty when it did not. */
export function runFailureLines(result: RunResult): string[] {
  const lines: string[] = [];
  for (const phase of result.phases) {
    for (const v of phase.verdicts ?? []) if (v.kind === 'errors') lines.push(`${phase.name}: ${v.message}`);
  }
  const attempted = result.phases.some((p) => p.totals.ops > 0 || Object.keys(p.totals.errors).length > 0 || (p.schedule?.scheduled ?? 0) > 0);
  const succeeded = result.phases.some((p) => p.totals.ops > 0);
  if (attempted && !succeeded) lines.push('no command succeeded');
  return lines;
}

/** Prints the failure lines and sets exit code 1 when there are any (never lowers another code). */
export function applyRunVerdict(result: RunResult): void {
  const lines = runFailureLines(result);
  for (const line of lines) process.stderr.write(`rbench: ${line}\n`);
  if (lines.length > 0 && (process.exitCode === undefined || process.exitCode === 0)) process.exitCode = ExitCode.runtime;
}
