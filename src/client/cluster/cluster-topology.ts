/**
 * Asking a cluster for its slot map: connect to a node (the seeds, or any known node), ask
 * CLUSTER SHARDS, fall back to CLUSTER SLOTS, and give up only when no node answered.
 */
import { Connection } from '../connection.js';
import { ConnectionError } from '../connection-error.js';
import type { ClusterTarget, HostPort, StandaloneTarget } from '../target-url.js';
import { slotMapFromShards, slotMapFromSlots, uncoveredSlots, type SlotMap } from './slot-map.js';
import { SLOT_COUNT } from './key-slot.js';

/** A standalone target for one node of the cluster, with the cluster's credentials and TLS. */
export function nodeTarget(cluster: ClusterTarget, host: string, port: number): StandaloneTarget {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return {
    kind: 'standalone',
    endpoint: { transport: 'tcp', host, port },
    db: 0,
    username: cluster.username,
    password: cluster.password,
    tls: cluster.tls,
    display: `cluster node ${address}`,
  };
}

/** Splits "host:port" (the last colon separates the port, so IPv6 hosts work). */
export function parseAddress(address: string): HostPort {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host, port: Number(address.slice(colon + 1)) };
}

/** Reads the slot map through an open connection: CLUSTER SHARDS, else CLUSTER SLOTS. */
export async function readSlotMap(conn: Connection): Promise<SlotMap> {
  let map: SlotMap | null = null;
  try {
    map = slotMapFromShards(await conn.call(['CLUSTER', 'SHARDS']));
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
  }
  if (map === null || map.masters.length === 0) map = slotMapFromSlots(await conn.call(['CLUSTER', 'SLOTS']));
  return map;
}

/** Tries each address in turn and returns the first complete slot map (or the best partial one). */
export async function fetchSlotMap(cluster: ClusterTarget, addresses: readonly HostPort[], connectTimeoutMs = 2000): Promise<SlotMap> {
  let best: SlotMap | null = null;
  const failures: string[] = [];
  for (const { host, port } of addresses) {
    const conn = new Connection({ target: nodeTarget(cluster, host, port), reconnect: false, clientName: null, connectTimeoutMs });
    try {
      await conn.connect();
      const map = await readSlotMap(conn);
      if (uncoveredSlots(map) === 0) return map;
      if (best === null || uncoveredSlots(map) < uncoveredSlots(best)) best = map;
    } catch (error) {
      failures.push(`${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await conn.close().catch(() => {});
    }
  }
  if (best !== null && uncoveredSlots(best) < SLOT_COUNT) return best;
  throw new ConnectionError('refused', `no cluster node gave a slot map (${failures.join('; ') || 'no slots are assigned'})`);
}
