/** Polling for a condition in tests that watch something asynchronous happen. */

/** Resolves once `predicate()` is true; rejects after `timeoutMs`. Polls every 5 ms. */
export function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(check, 5);
    };
    check();
  });
}
