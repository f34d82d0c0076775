/**
 * SIGINT (Ctrl-C), SIGTERM (what `timeout`, CI cancellation and Kubernetes send) and SIGHUP (the
 * terminal went away) all mean "stop": a running session stops sending, drains briefly and still
 * writes what it measured; outside a session rbench exits at once. The exit code names the
 * signal the shell way: 128 + its number (130, 143, 129).
 */
import { ExitCode } from '../shared/errors.js';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

const EXIT_CODES: Record<StopSignal, number> = { SIGINT: ExitCode.interrupted, SIGTERM: 143, SIGHUP: 129 };

let lastSignal: StopSignal | null = null;
let stopHandler: ((signal: StopSignal) => void) | null = null;

/** The exit code for `signal` (130, 143, 129). */
export function exitCodeFor(signal: StopSignal): number {
  return EXIT_CODES[signal];
}

/** The exit code of an interrupted run: that of the signal which stopped it (130 when none was seen). */
export function interruptedExitCode(): number {
  return lastSignal === null ? ExitCode.interrupted : EXIT_CODES[lastSignal];
}

/**
 * Installs the process-wide handlers once (main does): with a session's handler registered the
 * signal goes to it, else rbench says so and exits with the signal's code.
 */
export function installStopSignals(write: (line: string) => void): void {
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      lastSignal = signal;
      if (stopHandler !== null) {
        stopHandler(signal);
        return;
      }
      write(`\nrbench: interrupted (${signal}) before anything was measured`);
      process.exit(EXIT_CODES[signal]);
    });
  }
}

/** While a session runs, stop signals go to `handler`; call the returned function when it ends. */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
  const previous = stopHandler;
  stopHandler = handler;
  return () => {
    stopHandler = previous;
  };
}
