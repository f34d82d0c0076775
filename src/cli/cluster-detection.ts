/**
 * A plain redis:// URL may name a node of a Redis Cluster: INFO cluster says so
 * (cluster_enabled:1), or the user forces it with --cluster. Either way the run then routes by
 * slot with the node as its seed.
 */
import type { Connection } from '../client/connection.js';
import { parseInfo } from '../client/server-info.js';
import type { ClusterTarget, StandaloneTarget } from '../client/target-url.js';
import { asString } from '../resp/values.js';
import { UsageError } from '../shared/errors.js';

/** True when the connected server runs with cluster-enabled yes. */
export async function isClusterNode(conn: Connection): Promise<boolean> {
  try {
    const info = parseInfo(asString(await conn.call(['INFO', 'cluster'])) ?? '');
    return info.cluster_enabled === '1';
  } catch {
    return false; // proxies and old servers may refuse the section
  }
}

/** The cluster whose seed is this node (same credentials and TLS). */
export function clusterFromNode(node: StandaloneTarget): ClusterTarget {
  if (node.endpoint.transport !== 'tcp') throw new UsageError(`${node.display}: a cluster is reached over TCP, not a unix socket`, 'pass redis://host:port of a cluster node');
  if (node.db !== 0) throw new UsageError(`${node.display}: Redis Cluster has only database 0`, 'drop the /db part of the URL');
  const { host, port } = node.endpoint;
  return { kind: 'cluster', seeds: [{ host, port }], username: node.username, password: node.password, tls: node.tls, display: node.display };
}
