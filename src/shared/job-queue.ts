/** Running a callback after the current synchronous work, as cheaply as the platform allows. */

const RESOLVED = Promise.resolve();

/**
 * Runs `fn` as a promise job once the current call stack ends (after a whole socket chunk is
 * decoded, say). Node's queueMicrotask does the same but wraps each callback in an AsyncResource.
 */
export function afterCurrentWork(fn: () => void): void {
  void RESOLVED.then(fn);
}
