/**
 * Test helpers for real redis-server processes. Each test file starts its own servers on free
 * ports (never the system Redis on 6379) and stops them in afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import { Connection, type ConnectionOptions } from '../../src/client/connection.js';
import { parseInfo } from '../../src/client/server-info.js';
import { asString } from '../../src/resp/values.js';
import { parseTarget, type StandaloneTarget } from '../../src/client/target-url.js';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../../src/topology/local-cluster.js';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/topology/local-server.js';

export { startLocalServer, type LocalServer, type LocalServerOptions };

/**
 * Starts a server in beforeAll and stops it in afterAll; the returned function gives the
 * running server inside tests.
 */
export function useRedis(options: LocalServerOptions = {}): () => LocalServer {
  let server: LocalServer | undefined;
  beforeAll(async () => {
    server = await startLocalServer(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('useRedis(): the server is not started yet (use it inside a test)');
    return server;
  };
}

/** Like useRedis, for a local Redis Cluster (masters, replicas, node timeout as given). */
export function useLocalCluster(options: LocalClusterOptions): () => LocalCluster {
  let cluster: LocalCluster | undefined;
  beforeAll(async () => {
    cluster = await startLocalCluster(options);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined) throw new Error('useLocalCluster(): the cluster is not started yet (use it inside a test)');
    return cluster;
  };
}

/** A standalone target for `server`, with optional credentials and db. */
export function targetFor(server: LocalServer, auth: { user?: string; password?: string; db?: number } = {}): StandaloneTarget {
  const user = auth.user === undefined ? '' : encodeURIComponent(auth.user);
  const userInfo = auth.password === undefined ? (user === '' ? '' : `${user}@`) : `${user}:${encodeURIComponent(auth.password)}@`;
  const target = parseTarget(`redis://${userInfo}${server.host}:${server.port}/${auth.db ?? 0}`);
  if (target.kind !== 'standalone') throw new Error('expected a standalone target');
  return target;
}

/** Opens a connection to `server` (closed by the caller). */
export function connectTo(server: LocalServer, options: Partial<ConnectionOptions> & { auth?: { user?: string; password?: string; db?: number } } = {}): Promise<Connection> {
  const { auth, ...rest } = options;
  return Connection.open({ target: targetFor(server, auth), ...rest });
}

/** CONFIG RESETSTAT on `server`: INFO stats and commandstats count from zero again. */
export async function resetStats(server: LocalServer): Promise<void> {
  const conn = await connectTo(server);
  try {
    await conn.call(['CONFIG', 'RESETSTAT']);
  } finally {
    await conn.close();
  }
}

/** `calls` of each command in INFO commandstats since the last reset, by lower-case name. */
export async function commandCalls(server: LocalServer): Promise<Record<string, number>> {
  const conn = await connectTo(server);
  try {
    const fields = parseInfo(asString(await conn.call(['INFO', 'commandstats'])) ?? '');
    const calls: Record<string, number> = {};
    for (const [key, value] of Object.entries(fields)) {
      const m = /^cmdstat_(.+)$/.exec(key);
      const n = /calls=(\d+)/.exec(value);
      if (m && n) calls[m[1]!] = Number(n[1]);
    }
    return calls;
  } finally {
    await conn.close();
  }
}
