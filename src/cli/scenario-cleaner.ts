/**
 * Deleting a scenario's keys on the deployment a command runs against: the reset before each
 * phase, `--cleanup` after a run, and `rbench clean`. It opens its own connections for each
 * pass (every master of a cluster; the current master of a sentinel target; one per database
 * the scenario writes to) and closes them after, so it follows a failover between passes.
 */
import { Connection } from '../client/connection.js';
import { deleteKeys } from '../cleanup/delete-keys.js';
import { scenarioKeys, type ScenarioKeys } from '../cleanup/scenario-keys.js';
import type { StandaloneTarget } from '../client/target-url.js';
import type { Deployment } from '../deployment/deployment.js';
import type { Plan } from '../plan/index.js';
import { UsageError } from '../shared/errors.js';

export interface ScenarioCleaner {
  /** Deletes every key of the scenario; resolves with how many there were. */
  deleteAll(): Promise<{ keysDeleted: number }>;
  readonly keys: ScenarioKeys;
}

/**
 * A cleaner for `plan` on the deployment. Refuses (exit 2) a scenario with an empty key prefix:
 * its keys would be bare numbers.
 */
export function scenarioCleaner(plan: Plan, deployment: Deployment, why: string): ScenarioCleaner {
  const keys = scenarioKeys(plan);
  if (keys.emptyPrefixes.length > 0) {
    throw new UsageError(
      `${why} deletes the scenario's keys, but ${keys.emptyPrefixes.join(', ')} has an empty prefix, so its keys are bare numbers that other data may use`,
      'give the keyspace a prefix (prefix: "myapp:bench:"), or run with --reset none',
    );
  }
  const deleteAll = async (): Promise<{ keysDeleted: number }> => {
    const masters = await deployment.masters();
    // A cluster has database 0 only.
    const dbs = deployment.hasDatabases ? [...new Set([masters[0]!.db, ...keys.extraDbs])] : [0];
    let keysDeleted = 0;
    for (const db of dbs) keysDeleted += await withNodes(masters.map((m) => ({ ...m, db })), (nodes) => deleteKeys({ nodes, patterns: keys.patterns }));
    return { keysDeleted };
  };
  return { deleteAll, keys };
}

async function withNodes<T>(targets: StandaloneTarget[], use: (conns: Connection[]) => Promise<T>): Promise<T> {
  const conns = targets.map((target) => new Connection({ target, reconnect: false, clientName: 'rbench-clean' }));
  try {
    await Promise.all(conns.map((c) => c.connect()));
    return await use(conns);
  } finally {
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
  }
}

/** The cleaner a run needs: for its reset (reset: setup) or its --cleanup; null when neither. */
export function runCleaner(plan: Plan, deployment: Deployment, cleanup: boolean): ScenarioCleaner | null {
  if (plan.reset !== 'setup' && !cleanup) return null;
  return scenarioCleaner(plan, deployment, plan.reset === 'setup' ? 'reset: setup' : '--cleanup');
}
