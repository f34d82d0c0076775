/**
 * The connections a worker drives, compiled from the job's LoadSpec: plain Connections for a
 * server, Sentinel-following ones (and read/write splits in replica mode) for a Sentinel
 * deployment, or cluster connections (one socket per node each) sharing one slot map. Routing and
 * following live entirely behind the load-connection shape (worker/ports.ts), so the load loop is
 * the same for every kind.
 */
import { ClusterConnection } from '../client/cluster/cluster-connection.js';
import { fetchSlotMap, nodeTarget, parseAddress } from '../client/cluster/cluster-topology.js';
import { RoutingTable } from '../client/cluster/routing-table.js';
import { Connection } from '../client/connection.js';
import { ReadWriteSplit } from '../client/sentinel/read-write-split.js';
import { SentinelFollower } from '../client/sentinel/sentinel-follower.js';
import type { StandaloneTarget } from '../client/target-url.js';
import type { LoadSpec } from './deployment-spec.js';

/** A connection the load loop drives (each satisfies worker/ports.ts' LoadConnection). */
export type LoadSocket = Connection | ReadWriteSplit | ClusterConnection;

export interface LoadConnectionHooks {
  onWarning: (message: string) => void;
  /** Cluster: redirect and retry counters. */
  onCount: (name: string, n: number) => void;
  /** Cluster: one finished command on a node. */
  onNodeReply: (node: number, responseUs: number, errorKind: string | null) => void;
}

/** Settings of a role connection (subscriber, consumer) that differ from a load connection's. */
export interface RoleConnectionSettings {
  protocol?: 2 | 3;
  commandTimeoutMs: number;
}

export interface LoadConnections {
  connections: LoadSocket[];
  /** Where role connections (subscribers, consumers) go: the server, or one cluster node. */
  roleTarget: StandaloneTarget;
  /**
   * A plain connection for a role, to `roleTarget`; on a sentinel:// target it follows the
   * master as the load connections do, so subscribers and consumers move with a failover.
   */
  openRoleConnection: (settings: RoleConnectionSettings) => Connection;
  /** Cluster: connections for role traffic (consumers) that route by slot; null for standalone targets. */
  createRoleConnection: (() => ClusterConnection) | null;
  /** Cluster: the address of a node index; null for standalone targets. */
  addressOf: ((node: number) => string) | null;
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** Creates (not yet connected) `count` load connections for the spec's deployment. */
export async function createLoadConnections(load: LoadSpec, count: number, hooks: LoadConnectionHooks): Promise<LoadConnections> {
  const spec = load.deployment;
  if (spec.kind !== 'cluster') {
    const target = spec.kind === 'sentinel' ? spec.master : spec.server;
    // A Sentinel deployment: every (re)connect asks where the master is, and a +switch-master moves
    // the connections at once, so load continues on the new master without a restart.
    const sentinel = spec.kind === 'sentinel' ? spec.sentinel : null;
    const follower = sentinel ? new SentinelFollower(sentinel) : null;
    if (follower) await follower.start();
    // Load connections report a lost socket as a warning; role connections bring their settings.
    const loadSettings = {
      protocol: load.protocol,
      clientName: load.clientName,
      // Standalone and Sentinel load connections keep no views of what they sent (a cluster's
      // node connections do, to resend on MOVED): their encoders may reuse a slab.
      reuseSlabs: true,
      onStateChange: (state: string, info: { message: string | null }) => {
        if (state === 'down' && info.message) hooks.onWarning(info.message);
      },
    };
    const open = (role: 'master' | 'replica', settings: RoleConnectionSettings | typeof loadSettings = loadSettings): Connection => {
      const conn = new Connection({ target, clientName: load.clientName, ...settings, ...(follower ? resolverOptions(follower, role) : {}) });
      follower?.follow(conn, role);
      return conn;
    };
    // Replica mode on a Sentinel deployment: each load connection is a replica socket for the
    // read-only commands and a master socket for the rest.
    const split = sentinel !== null && sentinel.readFrom === 'replica';
    const readOnly = new Set(load.replicaReads);
    const conns: (Connection | ReadWriteSplit)[] = [];
    for (let i = 0; i < count; i++) conns.push(split ? new ReadWriteSplit(open('master'), open('replica'), readOnly) : open('master'));
    return {
      connections: conns,
      roleTarget: target,
      openRoleConnection: (settings) => open('master', settings),
      createRoleConnection: null,
      addressOf: null,
      connect: async () => {
        await connectHolding(conns, hooks.onWarning);
      },
      close: async () => {
        await Promise.all(conns.map((c) => c.close().catch(() => {})));
        await follower?.close();
      },
    };
  }
  const target = spec.cluster;
  const table = new RoutingTable(await fetchSlotMap(target, target.seeds));
  const conns: ClusterConnection[] = [];
  const replicaReads = new Set(load.replicaReads);
  for (let i = 0; i < count; i++) {
    conns.push(new ClusterConnection({ cluster: target, table, keys: load.keyPositions, protocol: load.protocol, replicaReads, ...hooks }));
  }
  const home = parseAddress(table.homeAddress);
  const roleTarget = nodeTarget(target, home.host, home.port);
  return {
    connections: conns,
    roleTarget,
    openRoleConnection: (settings) => new Connection({ target: roleTarget, ...settings }),
    // Role connections record nothing per node and count no redirects: they are not the measured mix.
    createRoleConnection: () => new ClusterConnection({ cluster: target, table, keys: load.keyPositions, protocol: load.protocol }),
    addressOf: (node) => table.addresses[node] ?? `node ${node}`,
    connect: async () => {
      await Promise.all(conns.map((c) => c.connect()));
    },
    close: async () => {
      await Promise.all(conns.map((c) => c.close().catch(() => {})));
    },
  };
}

/**
 * Connects all; when the server refuses some (it is at its maxclients), the run goes on with the
 * connections it holds, says how many that is in the server's words, and the others keep trying
 * with back-off. Only when none connects does the worker fail.
 */
async function connectHolding(conns: (Connection | ReadWriteSplit)[], onWarning: (message: string) => void): Promise<void> {
  const results = await Promise.allSettled(conns.map((c) => c.connect()));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ conn: conns[i]!, reason: r.reason as unknown }] : []));
  if (failed.length === 0) return;
  const retryable = failed.every((f) => f.conn instanceof Connection);
  if (failed.length === conns.length || !retryable) throw failed[0]!.reason;
  for (const f of failed) (f.conn as Connection).keepReconnecting();
  const why = failed[0]!.reason instanceof Error ? failed[0]!.reason.message : String(failed[0]!.reason);
  onWarning(`held ${conns.length - failed.length} of ${conns.length} connections at start (${why}); the other ${failed.length} retry with back-off`);
}

/** Connection options that make a connection follow the master, or spread over the replicas. */
function resolverOptions(follower: SentinelFollower, readFrom: 'master' | 'replica') {
  return readFrom === 'replica' ? { resolveEndpoint: follower.resolveReplica, rerouteOnReadonly: false } : { resolveEndpoint: follower.resolve };
}
