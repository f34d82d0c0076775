/**
 * Zod field types for values with units. Each accepts the same text as the CLI flags (via
 * src/shared/units.ts) and turns it into a plain number, so the parsed Scenario never holds "30s".
 */
import * as z from 'zod';
import { parseCount, parseDurationMs, parseRatePerSec, parseSizeBytes, UnitError } from '../shared/units.js';

type Parser = (raw: string | number) => number;

/** A string-or-number field converted by `parse`; UnitError messages become schema issues. */
function unitField(parse: Parser, expected: string, description: string) {
  return z
    .union([z.string(), z.number()], { error: `expected ${expected}` })
    .transform((raw, ctx) => {
      try {
        return parse(raw);
      } catch (err) {
        ctx.issues.push({ code: 'custom', message: err instanceof UnitError ? err.message : String(err), input: raw });
        return z.NEVER;
      }
    })
    .meta({ description });
}

/** "500ms", "30s", "5m", or a bare number of seconds; parsed to milliseconds. */
export const durationField = unitField(
  parseDurationMs,
  'a duration like "500ms", "30s" or "5m"',
  'A duration: "500ms", "30s", "5m", "1h", or a bare number of seconds.',
);

/** A duration above zero: a phase of 0 s measures nothing. */
export const positiveDuration = durationField.refine((ms) => ms > 0, { message: 'must be above zero' });

/** "10k", "1.5M" or a whole number. */
export const countField = unitField(parseCount, 'a count like 1000, "10k" or "1.5M"', 'A count: 1000, "10k", "1.5M".');

/** A count that must be at least `min` (connections, keys, cardinalities). */
export function countAtLeast(min: number) {
  return countField.refine((n) => n >= min, { message: `must be at least ${min}` });
}

/** "64", "1kb", "2mb" in bytes. */
export const sizeField = unitField(parseSizeBytes, 'a size like 64, "1kb" or "2mb"', 'A size in bytes: 64, "1kb", "2mb".');

/** "20000/s", "20k/s", "600/m", or a bare number per second. */
export const rateField = unitField(
  parseRatePerSec,
  'a rate like "20000/s" or "20k/s"',
  'A rate: "20000/s", "20k/s", "600/m", or a bare number per second.',
);
