/**
 * `rbench sweep` flags: which variable to step and over what values (replacing the scenario's
 * `sweep:` section where given), the SLO, and the projection inputs. Units as everywhere else.
 */
import { parseSweepValue, SWEEP_DEFAULTS, SWEEP_VARIABLES, type SloSpec, type SweepSpec, type SweepVariable } from '../scenario/capacity-spec.js';
import type { Scenario } from '../scenario/index.js';
import { UsageError } from '../shared/errors.js';
import { parseCount, parseDurationMs, parseRatePerSec, parseSizeBytes } from '../shared/units.js';
import { unitFlagValue } from './flag-values.js';

export interface SweepFlags {
  over?: string;
  values?: string;
  from?: string;
  to?: string;
  steps?: number;
  spacing?: string;
  'step-duration'?: string;
  'early-stop'?: boolean;
  'slo-p99'?: string;
  'slo-error-rate'?: string;
  'plan-ops'?: string;
  'plan-keys'?: string;
  headroom?: number;
  'shard-memory'?: string;
}

/** The sweep to run: the scenario's section with the flags applied on top. */
export function resolveSweepSpec(scenario: Scenario, f: SweepFlags): SweepSpec {
  const base = scenario.sweep;
  let over: SweepVariable | undefined = base?.over;
  if (f.over !== undefined) {
    if (!(SWEEP_VARIABLES as readonly string[]).includes(f.over)) throw new UsageError(`--over must be one of ${SWEEP_VARIABLES.join(', ')}, got "${f.over}"`);
    over = f.over as SweepVariable;
  }
  if (over === undefined) {
    throw new UsageError('nothing to sweep', 'add a `sweep:` section to the scenario, or pass --over rate --values 5k,10k,20k (or --from 5k --to 50k --steps 8)');
  }
  const spec: SweepSpec = {
    over,
    earlyStop: f['early-stop'] ?? base?.earlyStop ?? true,
    achievedBelow: base?.achievedBelow ?? SWEEP_DEFAULTS.achievedBelow,
    flatSteps: base?.flatSteps ?? SWEEP_DEFAULTS.flatSteps,
  };
  const parse = (flag: string, raw: string) => unitFlagValue(flag, () => parseSweepValue(over, raw.trim()));
  const rangeFlags = f.from !== undefined || f.to !== undefined || f.steps !== undefined || f.spacing !== undefined;
  if (f.values !== undefined && rangeFlags) throw new UsageError('give either --values or --from/--to/--steps, not both');
  if (f.values !== undefined) {
    spec.values = f.values.split(',').filter((v) => v.trim() !== '').map((v) => parse('values', v));
    if (spec.values.length === 0) throw new UsageError('--values is empty', 'list the steps, e.g. --values 5k,10k,20k');
  } else if (rangeFlags) {
    if (f.from === undefined || f.to === undefined) throw new UsageError('a range needs both --from and --to');
    if (f.spacing !== undefined && f.spacing !== 'linear' && f.spacing !== 'geometric') throw new UsageError(`--spacing must be linear or geometric, got "${f.spacing}"`);
    if (f.steps !== undefined && (!Number.isInteger(f.steps) || f.steps < 2)) throw new UsageError(`--steps must be a whole number of at least 2, got ${f.steps}`);
    spec.range = {
      from: parse('from', f.from),
      to: parse('to', f.to),
      steps: f.steps ?? SWEEP_DEFAULTS.steps,
      spacing: (f.spacing as 'linear' | 'geometric' | undefined) ?? 'linear',
    };
  } else if (base !== undefined && base.over === over) {
    if (base.values) spec.values = base.values;
    if (base.range) spec.range = base.range;
  } else {
    throw new UsageError(`--over ${over} needs its values`, 'pass --values 1,4,16 or --from 1 --to 64 --steps 7');
  }
  if (f['step-duration'] !== undefined) spec.stepDurationMs = unitFlagValue('step-duration', () => parseDurationMs(f['step-duration']!));
  else if (base?.stepDurationMs !== undefined) spec.stepDurationMs = base.stepDurationMs;
  if (base?.warmupMs !== undefined) spec.warmupMs = base.warmupMs;
  return spec;
}

/** The SLO: the scenario's, with --slo-p99 / --slo-error-rate replacing its parts. */
export function resolveSloSpec(scenario: Scenario, f: SweepFlags): SloSpec | null {
  const slo: SloSpec = { ...(scenario.slo ?? {}) };
  if (f['slo-p99'] !== undefined) slo.p99 = unitFlagValue('slo-p99', () => parseDurationMs(f['slo-p99']!));
  if (f['slo-error-rate'] !== undefined) {
    const raw = f['slo-error-rate'].trim();
    const value = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--slo-error-rate must be a fraction (0.001) or a percentage (0.1%), got "${raw}"`);
    slo.errorRate = value;
  }
  return Object.keys(slo).length > 0 ? slo : null;
}

export interface ProjectionFlags {
  planOpsPerSec: number | null;
  planKeys: number | null;
  headroom: number;
  shardMemoryBytes: number | null;
}

/** Projection inputs, or null when neither --plan-ops nor --plan-keys was given. */
export function projectionFlags(f: SweepFlags): ProjectionFlags | null {
  if (f['plan-ops'] === undefined && f['plan-keys'] === undefined) {
    if (f.headroom !== undefined || f['shard-memory'] !== undefined) throw new UsageError('--headroom and --shard-memory need --plan-ops or --plan-keys');
    return null;
  }
  const headroom = f.headroom ?? DEFAULT_HEADROOM;
  if (!Number.isFinite(headroom) || headroom < 1) throw new UsageError(`--headroom must be a number of at least 1 (1.5 = 50% spare), got ${f.headroom}`);
  return {
    planOpsPerSec: f['plan-ops'] === undefined ? null : unitFlagValue('plan-ops', () => parseRatePerSec(f['plan-ops']!)),
    planKeys: f['plan-keys'] === undefined ? null : unitFlagValue('plan-keys', () => parseCount(f['plan-keys']!)),
    headroom,
    shardMemoryBytes: f['shard-memory'] === undefined ? null : unitFlagValue('shard-memory', () => parseSizeBytes(f['shard-memory']!)),
  };
}

/** Spare capacity a projection keeps unless told otherwise. */
export const DEFAULT_HEADROOM = 1.5;
