/** The `data.size` field: one size, a "MIN..MAX" range, or a weighted list of sizes. */
import * as z from 'zod';
import { parseSizeBytes, UnitError } from '../shared/units.js';
import { MAX_VALUE_BYTES } from './limits.js';
import { sizeField } from './unit-fields.js';

/** The parsed form of `data.size`, in bytes. */
export type DataSizeSpec =
  | { kind: 'fixed'; bytes: number }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'weighted'; choices: { bytes: number; weight: number }[] };

const weightedSize = z.strictObject({
  size: sizeField,
  weight: z.number().positive().meta({ description: 'Relative share of values with this size.' }),
});

/** Parses "64", "1kb" or "32..512" into a size spec, throwing UnitError. */
export function parseSizeText(raw: string | number): DataSizeSpec {
  if (typeof raw === 'string' && raw.includes('..')) {
    const [lo = '', hi = ''] = raw.split('..');
    const min = parseSizeBytes(lo);
    const max = parseSizeBytes(hi);
    if (min > max) throw new UnitError(`size range "${raw}": the lower bound is above the upper`);
    return { kind: 'range', min, max };
  }
  return { kind: 'fixed', bytes: parseSizeBytes(raw) };
}

export const sizeSpecField = z
  .union([z.string(), z.number(), z.array(weightedSize).min(1)], {
    error: 'expected a size (64, "1kb"), a range ("32..512") or a list of { size, weight }',
  })
  .transform((raw, ctx): DataSizeSpec => {
    let spec: DataSizeSpec;
    try {
      spec = Array.isArray(raw) ? { kind: 'weighted', choices: raw.map((c) => ({ bytes: c.size, weight: c.weight })) } : parseSizeText(raw);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: err instanceof UnitError ? err.message : String(err), input: raw });
      return z.NEVER;
    }
    if (largestSize(spec) > MAX_VALUE_BYTES) {
      ctx.issues.push({ code: 'custom', message: 'a Redis value is at most 512mb (proto-max-bulk-len); use a smaller size', input: raw });
      return z.NEVER;
    }
    return spec;
  })
  .meta({ description: 'Value size: 64, "1kb", "32..512" (uniform), or [{ size: 64, weight: 9 }, { size: "4kb", weight: 1 }].' });

/** The largest value a size spec can produce, in bytes. */
export function largestSize(spec: DataSizeSpec): number {
  if (spec.kind === 'fixed') return spec.bytes;
  if (spec.kind === 'range') return spec.max;
  return Math.max(...spec.choices.map((c) => c.bytes));
}
