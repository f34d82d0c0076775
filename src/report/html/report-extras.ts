/**
 * Report fields other parts of rbench add during schema 1 (verdicts, rounds, reset, schedule
 * accounting, lower bounds, noise-aware phase comparisons) and that this branch reads before
 * their types land. Every one is
 * optional: the page shows what a report has and stays quiet about what it lacks, so reports
 * written before and after those fields render alike.
 */
import type { LatencySummary } from '../../metrics/index.js';
import type { Comparison, OpStats, PhaseResult, ScheduleStats, TimelineRow } from '../run-result.js';

export interface VerdictLike {
  kind: string;
  message: string;
  [field: string]: unknown;
}

export interface RoundLike {
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  errors: number;
}

export type OpStatsExtras = OpStats & {
  latencyUs: LatencySummary & { lowerBounds?: number };
};

export type ScheduleExtras = ScheduleStats & {
  scheduled?: number;
  completed?: number;
  errorReplies?: number;
  transportFailures?: number;
  unsent?: number;
  abandoned?: number;
};

export type PhaseExtras = Omit<PhaseResult, 'totals' | 'commands' | 'schedule' | 'timeline'> & {
  totals: OpStatsExtras;
  commands: Record<string, OpStatsExtras>;
  schedule: ScheduleExtras | null;
  timeline: (TimelineRow & { durationS?: number; round?: number })[];
  stalls?: { atS: number; durationS: number; round: number }[];
  verdicts?: VerdictLike[];
  rounds?: RoundLike[];
  reset?: { keysDeleted: number; durationMs: number } | null;
};

export type ComparisonExtras = Comparison & {
  throughputRange?: { baseline: [number, number]; other: [number, number] };
  withinNoise?: boolean;
};

/** The phase with the optional fields typed (a plain cast: nothing is copied). */
export function extras(phase: PhaseResult): PhaseExtras {
  return phase as unknown as PhaseExtras;
}
