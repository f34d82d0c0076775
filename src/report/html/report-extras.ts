/**
 * The report fields added during schema 1 (verdicts, rounds, reset, schedule accounting, lower
 * bounds, noise-aware comparisons) are optional in the model itself (run-result.ts), so the page
 * reads them from it and stays quiet about what an older report lacks. These names keep the
 * page's imports short.
 */
import type { Comparison, OpStats, PhaseResult, RoundStats, ScheduleStats, Verdict } from '../run-result.js';

export type VerdictLike = Verdict;
export type RoundLike = RoundStats;
export type OpStatsExtras = OpStats;
export type ScheduleExtras = ScheduleStats;
export type PhaseExtras = PhaseResult;
export type ComparisonExtras = Comparison;

/** The phase as the page reads it (the model already types the optional fields). */
export function extras(phase: PhaseResult): PhaseExtras {
  return phase;
}
