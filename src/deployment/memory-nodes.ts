/**
 * Where memory is read for a sweep: one server, or every master of a Redis Cluster. On a cluster
 * INFO memory and DBSIZE are summed over the masters, and a per-key command goes to the master
 * that owns the key's slot, so memory per key means the same thing on both.
 */
import { fetchSlotMap, nodeTarget } from '../client/cluster/cluster-topology.js';
import { keySlot } from '../client/cluster/key-slot.js';
import { Connection } from '../client/connection.js';
import type { ClusterTarget } from '../client/target-url.js';

export interface MemoryNodes {
  /** Every node holding data: the server, or each cluster master. */
  readonly nodes: readonly Connection[];
  /** The node that holds `key`; null when no node serves its slot. */
  nodeForKey(key: string): Connection | null;
}

/** A standalone server (or a sentinel-managed master): everything on one connection. */
export function singleNode(conn: Connection): MemoryNodes {
  return { nodes: [conn], nodeForKey: () => conn };
}

/** Opens a control connection to every master of the cluster; close() them when done. */
export async function clusterMasters(cluster: ClusterTarget): Promise<MemoryNodes & { close(): Promise<void> }> {
  const map = await fetchSlotMap(cluster, cluster.seeds);
  const nodes = map.masters.map((m) => new Connection({ target: nodeTarget(cluster, m.host, m.port), reconnect: false }));
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((c) => c.close().catch(() => {})));
  };
  try {
    await Promise.all(nodes.map((c) => c.connect()));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    nodes,
    nodeForKey: (key) => {
      const owner = map.owners[keySlot(key)] ?? -1;
      return owner < 0 ? null : (nodes[owner] ?? null);
    },
    close,
  };
}
