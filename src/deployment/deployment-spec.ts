/**
 * A deployment as plain data: what crosses the thread boundary inside each WorkerJob, so a worker
 * can open the same kind of connections the main thread resolved (structured clone: no classes,
 * no sockets). The three kinds are the only place the union is spelled out; the main thread asks
 * a `Deployment` (deployment.ts), a worker compiles a `LoadSpec` (load-connections.ts).
 */
import type { KeyPositions } from '../client/cluster/command-scan.js';
import type { ClusterTarget, ReadFrom, SentinelTarget, StandaloneTarget } from '../client/target-url.js';

export type DeploymentSpec =
  /** One server (or a proxy in front of several). */
  | { kind: 'standalone'; server: StandaloneTarget }
  /** A Sentinel-managed master: `master` is the one Sentinel named at start; readFrom is `sentinel.readFrom`. */
  | { kind: 'sentinel'; sentinel: SentinelTarget; master: StandaloneTarget }
  /** A Redis Cluster: `seed` is the node the URL names (or the first seed); readFrom is `cluster.readFrom`. */
  | { kind: 'cluster'; cluster: ClusterTarget; seed: StandaloneTarget };

/** What a worker needs to open its load and role connections: the deployment and how to talk to it. */
export interface LoadSpec {
  /** Contains the passwords: it stays in memory and never reaches a report. */
  deployment: DeploymentSpec;
  protocol: 2 | 3;
  /** CLIENT SETNAME of load and role connections; null where the server refuses it (proxies). */
  clientName: string | null;
  /** Slot routing: where each command's first key is (empty when the deployment does not route by slot). */
  keyPositions: KeyPositions;
  /** Replica mode (--read-from replica): the read-only commands, which go to replicas. */
  replicaReads: string[];
}

/** The load of one plain server, with rbench's defaults (tests and tools that need no resolution). */
export function standaloneLoad(server: StandaloneTarget, clientName: string | null = 'rbench'): LoadSpec {
  return { deployment: { kind: 'standalone', server }, protocol: 2, clientName, keyPositions: {}, replicaReads: [] };
}

/** True when commands are routed by hash slot (a cluster): keys need hash tags to share a node. */
export function routesBySlot(spec: DeploymentSpec): boolean {
  return spec.kind === 'cluster';
}

/** Where reads go: the URL's ?readFrom= (or --read-from), master for a plain server. */
export function readFromOf(spec: DeploymentSpec): ReadFrom {
  if (spec.kind === 'cluster') return spec.cluster.readFrom;
  if (spec.kind === 'sentinel') return spec.sentinel.readFrom;
  return 'master';
}

/** The node control commands go to: the server, the master at start, or the seed. */
export function controlTarget(spec: DeploymentSpec): StandaloneTarget {
  if (spec.kind === 'cluster') return spec.seed;
  if (spec.kind === 'sentinel') return spec.master;
  return spec.server;
}
