/**
 * A plain redis:// URL may name a node of a Redis Cluster: INFO cluster says so
 * (cluster_enabled:1), or the user forces it with --cluster. Either way the run then routes by
 * slot with the node as its seed.
 */
import { fetchSlotMap } from '../client/cluster/cluster-topology.js';
import type { ClusterTarget, StandaloneTarget } from '../client/target-url.js';
import type { Plan } from '../plan/index.js';
import { RuntimeError, UsageError } from '../shared/errors.js';
import { checkClusterKeys } from './cluster-key-check.js';

/**
 * The cluster a run (or drill, or sweep) goes to: the cluster:// target, else the cluster of the
 * node when INFO cluster said so (`clusterEnabled`, from the server probe) or `forced`
 * (--cluster); null for a standalone server.
 * A cluster's key layout and slot map are checked here, before any load.
 */
export async function clusterForRun(
  clusterEnabled: boolean,
  resolved: { target: StandaloneTarget; cluster: ClusterTarget | null },
  forced: boolean,
  plan: Plan,
  source: string,
): Promise<ClusterTarget | null> {
  let cluster = resolved.cluster;
  if (cluster === null && (forced || clusterEnabled)) cluster = clusterFromNode(resolved.target);
  if (cluster !== null) {
    checkClusterKeys(plan, source);
    await checkClusterReachable(cluster);
  }
  return cluster;
}

/** The cluster whose seed is this node (same credentials and TLS). */
export function clusterFromNode(node: StandaloneTarget): ClusterTarget {
  if (node.endpoint.transport !== 'tcp') throw new UsageError(`${node.display}: a cluster is reached over TCP, not a unix socket`, 'pass redis://host:port of a cluster node');
  if (node.db !== 0) throw new UsageError(`${node.display}: Redis Cluster has only database 0`, 'drop the /db part of the URL');
  const { host, port } = node.endpoint;
  return { kind: 'cluster', seeds: [{ host, port }], readFrom: 'master', username: node.username, password: node.password, tls: node.tls, display: node.display };
}

/** Reads the slot map once before the workers start, so a node that is not a cluster fails early and clearly. */
export async function checkClusterReachable(cluster: ClusterTarget): Promise<void> {
  try {
    await fetchSlotMap(cluster, cluster.seeds);
  } catch (error) {
    throw new RuntimeError(
      `${cluster.display}: cannot read the cluster's slot map (${error instanceof Error ? error.message : String(error)})`,
      'check that the node runs with cluster-enabled yes and every slot is assigned, or drop --cluster for a standalone server',
    );
  }
}
