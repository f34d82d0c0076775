/**
 * Which deployment a command talks to: --target, else the scenario's target, else REDIS_URL, else
 * redis://127.0.0.1:6379. When nothing was named, nothing answers at the default, and
 * redis-server is on PATH, a throwaway local server is started (and --local forces that).
 * A plain redis:// URL may name a node of a Redis Cluster: INFO cluster says so (cluster_enabled:1),
 * or the user forces it with --cluster; `detectCluster` then makes it the cluster with that seed.
 */
import { Connection } from '../client/connection.js';
import { nodeTarget } from '../client/cluster/cluster-topology.js';
import { findMaster, dataNodeTarget } from '../client/sentinel/sentinel-lookup.js';
import { parseTarget, type ClusterTarget, type StandaloneTarget, type Target } from '../client/target-url.js';
import type { TlsFlags } from '../client/tls-settings.js';
import { startLocalServer } from '../topology/local-server.js';
import { RuntimeError, UsageError } from '../shared/errors.js';
import { Deployment } from './deployment.js';

export const DEFAULT_URL = 'redis://127.0.0.1:6379';

export interface TargetChoice {
  target?: string | undefined;
  scenarioTarget?: string | null | undefined;
  local?: boolean | undefined;
  tls?: TlsFlags | undefined;
}

/** Decides the deployment and starts a local server when that is what the user gets. */
export async function resolveDeployment(choice: TargetChoice): Promise<Deployment> {
  if (choice.local) return startThrowaway('started a throwaway redis-server (--local)');
  const named = choice.target ?? choice.scenarioTarget ?? process.env.REDIS_URL ?? null;
  const parsed = parseTarget(named ?? DEFAULT_URL, { tls: choice.tls });
  if (parsed.kind === 'sentinel') {
    return new Deployment({ kind: 'sentinel', sentinel: parsed, master: dataNodeTarget(parsed, await findMaster(parsed)) });
  }
  if (parsed.kind === 'cluster') {
    const seed = parsed.seeds[0]!;
    return new Deployment({ kind: 'cluster', cluster: parsed, seed: nodeTarget(parsed, seed.host, seed.port) });
  }
  const server = standalone(parsed);
  if (named !== null || (await answers(server))) return new Deployment({ kind: 'standalone', server });
  try {
    return await startThrowaway(`nothing answered at ${DEFAULT_URL}; started a throwaway redis-server`);
  } catch (err) {
    throw new RuntimeError(
      `no Redis answered at ${DEFAULT_URL}, and no local redis-server could be started (${err instanceof Error ? err.message : String(err)})`,
      'start a Redis server, pass --target URL (or set REDIS_URL), or install redis-server (apt-get install redis-server) so rbench can start one with --local',
    );
  }
}

/**
 * The deployment the load goes to once the control node has answered INFO: a plain server that is
 * a cluster node (`clusterEnabled`, or --cluster) becomes that cluster, with the node as its seed.
 */
export function detectCluster(deployment: Deployment, clusterEnabled: boolean): Deployment {
  const spec = deployment.spec;
  if (spec.kind !== 'standalone' || !clusterEnabled) return deployment;
  return new Deployment({ kind: 'cluster', cluster: clusterFromNode(spec.server), seed: spec.server }, deployment.local, deployment.note);
}

/** The cluster whose seed is this node (same credentials and TLS). */
export function clusterFromNode(node: StandaloneTarget): ClusterTarget {
  if (node.endpoint.transport !== 'tcp') throw new UsageError(`${node.display}: a cluster is reached over TCP, not a unix socket`, 'pass redis://host:port of a cluster node');
  if (node.db !== 0) throw new UsageError(`${node.display}: Redis Cluster has only database 0`, 'drop the /db part of the URL');
  const { host, port } = node.endpoint;
  return { kind: 'cluster', seeds: [{ host, port }], readFrom: 'master', username: node.username, password: node.password, tls: node.tls, display: node.display };
}

async function startThrowaway(reason: string): Promise<Deployment> {
  const local = await startLocalServer();
  const server = standalone(parseTarget(local.url));
  return new Deployment({ kind: 'standalone', server }, local, `rbench: ${reason} at ${local.url}; it stops when rbench ends`);
}

function standalone(target: Target): StandaloneTarget {
  if (target.kind !== 'standalone') {
    throw new UsageError(
      `${target.display}: ${target.kind} targets are not supported yet`,
      'pass a redis://, rediss://, unix://, cluster:// or sentinel:// URL',
    );
  }
  return target;
}

async function answers(target: StandaloneTarget): Promise<boolean> {
  const conn = new Connection({ target, connectTimeoutMs: 1000, reconnect: false, clientName: null });
  try {
    await conn.connect();
    return true;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => {});
  }
}
