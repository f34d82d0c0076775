/**
 * The RunResult of a finished session: the phases the session built, with the environment, the
 * target as reported (no secrets), the plan with its URL redacted, the setup counts and the
 * comparisons between phases. A pure function of what the session collected, so the session
 * itself only orchestrates.
 */
import { cpus, hostname, platform, release } from 'node:os';
import { redactUrl } from '../client/redact.js';
import { mergeSnapshots, type EncodedStageSnapshot } from '../metrics/index.js';
import type { Plan } from '../plan/index.js';
import { comparePhases } from './phase-comparison.js';
import { SCHEMA_VERSION, type PhaseResult, type RunResult } from './run-result.js';

export interface RunAssembly {
  rbenchVersion: string;
  /** The target as the report shows it; `nodes` are the nodes named before the run (server, or seeds). */
  target: Omit<RunResult['target'], 'nodes'> & { nodes: string[] };
  scenario: unknown;
  plan: Plan;
  startedAt: Date;
  endedAt: Date;
  interrupted: boolean;
  /** Every setup stage's totals (one list of workers per setup stage that ran, null where a worker failed). */
  setupTotals: (EncodedStageSnapshot | null)[][];
  phases: PhaseResult[];
  failures: RunResult['failures'];
  warnings: string[];
}

/** The RunResult of a session. */
export function assembleRunResult(a: RunAssembly): RunResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    rbench: { version: a.rbenchVersion },
    environment: { node: process.version, os: `${platform()} ${release()}`, cpus: cpus().length, hostname: hostname() },
    target: { ...a.target, nodes: nodeNames(a.target.nodes, a.phases) },
    scenario: a.scenario,
    plan: redactPlan(a.plan),
    startedAt: a.startedAt.toISOString(),
    endedAt: a.endedAt.toISOString(),
    interrupted: a.interrupted,
    setup: setupCounts(a.setupTotals),
    phases: a.phases,
    comparisons: comparePhases(a.phases),
    failures: a.failures,
    warnings: a.warnings,
  };
}

/** Setup commands sent and errors, summed over every time the setup ran. */
export function setupCounts(runs: (EncodedStageSnapshot | null)[][]): RunResult['setup'] {
  const present = runs.flat().filter((t): t is EncodedStageSnapshot => t !== null);
  if (present.length === 0) return [];
  const merged = mergeSnapshots(present);
  return merged.commands.filter((c) => c.ops > 0 || Object.keys(c.errors).length > 0).map((c) => ({ label: c.label, ops: c.ops, errors: c.errors }));
}

/** The nodes that answered during the run (cluster runs record per node); the named ones when none did. */
export function nodeNames(named: string[], phases: PhaseResult[]): string[] {
  const seen = new Set(phases.flatMap((p) => Object.keys(p.nodes ?? {})));
  return seen.size > 0 ? [...seen].sort() : named;
}

/** The plan as reported: its target URL with any password removed. */
export function redactPlan(plan: Plan): Plan {
  return { ...plan, target: plan.target === null ? null : redactUrl(plan.target) };
}
