/** Turns any error that reached the top of the CLI into one readable message and an exit code. */
import { ExitCode, RbenchError } from '../shared/errors.js';

export function reportFatal(err: unknown): number {
  if (err instanceof RbenchError) {
    process.stderr.write(`rbench: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  // A bug of ours: still no stack trace unless asked for, but say how to get one.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`rbench: internal error: ${message}\n`);
  if (process.env.RBENCH_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('hint: set RBENCH_DEBUG=1 to see the stack trace, and please report it\n');
  return ExitCode.runtime;
}
