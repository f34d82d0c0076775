/**
 * The deployment connector: one object per run that knows what kind of deployment the target is
 * (a server, a Sentinel-managed master, a Redis Cluster) and answers what the rest of rbench asks
 * of it, so no other part branches on the kind: the node to talk to first, the plain-data LoadSpec
 * workers compile their connections from, the current master, every master, the memory nodes, the
 * nodes the load reaches, a failover through Sentinel, a watch on the master for a drill.
 * Resolved once (resolve-deployment.ts), then asked.
 */
import { fetchSlotMap, nodeTarget } from '../client/cluster/cluster-topology.js';
import { Connection } from '../client/connection.js';
import { dataNodeTarget, findMaster, findReplicas, sentinelNodeTarget, withConnection } from '../client/sentinel/sentinel-lookup.js';
import { describeEndpoint, formatHostPort, type ReadFrom, type StandaloneTarget } from '../client/target-url.js';
import { firstKeyPositions, readOnlyCommands } from '../scenario/index.js';
import { RuntimeError, UsageError } from '../shared/errors.js';
import type { LocalServer } from '../topology/local-server.js';
import { controlTarget, readFromOf, routesBySlot, type DeploymentSpec, type LoadSpec } from './deployment-spec.js';
import { watchMaster, type MasterWatch } from './master-watch.js';
import { clusterMasters, singleNode, type MemoryNodes } from './memory-nodes.js';
import type { Clock } from '../shared/clock.js';

/** A data node the load reaches: a master, or (replica mode) a replica that gets the reads. */
export interface LoadNode {
  /** "host:port" as the report names it. */
  name: string;
  target: StandaloneTarget;
  replica: boolean;
}

export class Deployment {
  constructor(
    readonly spec: DeploymentSpec,
    /** The throwaway server rbench started, to stop at the end; null when using an existing one. */
    readonly local: LocalServer | null = null,
    /** One line for the user when rbench started a local server. */
    readonly note: string | null = null,
  ) {}

  /** The report's topology. */
  get kind(): DeploymentSpec['kind'] {
    return this.spec.kind;
  }

  /** The node control commands go to first: the server, the master at start, or the seed. */
  get control(): StandaloneTarget {
    return controlTarget(this.spec);
  }

  /** The target as the report shows it (no password). */
  get display(): string {
    return this.spec.kind === 'cluster' ? this.spec.cluster.display : this.control.display;
  }

  get readFrom(): ReadFrom {
    return readFromOf(this.spec);
  }

  /** Commands are routed by hash slot: keys of one command must share a slot. */
  get routesBySlot(): boolean {
    return routesBySlot(this.spec);
  }

  /** SELECT works (a cluster has database 0 only). */
  get hasDatabases(): boolean {
    return !this.routesBySlot;
  }

  /** The passwords it carries (data nodes, sentinels): scrubbed from every output. */
  secrets(): (string | null)[] {
    return [this.control.password, this.spec.kind === 'sentinel' ? this.spec.sentinel.sentinelPassword : null];
  }

  /** The same deployment with reads sent to `readFrom` (--read-from); undefined keeps the URL's. */
  withReadFrom(readFrom: ReadFrom | undefined): Deployment {
    const spec = this.spec;
    if (readFrom === undefined) return this;
    if (spec.kind === 'standalone') {
      if (readFrom === 'master') return this;
      throw new UsageError('--read-from replica needs a cluster or sentinel target', 'pass a cluster:// or sentinel:// URL, or a cluster node with --cluster');
    }
    const next: DeploymentSpec = spec.kind === 'cluster' ? { ...spec, cluster: { ...spec.cluster, readFrom } } : { ...spec, sentinel: { ...spec.sentinel, readFrom } };
    return new Deployment(next, this.local, this.note);
  }

  /** What workers compile their connections from (plain data, crosses the thread boundary). */
  loadSpec(options: { clientName?: string | null; protocol?: 2 | 3 } = {}): LoadSpec {
    return {
      deployment: this.spec,
      protocol: options.protocol ?? 2,
      clientName: options.clientName === undefined ? 'rbench' : options.clientName,
      keyPositions: this.routesBySlot ? firstKeyPositions() : {},
      // Replica mode sends the read-only commands to replicas and everything else to the master(s).
      replicaReads: this.readFrom === 'replica' ? readOnlyCommands() : [],
    };
  }

  /** The nodes named before the run: the server (or the master at start), or the cluster's seeds. */
  namedNodes(): string[] {
    if (this.spec.kind === 'cluster') return this.spec.cluster.seeds.map((s) => `${s.host}:${s.port}`);
    const endpoint = this.control.endpoint;
    return [endpoint.transport === 'tcp' ? `${endpoint.host}:${endpoint.port}` : endpoint.path];
  }

