/**
 * The capacity-planning parts of a scenario: `sweep:` (step one variable over a list or a range)
 * and `slo:` (the latency and error objective a step must meet). Values are parsed with the same
 * unit parsers as the rest of the file, picked by the variable being swept.
 */
import * as z from 'zod';
import { parseCount, parseRatePerSec, parseSizeBytes, UnitError } from '../shared/units.js';
import { durationField } from './unit-fields.js';

/** What a sweep may vary. */
export const SWEEP_VARIABLES = ['rate', 'connections', 'pipeline', 'valueSize'] as const;
export type SweepVariable = (typeof SWEEP_VARIABLES)[number];

/** Parses one sweep value for `over` ("20k/s" for rate, "1kb" for valueSize, 50 for connections). */
export function parseSweepValue(over: SweepVariable, raw: string | number): number {
  switch (over) {
    case 'rate':
      return parseRatePerSec(raw);
    case 'valueSize': {
      const bytes = parseSizeBytes(raw);
      if (bytes < 1) throw new UnitError(`value size "${raw}" must be at least 1 byte`);
      return bytes;
    }
    default: {
      const n = parseCount(raw);
      if (n < 1) throw new UnitError(`${over} "${raw}" must be at least 1`);
      return n;
    }
  }
}

const rawValue = z.union([z.string(), z.number()], { error: 'expected a number or a string with a unit' });

const sweepObject = z.strictObject({
  over: z.enum(SWEEP_VARIABLES).meta({ description: 'The variable each step changes: rate (open model), connections, pipeline or valueSize.' }),
  values: z.array(rawValue).min(1).optional().meta({ description: 'The steps, in order: ["5k/s", "10k/s", "20k/s"], [1, 4, 16], ["64", "1kb"].' }),
  from: rawValue.optional().meta({ description: 'First value of a range (with `to` and `steps`).' }),
  to: rawValue.optional().meta({ description: 'Last value of a range.' }),
  steps: z.number().int().min(2).optional().meta({ description: 'Number of values from `from` to `to`, both included; 8 when omitted.' }),
  spacing: z.enum(['linear', 'geometric']).optional().meta({ description: 'How a range is divided: equal differences (linear, the default) or equal ratios (geometric).' }),
  stepDuration: durationField.optional().meta({ description: 'Measured length of each step; 5s when omitted.' }),
  warmup: durationField.optional().meta({ description: 'Unmeasured load before each step; the scenario warm-up (or 0) when omitted.' }),
  earlyStop: z.boolean().optional().meta({ description: 'Stop once the server is saturated (see achievedBelow and flatSteps); true when omitted.' }),
  achievedBelow: z.number().gt(0).max(1).optional().meta({ description: 'Rate sweeps: a step whose achieved rate is below this fraction of its target is saturated; 0.9 when omitted.' }),
  flatSteps: z.number().int().min(1).optional().meta({ description: 'Saturated once throughput has not grown by 5% over the best step for this many steps in a row; 2 when omitted.' }),
});

/** Parsed `sweep:` section: values in plan units (commands/s, connections, depth, bytes). */
export interface SweepSpec {
  over: SweepVariable;
  values?: number[];
  range?: { from: number; to: number; steps: number; spacing: 'linear' | 'geometric' };
  stepDurationMs?: number;
  warmupMs?: number;
  earlyStop: boolean;
  achievedBelow: number;
  flatSteps: number;
}

export const sweepField = sweepObject
  .transform((raw, ctx): SweepSpec => {
    const parse = (value: string | number, path: (string | number)[]): number => {
      try {
        return parseSweepValue(raw.over, value);
      } catch (err) {
        ctx.issues.push({ code: 'custom', path, message: err instanceof UnitError ? err.message : String(err), input: value });
        return NaN;
      }
    };
    const hasRange = raw.from !== undefined || raw.to !== undefined || raw.steps !== undefined;
    if (raw.values !== undefined && hasRange) {
      ctx.issues.push({ code: 'custom', path: ['values'], message: 'give either `values` or `from`/`to`/`steps`, not both', input: raw.values });
    } else if (raw.values === undefined && (raw.from === undefined || raw.to === undefined)) {
      ctx.issues.push({ code: 'custom', path: [], message: 'needs `values` (a list) or a range `from` ... `to`', input: raw });
    }
    const spec: SweepSpec = {
      over: raw.over,
      earlyStop: raw.earlyStop ?? true,
      achievedBelow: raw.achievedBelow ?? SWEEP_DEFAULTS.achievedBelow,
      flatSteps: raw.flatSteps ?? SWEEP_DEFAULTS.flatSteps,
    };
    if (raw.values !== undefined) spec.values = raw.values.map((v, i) => parse(v, ['values', i]));
    else if (raw.from !== undefined && raw.to !== undefined) {
      spec.range = {
        from: parse(raw.from, ['from']),
        to: parse(raw.to, ['to']),
        steps: raw.steps ?? SWEEP_DEFAULTS.steps,
        spacing: raw.spacing ?? 'linear',
      };
    }
    if (raw.stepDuration !== undefined) spec.stepDurationMs = raw.stepDuration;
    if (raw.warmup !== undefined) spec.warmupMs = raw.warmup;
    return spec;
  })
  .meta({ description: 'Capacity sweep for `rbench sweep`: one phase per value of one variable, run back to back.' });

/** Defaults of the sweep section, in one place so the docs and the code agree. */
export const SWEEP_DEFAULTS = { steps: 8, stepDurationMs: 5000, achievedBelow: 0.9, flatSteps: 2, minGain: 0.05 } as const;

/** A share of commands: a fraction (0.001) or a percentage ("0.1%"). */
export const errorRateField = z
  .union([z.number().min(0).max(1), z.string().regex(/^\d+(\.\d+)?%$/, 'write an error rate as a fraction (0.001) or a percentage ("0.1%")')], {
    error: 'expected a fraction like 0.001 or a percentage like "0.1%"',
  })
  .transform((v) => (typeof v === 'number' ? v : Number(v.slice(0, -1)) / 100))
  .refine((v) => v <= 1, { message: 'an error rate is at most 100%' });

export const sloField = z
  .strictObject({
    p50: durationField.optional().meta({ description: 'Highest acceptable median latency: "1ms".' }),
    p90: durationField.optional(),
    p99: durationField.optional().meta({ description: 'Highest acceptable p99 latency: "2ms".' }),
    p999: durationField.optional(),
    max: durationField.optional(),
    errorRate: errorRateField.optional().meta({ description: 'Highest acceptable share of failed (or dropped) commands: 0, 0.001 or "0.1%".' }),
  })
  .refine((slo) => Object.keys(slo).length > 0, { message: 'name at least one objective, e.g. { p99: 2ms, errorRate: 0 }' })
  .meta({ description: 'Service-level objective a sweep step must meet (response time in the open model).' });

export type SloSpec = z.output<typeof sloField>;
