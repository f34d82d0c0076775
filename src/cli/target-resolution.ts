/**
 * Which server a command talks to: --target, else the scenario's target, else REDIS_URL, else
 * redis://127.0.0.1:6379. When nothing was named, nothing answers at the default, and
 * redis-server is on PATH, a throwaway local server is started (and --local forces that).
 */
import { Connection } from '../client/connection.js';
import { nodeTarget } from '../client/cluster/cluster-topology.js';
import { findMaster, dataNodeTarget } from '../client/sentinel/sentinel-lookup.js';
import { parseTarget, type ClusterTarget, type SentinelTarget, type StandaloneTarget, type Target } from '../client/target-url.js';
import type { TlsFlags } from '../client/tls-settings.js';
import { startLocalServer, type LocalServer } from '../topology/local-server.js';
import { RuntimeError, UsageError } from '../shared/errors.js';

export const DEFAULT_URL = 'redis://127.0.0.1:6379';

export interface TargetChoice {
  target?: string | undefined;
  scenarioTarget?: string | null | undefined;
  local?: boolean | undefined;
  tls?: TlsFlags | undefined;
}

export interface ResolvedTarget {
  /** The server to talk to; for a cluster target, its first seed node. */
  target: StandaloneTarget;
  /** For sentinel:// URLs: the Sentinel target; `target` is then the master it named at start. */
  sentinel: SentinelTarget | null;
  /** Set when the target is a cluster (cluster:// URL); see also cluster-detection.ts. */
  cluster: ClusterTarget | null;
  /** The throwaway server we started, to stop at the end; null when using an existing one. */
  local: LocalServer | null;
  /** One line for the user when we started a local server. */
  note: string | null;
}

/** The passwords a resolved target carries (data nodes, sentinels): scrubbed from every output. */
export function targetSecrets(resolved: ResolvedTarget): (string | null)[] {
  return [resolved.target.password, resolved.sentinel?.sentinelPassword ?? null];
}

/** Decides the target and starts a local server when that is what the user gets. */
export async function resolveTarget(choice: TargetChoice): Promise<ResolvedTarget> {
  if (choice.local) return startThrowaway('started a throwaway redis-server (--local)');
  const named = choice.target ?? choice.scenarioTarget ?? process.env.REDIS_URL ?? null;
  const parsed = parseTarget(named ?? DEFAULT_URL, { tls: choice.tls });
  if (parsed.kind === 'sentinel') {
    return { target: dataNodeTarget(parsed, await findMaster(parsed)), sentinel: parsed, cluster: null, local: null, note: null };
  }
  if (parsed.kind === 'cluster') {
    const seed = parsed.seeds[0]!;
    return { target: nodeTarget(parsed, seed.host, seed.port), sentinel: null, cluster: parsed, local: null, note: null };
  }
  const target = standalone(parsed);
  if (named !== null) return { target, sentinel: null, cluster: null, local: null, note: null };
  if (await answers(target)) return { target, sentinel: null, cluster: null, local: null, note: null };
  try {
    return await startThrowaway(`nothing answered at ${DEFAULT_URL}; started a throwaway redis-server`);
  } catch (err) {
    throw new RuntimeError(
      `no Redis answered at ${DEFAULT_URL}, and no local redis-server could be started (${err instanceof Error ? err.message : String(err)})`,
      'start a Redis server, pass --target URL (or set REDIS_URL), or install redis-server (apt-get install redis-server) so rbench can start one with --local',
    );
  }
}

async function startThrowaway(reason: string): Promise<ResolvedTarget> {
  const local = await startLocalServer();
  const target = standalone(parseTarget(local.url));
  return { target, sentinel: null, cluster: null, local, note: `rbench: ${reason} at ${local.url}; it stops when rbench ends` };
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
