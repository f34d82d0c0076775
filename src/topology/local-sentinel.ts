/**
 * A throwaway Sentinel deployment on 127.0.0.1: one master, its replicas and three sentinels on
 * free ports, with short timeouts so a failover takes seconds, for tests, drills and
 * `rbench local up sentinel`. `start` returns once every sentinel knows every replica and the
 * other sentinels, so a failover can be asked for at once.
 */
import { Connection } from '../client/connection.js';
import { parseTarget, type SentinelTarget, type StandaloneTarget } from '../client/target-url.js';
import { asString, RespMap, type RespValue } from '../resp/values.js';
import { RuntimeError } from '../shared/errors.js';
import { startLocalServer, type LocalServer } from './local-server.js';

export interface LocalSentinelOptions {
  masterName?: string;
  /** Replicas of the master. Default 2. */
  replicas?: number;
  /** Sentinels. Default 3. */
  sentinels?: number;
  /** Sentinels that must agree the master is down. Default 2. */
  quorum?: number;
  /** How long a master may be silent before a sentinel thinks it is down. Default 1000 ms. */
  downAfterMs?: number;
  /** Sentinel's failover-timeout. Default 10000 ms. */
  failoverTimeoutMs?: number;
  /** requirepass of the data nodes (and masterauth of the replicas). */
  password?: string;
  /** requirepass of the sentinels. */
  sentinelPassword?: string;
  /** Outlive this process (`rbench local up`). */
  detached?: boolean;
  /** How long to wait for the sentinels to see everything. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface LocalSentinel {
  readonly masterName: string;
  /** sentinel://...: without passwords; `target` has them. */
  readonly url: string;
  readonly target: SentinelTarget;
  /** The data nodes, the first being the master at start (it may not be after a failover). */
  readonly dataNodes: readonly LocalServer[];
  readonly sentinels: readonly LocalServer[];
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  /** Stops every process and removes their directories. */
  stop(): Promise<void>;
}

