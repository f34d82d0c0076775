/**
 * Limits checked before any load, where a mistake would otherwise show up as gigabytes of memory
 * and no output: the documented caps (also enforced on scenario files, but flags bypass the
 * schema), the open-file limit (`ulimit -n`) and the cores a worker count makes sense for.
 */
import { readFileSync } from 'node:fs';
import type { Plan } from '../plan/index.js';
import { MAX_CONNECTIONS, MAX_PIPELINE, MAX_WORKERS } from '../scenario/limits.js';
import { UsageError } from '../shared/errors.js';

/** More workers than this many per core only make threads wait for each other. */
export const WORKERS_PER_CPU = 4;
/** File descriptors Node, the worker threads and report files use besides the load sockets. */
const SPARE_FILES = 64;

export interface MachineLimits {
  cpus: number;
  /** The soft and hard `ulimit -n` (Node raises the soft one to the hard one at start); null where unknown. */
  openFiles: { soft: number; hard: number } | null;
}

/** The limits of this process (Linux: /proc/self/limits). */
export function machineLimits(cpus: number): MachineLimits {
  return { cpus, openFiles: readOpenFileLimit() };
}

/** Every socket the plan opens at once: the largest phase plus subscribers and consumers. */
export function socketsNeeded(plan: Plan, socketsPerConnection = 1): number {
  const load = Math.max(0, ...plan.phases.map((p) => p.connections));
  const roles = (plan.roles.subscribers?.connections ?? 0) + plan.roles.consumers.reduce((n, g) => n + g.connections, 0);
  return load * socketsPerConnection + roles;
}

/**
 * Throws a UsageError listing every limit the plan crosses; returns the warnings (more workers
 * than cores). `socketsPerConnection` is above 1 for a cluster (one socket per master).
 */
export function checkLoadLimits(plan: Plan, machine: MachineLimits, socketsPerConnection = 1): string[] {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const phase of plan.phases) {
    if (phase.pipeline > MAX_PIPELINE) problems.push(`pipeline ${phase.pipeline} is above the maximum of ${MAX_PIPELINE} (--pipeline or pipeline:)`);
    if (phase.connections > MAX_CONNECTIONS) problems.push(`${phase.connections} connections is above the maximum of ${MAX_CONNECTIONS} (--connections or connections:); spread a larger load over several rbench processes`);
  }
  if (plan.workers > MAX_WORKERS) problems.push(`${plan.workers} workers is above the maximum of ${MAX_WORKERS} (--workers or workers:)`);
  else if (plan.workers > WORKERS_PER_CPU * machine.cpus) {
    problems.push(`${plan.workers} workers on ${machine.cpus} CPU${machine.cpus === 1 ? '' : 's'}: at most ${WORKERS_PER_CPU * machine.cpus} (${WORKERS_PER_CPU} per CPU); use --workers auto`);
  } else if (plan.workers > machine.cpus) {
    warnings.push(`${plan.workers} workers on ${machine.cpus} CPU${machine.cpus === 1 ? '' : 's'}: the workers wait for each other, and that wait shows up as latency`);
  }
  const files = machine.openFiles;
  const sockets = socketsNeeded(plan, socketsPerConnection);
  if (files !== null && problems.length === 0 && sockets + SPARE_FILES > files.soft) {
    const needed = sockets + SPARE_FILES;
    const how =
      needed <= files.hard
        ? `raise it with \`ulimit -n ${needed}\` in this shell`
        : `the hard limit is ${files.hard}: raise it (LimitNOFILE= for a systemd service, nofile in /etc/security/limits.conf, --ulimit nofile= for Docker), then \`ulimit -n ${needed}\``;
    problems.push(`${sockets} sockets need about ${needed} open files, but this process may open ${files.soft} (ulimit -n); ${how}, or use fewer --connections`);
  }
  const unique = [...new Set(problems)]; // phases of one plan share their connections
  if (unique.length > 0) {
    throw new UsageError(unique.length === 1 ? unique[0]! : `the run is beyond the limits:\n${unique.join('\n')}`, 'README.md (Limits) lists the maximums and why');
  }
  return warnings;
}

function readOpenFileLimit(): { soft: number; hard: number } | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const match = line === undefined ? null : /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(line);
    if (match === null) return null;
    const value = (text: string) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
    return { soft: value(match[1]!), hard: value(match[2]!) };
  } catch {
    return null; // not Linux: the connect errors (EMFILE) will say it instead
  }
}
