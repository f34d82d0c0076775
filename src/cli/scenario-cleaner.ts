/**
 * Deleting a scenario's keys on the deployment a command runs against: the reset before each
 * phase, `--cleanup` after a run, and `rbench clean`. It opens its own connections for each
 * pass (every master of a cluster; the current master of a sentinel target; one per database
 * the scenario writes to) and closes them after, so it follows a failover between passes.
 */
import { Connection } from '../client/connection.js';
import { clusterMasters } from '../capacity/memory-nodes.js';
import { dataNodeTarget, findMaster } from '../client/sentinel/sentinel-lookup.js';
import type { ClusterTarget, StandaloneTarget } from '../client/target-url.js';
import { deleteKeys } from '../cleanup/delete-keys.js';
import { scenarioKeys, type ScenarioKeys } from '../cleanup/scenario-keys.js';
import type { Plan } from '../plan/index.js';
import { UsageError } from '../shared/errors.js';
import type { ResolvedTarget } from './target-resolution.js';

export interface ScenarioCleaner {
  /** Deletes every key of the scenario; resolves with how many there were. */
  deleteAll(): Promise<{ keysDeleted: number }>;
  readonly keys: ScenarioKeys;
}

/**
 * A cleaner for `plan` on the resolved target (a cluster when `cluster` is set). Refuses (exit 2)
 * a scenario with an empty key prefix: its keys would be bare numbers.
 */
export function scenarioCleaner(plan: Plan, resolved: ResolvedTarget, cluster: ClusterTarget | null, why: string): ScenarioCleaner {
  const keys = scenarioKeys(plan);
  if (keys.emptyPrefixes.length > 0) {
    throw new UsageError(
      `${why} deletes the scenario's keys, but ${keys.emptyPrefixes.join(', ')} has an empty prefix, so its keys are bare numbers that other data may use`,
      'give the keyspace a prefix (prefix: "myapp:bench:"), or run with --reset none',
    );
  }
  const deleteAll = async (): Promise<{ keysDeleted: number }> => {
    if (cluster !== null) {
      // Cluster mode has database 0 only.
      const masters = await clusterMasters(cluster);
      try {
        return { keysDeleted: await deleteKeys({ nodes: masters.nodes, patterns: keys.patterns }) };
      } finally {
        await masters.close();
      }
    }
    const base = resolved.sentinel === null ? resolved.target : dataNodeTarget(resolved.sentinel, await findMaster(resolved.sentinel));
    const dbs = [...new Set([base.db, ...keys.extraDbs])];
    let keysDeleted = 0;
    for (const db of dbs) keysDeleted += await withNode({ ...base, db }, (conn) => deleteKeys({ nodes: [conn], patterns: keys.patterns }));
    return { keysDeleted };
  };
  return { deleteAll, keys };
}

async function withNode<T>(target: StandaloneTarget, use: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = new Connection({ target, reconnect: false, clientName: 'rbench-clean' });
  try {
    await conn.connect();
    return await use(conn);
  } finally {
    await conn.close().catch(() => {});
  }
}

/** The cleaner a run needs: for its reset (reset: setup) or its --cleanup; null when neither. */
export function runCleaner(plan: Plan, resolved: ResolvedTarget, cluster: ClusterTarget | null, cleanup: boolean): ScenarioCleaner | null {
  if (plan.reset !== 'setup' && !cleanup) return null;
  return scenarioCleaner(plan, resolved, cluster, plan.reset === 'setup' ? 'reset: setup' : '--cleanup');
}
