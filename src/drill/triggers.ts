/**
 * The drill actions. Each sends one thing to the deployment at the planned moment and returns a
 * one-line description of what it did; a failure is reported in the drill result, not thrown
 * through the run.
 */
import { Connection } from '../client/connection.js';
import { withConnection } from '../client/sentinel/sentinel-lookup.js';
import { describeEndpoint, formatHostPort, type Endpoint, type StandaloneTarget } from '../client/target-url.js';
import { asString } from '../resp/values.js';
import { RuntimeError } from '../shared/errors.js';
import type { DrillAction } from '../report/drill-result.js';

/** A redis-server process rbench started (`rbench local up`, or a test), by port. */
export interface LocalProcess {
  port: number;
  kill(): Promise<void>;
}

export interface TriggerContext {
  /** The current master, with the data-node credentials. */
  master: StandaloneTarget;
  /** The deployment's own failover (Deployment.failover: SENTINEL FAILOVER); null where it has none. */
  failover: (() => Promise<string>) | null;
  pauseMs: number;
  pauseWith: 'client-pause' | 'debug-sleep';
  localProcesses: readonly LocalProcess[];
}

/** Runs `action`; resolves with what was done, rejects with a RuntimeError saying why it could not. */
export async function trigger(action: DrillAction, ctx: TriggerContext): Promise<string> {
  switch (action) {
    case 'sentinel-failover':
      if (ctx.failover === null) throw new RuntimeError('sentinel-failover needs a sentinel:// target');
      return ctx.failover();
    case 'cluster-failover':
      return clusterFailover(ctx.master);
    case 'pause-master':
      return pauseMaster(ctx);
    case 'kill-master':
      return killMaster(ctx);
  }
}

async function pauseMaster(ctx: TriggerContext): Promise<string> {
  const where = describeEndpoint(ctx.master.endpoint);
  if (ctx.pauseWith === 'client-pause') {
    await withConnection(ctx.master, (c) => c.call(['CLIENT', 'PAUSE', String(ctx.pauseMs), 'ALL']));
    return `CLIENT PAUSE ${ctx.pauseMs} ALL on ${where}`;
  }
  // DEBUG SLEEP blocks the server, so its reply only comes when the pause ends: send it and
  // return at once, closing the connection once the reply is in.
  const conn = new Connection({ target: ctx.master, reconnect: false, clientName: 'rbench-drill', commandTimeoutMs: ctx.pauseMs + 5000 });
  await conn.connect();
  const seconds = (ctx.pauseMs / 1000).toFixed(3);
  const reply = conn.call(['DEBUG', 'SLEEP', seconds]);
  // A refusal (DEBUG disabled) comes back before the pause would end; a success only after it.
  const early = await Promise.race([reply.then(() => 'done' as const, (e: unknown) => e), new Promise((r) => setTimeout(() => r('sleeping'), 100))]);
  if (early instanceof Error) {
    await conn.close().catch(() => {});
    throw new RuntimeError(`DEBUG SLEEP refused by ${where}: ${early.message}`, 'start redis-server with --enable-debug-command local (or yes), or use pauseWith: client-pause');
  }
  void reply.catch(() => {}).finally(() => conn.close().catch(() => {}));
  return `DEBUG SLEEP ${seconds} on ${where}`;
}

async function killMaster(ctx: TriggerContext): Promise<string> {
  const endpoint: Endpoint = ctx.master.endpoint;
  const port = endpoint.transport === 'tcp' ? endpoint.port : -1;
  const proc = ctx.localProcesses.find((p) => p.port === port);
  if (proc === undefined) {
    throw new RuntimeError(
      `kill-master: the master ${describeEndpoint(endpoint)} was not started by rbench`,
      'start the deployment with `rbench local up sentinel` and drill its URL, or use another action',
    );
  }
  await proc.kill();
  return `killed the master process on ${describeEndpoint(endpoint)} (SIGKILL)`;
}

/**
 * CLUSTER FAILOVER on a replica of the master `seed` points at (or, when `seed` is a replica, on
 * `seed` itself): reads CLUSTER NODES, picks the first connected replica, sends it CLUSTER FAILOVER.
 */
async function clusterFailover(seed: StandaloneTarget): Promise<string> {
  const nodesText = await withConnection(seed, async (c) => asString(await c.call(['CLUSTER', 'NODES'])) ?? '');
  const replica = pickFailoverReplica(parseClusterNodes(nodesText));
  if (replica === null) throw new RuntimeError('cluster-failover: no connected replica found in CLUSTER NODES', 'the cluster needs at least one replica per master (rbench local up cluster --replicas 1)');
  const target: StandaloneTarget = { ...seed, endpoint: { transport: 'tcp', host: replica.host, port: replica.port } };
  await withConnection(target, (c) => c.call(['CLUSTER', 'FAILOVER']));
  return `CLUSTER FAILOVER on replica ${formatHostPort(replica.host, replica.port)} of ${replica.masterId.slice(0, 8)}`;
}

export interface ClusterNodeLine {
  id: string;
  host: string;
  port: number;
  flags: string[];
  masterId: string;
  connected: boolean;
}

/** Parses CLUSTER NODES text ("<id> <ip:port@cport[,hostname]> <flags> <master> ... <link-state> <slots>"). */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const address = parts[1]!.split('@')[0]!;
    const colon = address.lastIndexOf(':');
    const port = Number(address.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port) || port <= 0) continue;
    out.push({ id: parts[0]!, host: address.slice(0, colon), port, flags: parts[2]!.split(','), masterId: parts[3]!, connected: parts[7] === 'connected' });
  }
  return out;
}

/** The replica to fail over to: prefer one of `myself`'s master when `myself` is a master. */
export function pickFailoverReplica(nodes: readonly ClusterNodeLine[]): ClusterNodeLine | null {
  const usable = nodes.filter((n) => n.flags.includes('slave') && n.connected && !n.flags.includes('fail') && !n.flags.includes('fail?'));
  const me = nodes.find((n) => n.flags.includes('myself'));
  if (me?.flags.includes('slave') && usable.includes(me)) return me;
  const ofMine = me ? usable.find((n) => n.masterId === me.id) : undefined;
  return ofMine ?? usable[0] ?? null;
}
