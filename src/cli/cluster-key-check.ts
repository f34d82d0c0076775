/** Before a cluster run: every step whose keys would cross hash slots, as one usage error. */
import { clusterKeyPlan, type Plan } from '../plan/index.js';
import { UsageError } from '../shared/errors.js';

/** Throws a UsageError listing each step that cannot run on a cluster as written. */
export function checkClusterKeys(plan: Plan, source: string): void {
  const { problems } = clusterKeyPlan(plan);
  if (problems.length === 0) return;
  throw new UsageError(
    `${source}: ${problems.length === 1 ? 'a step' : `${problems.length} steps`} cannot run on a Redis Cluster:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    'fix the keyspaces named above, or run against a standalone server',
  );
}
