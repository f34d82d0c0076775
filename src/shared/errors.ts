/**
 * Errors a user can act on. Each carries an exit code and a hint; the CLI prints
 * `rbench: <message>` and the hint, never a stack trace.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  runtime: 1,
  badInput: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of every error meant for the user rather than for a developer. */
export class RbenchError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? ExitCode.runtime;
    this.hint = options.hint;
  }
}

/** Bad input from the user: flags, URLs, scenario files. Exit code 2. */
export class UsageError extends RbenchError {
  constructor(message: string, hint?: string) {
    super(message, hint === undefined ? { exitCode: ExitCode.badInput } : { exitCode: ExitCode.badInput, hint });
  }
}

/** Something failed while running: no server, connection lost, a worker crashed. Exit code 1. */
export class RuntimeError extends RbenchError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.runtime, ...(hint === undefined ? {} : { hint }), cause });
  }
}