/** Starts master, replicas and sentinels, and waits until the sentinels see them all. */
export async function startLocalSentinel(options: LocalSentinelOptions = {}): Promise<LocalSentinel> {
  const masterName = options.masterName ?? 'mymaster';
  const replicaCount = options.replicas ?? 2;
  const sentinelCount = options.sentinels ?? 3;
  const quorum = options.quorum ?? Math.min(2, sentinelCount);
  const downAfterMs = options.downAfterMs ?? 1000;
  const failoverTimeoutMs = options.failoverTimeoutMs ?? 10_000;
  const started: LocalServer[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop().catch(() => {})));
  };
  const common = { detached: options.detached === true, ...(options.password === undefined ? {} : { password: options.password }) };
  try {
    // DEBUG is refused by default since Redis 7; the pause drill may use DEBUG SLEEP locally.
    const dataArgs = ['--enable-debug-command', 'local', ...(options.password === undefined ? [] : ['--masterauth', options.password])];
    const master = await startLocalServer({ ...common, extraArgs: dataArgs });
    started.push(master);
    const replicas = await Promise.all(
      Array.from({ length: replicaCount }, () => startLocalServer({ ...common, extraArgs: [...dataArgs, '--replicaof', master.host, String(master.port)] })),
    );
    started.push(...replicas);
    const conf = sentinelConfig(masterName, master, quorum, downAfterMs, failoverTimeoutMs, options);
    const sentinels: LocalServer[] = [];
    for (let i = 0; i < sentinelCount; i++) {
      const s = await startLocalServer({
        configText: conf,
        sentinel: true,
        detached: options.detached === true,
        ...(options.sentinelPassword === undefined ? {} : { password: options.sentinelPassword }),
      });
      sentinels.push(s);
      started.push(s);
    }
    const url = `sentinel://${sentinels.map((s) => `${s.host}:${s.port}`).join(',')}/${masterName}`;
    const target = sentinelTargetFor(url, options.password, options.sentinelPassword);
    await waitUntilSeen(target, replicaCount, sentinelCount, options.readyTimeoutMs ?? 20_000);
    return { masterName, url, target, dataNodes: [master, ...replicas], sentinels, downAfterMs, failoverTimeoutMs, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The sentinel target of a local deployment, with its passwords. */
export function sentinelTargetFor(url: string, password?: string, sentinelPassword?: string): SentinelTarget {
  const query: string[] = [];
  if (password !== undefined) query.push(`password=${encodeURIComponent(password)}`);
  if (sentinelPassword !== undefined) query.push(`sentinelPassword=${encodeURIComponent(sentinelPassword)}`);
  const target = parseTarget(query.length > 0 ? `${url}?${query.join('&')}` : url);
  if (target.kind !== 'sentinel') throw new Error(`not a sentinel URL: ${url}`);
  return target;
}

function sentinelConfig(name: string, master: LocalServer, quorum: number, downAfterMs: number, failoverTimeoutMs: number, options: LocalSentinelOptions): string {
  const lines = [
    `sentinel monitor ${name} ${master.host} ${master.port} ${quorum}`,
    `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
    `sentinel failover-timeout ${name} ${failoverTimeoutMs}`,
    `sentinel parallel-syncs ${name} 2`,
  ];
  if (options.password !== undefined) lines.push(`sentinel auth-pass ${name} ${options.password}`);
  if (options.sentinelPassword !== undefined) lines.push(`sentinel sentinel-pass ${options.sentinelPassword}`);
  return `${lines.join('\n')}\n`;
}

/** Polls every sentinel until it lists all replicas (linked, not down) and all other sentinels. */
async function waitUntilSeen(target: SentinelTarget, replicas: number, sentinels: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const states = await Promise.all(target.sentinels.map((s) => sentinelView(target, s).catch((e: unknown) => ({ replicas: 0, sentinels: 0, error: String(e) }))));
    if (states.every((s) => s.replicas >= replicas && s.sentinels >= sentinels - 1)) return;
    last = states.map((s, i) => `sentinel ${i + 1}: ${s.replicas} replicas, ${s.sentinels} peers${'error' in s ? ` (${s.error})` : ''}`).join('; ');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new RuntimeError(`the local sentinels did not see the whole deployment within ${timeoutMs} ms: ${last}`, 'check the redis-server logs; is the machine very busy?');
}

async function sentinelView(target: SentinelTarget, sentinel: { host: string; port: number }): Promise<{ replicas: number; sentinels: number }> {
  const conn = new Connection({ target: nodeTarget(sentinel, target.sentinelPassword), reconnect: false, clientName: null, connectTimeoutMs: 1000 });
  try {
    await conn.connect();
    const replicaList = await conn.call(['SENTINEL', 'replicas', target.masterName]);
    const peerList = await conn.call(['SENTINEL', 'sentinels', target.masterName]);
    const healthy = listOf(replicaList).filter((r) => {
      const flags = field(r, 'flags') ?? '';
      return !/down|disconnected/.test(flags) && field(r, 'master-link-status') === 'ok';
    });
    return { replicas: healthy.length, sentinels: listOf(peerList).length };
  } finally {
    await conn.close().catch(() => {});
  }
}

function nodeTarget(node: { host: string; port: number }, password: string | null): StandaloneTarget {
  return { kind: 'standalone', endpoint: { transport: 'tcp', host: node.host, port: node.port }, db: 0, username: null, password, tls: null, display: `${node.host}:${node.port}` };
}

function listOf(reply: RespValue): RespValue[] {
  return Array.isArray(reply) ? reply : [];
}

function field(entry: RespValue, name: string): string | null {
  if (entry instanceof RespMap) {
    const v = entry.get(name);
    return v === undefined ? null : asString(v);
  }
  if (!Array.isArray(entry)) return null;
  for (let i = 0; i + 1 < entry.length; i += 2) if (asString(entry[i]!) === name) return asString(entry[i + 1]!);
  return null;
}
