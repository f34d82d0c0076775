/** The `data.size` field: one size, a "MIN..MAX" range, or a weighted list of sizes. */
import * as z from 'zod';
import { parseSizeBytes, UnitError } from '../shared/units.js';
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
    if (Array.isArray(raw)) return { kind: 'weighted', choices: raw.map((c) => ({ bytes: c.size, weight: c.weight })) };
    try {
      return parseSizeText(raw);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: err instanceof UnitError ? err.message : String(err), input: raw });
      return z.NEVER;
    }
  })
  .meta({ description: 'Value size: 64, "1kb", "32..512" (uniform), or [{ size: 64, weight: 9 }, { size: "4kb", weight: 1 }].' });
