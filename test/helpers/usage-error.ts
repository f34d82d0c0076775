/** Asserting that a call fails as bad input: a UsageError (exit 2), whose message is returned. */
import { expect } from 'vitest';
import { UsageError } from '../../src/shared/errors.js';

/** Runs `fn`, expects it to throw a UsageError, and returns the error's message. */
export function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}