  /** The master now: Sentinel is asked again; otherwise the control node. */
  async currentMaster(): Promise<StandaloneTarget> {
    const spec = this.spec;
    return spec.kind === 'sentinel' ? dataNodeTarget(spec.sentinel, await findMaster(spec.sentinel)) : this.control;
  }

  /** Every master holding data now: each of a cluster's (from its slot map), else the one master. */
  async masters(): Promise<StandaloneTarget[]> {
    const spec = this.spec;
    if (spec.kind !== 'cluster') return [await this.currentMaster()];
    const map = await fetchSlotMap(spec.cluster, spec.cluster.seeds);
    return map.masters.map((m) => nodeTarget(spec.cluster, m.host, m.port));
  }

  /** Connected nodes to read memory from (every cluster master, else the control node); close() them. */
  async memoryNodes(): Promise<MemoryNodes & { close(): Promise<void> }> {
    if (this.spec.kind === 'cluster') return clusterMasters(this.spec.cluster);
    const conn = new Connection({ target: this.control, reconnect: false, clientName: null });
    await conn.connect();
    return { ...singleNode(conn), close: () => conn.close().catch(() => {}) };
  }

  /** The data nodes the load goes to now: every master, and in replica mode the replicas that get the reads. */
  async loadNodes(timeoutMs: number): Promise<LoadNode[]> {
    const spec = this.spec;
    const replicas = this.readFrom === 'replica';
    if (spec.kind === 'cluster') {
      const map = await fetchSlotMap(spec.cluster, spec.cluster.seeds, timeoutMs);
      return map.masters.flatMap((m) => [
        { name: m.address, target: nodeTarget(spec.cluster, m.host, m.port), replica: false },
        ...(replicas
          ? m.replicas.map((address) => {
              const colon = address.lastIndexOf(':');
              return { name: address, target: nodeTarget(spec.cluster, address.slice(0, colon), Number(address.slice(colon + 1))), replica: true };
            })
          : []),
      ]);
    }
    if (spec.kind === 'sentinel') {
      const master = await findMaster(spec.sentinel);
      const nodes: LoadNode[] = [{ name: describeEndpoint(master), target: dataNodeTarget(spec.sentinel, master), replica: false }];
      if (replicas) {
        const healthy = (await findReplicas(spec.sentinel)).filter((r) => !/s_down|o_down|disconnected/.test(r.flags));
        for (const r of healthy) nodes.push({ name: describeEndpoint(r.endpoint), target: dataNodeTarget(spec.sentinel, r.endpoint), replica: true });
      }
      return nodes;
    }
    return [{ name: describeEndpoint(spec.server.endpoint), target: spec.server, replica: false }];
  }

  /** For a MOVED reply naming host:port: that node, with the same credentials; null where there are no redirects. */
  get redirectTarget(): ((host: string, port: number) => StandaloneTarget) | null {
    const spec = this.spec;
    return spec.kind === 'cluster' ? (host, port) => nodeTarget(spec.cluster, host, port) : null;
  }

  /** The deployment's own failover (SENTINEL FAILOVER through the first sentinel that takes it); null where there is none. */
  get failover(): (() => Promise<string>) | null {
    const spec = this.spec;
    if (spec.kind !== 'sentinel') return null;
    return async () => {
      const target = spec.sentinel;
      const problems: string[] = [];
      for (const s of target.sentinels) {
        try {
          await withConnection(sentinelNodeTarget(target, s), (c) => c.call(['SENTINEL', 'FAILOVER', target.masterName]));
          return `SENTINEL FAILOVER ${target.masterName} via ${formatHostPort(s.host, s.port)}`;
        } catch (error) {
          problems.push(`${formatHostPort(s.host, s.port)}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      throw new RuntimeError(`no sentinel accepted SENTINEL FAILOVER: ${problems.join('; ')}`);
    };
  }

  /** A watch on the master through a failover (a drill's writer follows it). */
  watchMaster(clock: Clock): MasterWatch {
    return watchMaster(this.spec, clock);
  }

  /** Before load: a cluster's slot map is read once, so a node that is not a cluster fails early and clearly. */
  async checkReachable(): Promise<void> {
    const spec = this.spec;
    if (spec.kind !== 'cluster') return;
    try {
      await fetchSlotMap(spec.cluster, spec.cluster.seeds);
    } catch (error) {
      throw new RuntimeError(
        `${spec.cluster.display}: cannot read the cluster's slot map (${error instanceof Error ? error.message : String(error)})`,
        'check that the node runs with cluster-enabled yes and every slot is assigned, or drop --cluster for a standalone server',
      );
    }
  }
}
