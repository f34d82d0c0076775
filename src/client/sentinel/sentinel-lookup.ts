/**
 * Asking Sentinel where the master is. The sentinels are asked in order with
 * `SENTINEL get-master-addr-by-name`; the first answer is then confirmed with `ROLE` on the
 * address it names, since a sentinel that has not caught up with a failover still names the
 * old master, and a demoted master answers "slave".
 */
import { asString, isNull, RespMap, type RespValue } from '../../resp/values.js';
import { RuntimeError } from '../../shared/errors.js';
import { Connection } from '../connection.js';
import { describeEndpoint, formatHostPort, type Endpoint, type HostPort, type SentinelTarget, type StandaloneTarget } from '../target-url.js';

/** Time allowed for one connect + command when asking a sentinel or a data node. */
const LOOKUP_TIMEOUT_MS = 1000;

/** The target for talking to one sentinel: its own user and password, no database. */
export function sentinelNodeTarget(target: SentinelTarget, sentinel: HostPort): StandaloneTarget {
  return {
    kind: 'standalone',
    endpoint: { transport: 'tcp', host: sentinel.host, port: sentinel.port },
    db: 0,
    username: target.sentinelUsername,
    password: target.sentinelPassword,
    tls: null,
    display: `sentinel ${formatHostPort(sentinel.host, sentinel.port)}`,
  };
}

/** The target for a data node (master or replica) of a Sentinel deployment: the data password and db. */
export function dataNodeTarget(target: SentinelTarget, endpoint: Endpoint): StandaloneTarget {
  return { kind: 'standalone', endpoint, db: target.db, username: target.username, password: target.password, tls: target.tls, display: target.display };
}

/** Opens a short-lived connection, runs `work`, and closes it. */
export async function withConnection<T>(target: StandaloneTarget, work: (conn: Connection) => Promise<T>, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<T> {
  const conn = new Connection({ target, reconnect: false, clientName: 'rbench-sentinel', connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs });
  try {
    await conn.connect();
    return await work(conn);
  } finally {
    await conn.close().catch(() => {});
  }
}

/** What one sentinel says: the master's address, or null when it does not know the name. */
export async function askSentinel(target: SentinelTarget, sentinel: HostPort): Promise<Endpoint | null> {
  return withConnection(sentinelNodeTarget(target, sentinel), async (conn) => {
    const reply = await conn.call(['SENTINEL', 'get-master-addr-by-name', target.masterName]);
    return parseMasterAddr(reply);
  });
}

/** Parses the reply of `SENTINEL get-master-addr-by-name`: [host, port] or nil. */
export function parseMasterAddr(reply: RespValue): Endpoint | null {
  if (isNull(reply) || !Array.isArray(reply) || reply.length < 2) return null;
  const host = asString(reply[0]!);
  const port = Number(asString(reply[1]!));
  if (host === null || !Number.isInteger(port) || port <= 0) return null;
  return { transport: 'tcp', host, port };
}

/** The first word of `ROLE` on a data node: "master", "slave" or "sentinel". */
export async function roleOf(target: SentinelTarget, endpoint: Endpoint): Promise<string> {
  return withConnection({ ...dataNodeTarget(target, endpoint), display: describeEndpoint(endpoint) }, async (conn) => {
    const reply = await conn.call(['ROLE']);
    const first = Array.isArray(reply) && reply.length > 0 ? asString(reply[0]!) : null;
    return first ?? 'unknown';
  });
}

/**
 * Asks the sentinels in order and confirms the answer with ROLE. Throws a RuntimeError naming
 * every sentinel and what it said when no confirmed master was found.
 */
export async function findMaster(target: SentinelTarget): Promise<Endpoint> {
  const problems: string[] = [];
  for (const sentinel of target.sentinels) {
    const name = formatHostPort(sentinel.host, sentinel.port);
    let endpoint: Endpoint | null;
    try {
      endpoint = await askSentinel(target, sentinel);
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (endpoint === null) {
      problems.push(`${name}: no master named "${target.masterName}"`);
      continue;
    }
    let role: string;
    try {
      role = await roleOf(target, endpoint);
    } catch (error) {
      problems.push(`${name} names ${describeEndpoint(endpoint)}, which did not answer ROLE (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (role === 'master') return endpoint;
    problems.push(`${name} names ${describeEndpoint(endpoint)}, but its ROLE is "${role}" (a failover may be under way)`);
  }
  throw new RuntimeError(
    `no master "${target.masterName}" found through Sentinel: ${problems.join('; ')}`,
    'check the sentinel addresses and the master name (SENTINEL masters lists them), and the sentinelPassword / password in the URL',
  );
}

/** One replica as Sentinel lists it. */
export interface ReplicaInfo {
  endpoint: Endpoint;
  /** Sentinel's flags, e.g. "slave" or "slave,s_down". */
  flags: string;
}

/** The replicas of the master, from the first sentinel that answers `SENTINEL replicas`. */
export async function findReplicas(target: SentinelTarget): Promise<ReplicaInfo[]> {
  let lastError: unknown = null;
  for (const sentinel of target.sentinels) {
    try {
      return await withConnection(sentinelNodeTarget(target, sentinel), async (conn) => parseReplicas(await conn.call(['SENTINEL', 'replicas', target.masterName])));
    } catch (error) {
      lastError = error;
    }
  }
  throw new RuntimeError(`no sentinel of ${target.display} listed the replicas: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/** Parses `SENTINEL replicas` (a list of flat field/value lists, or maps in RESP3). */
export function parseReplicas(reply: RespValue): ReplicaInfo[] {
  if (!Array.isArray(reply)) return [];
  const out: ReplicaInfo[] = [];
  for (const entry of reply) {
    const fields = fieldsOf(entry);
    const host = fields.get('ip');
    const port = Number(fields.get('port'));
    if (host === undefined || !Number.isInteger(port)) continue;
    out.push({ endpoint: { transport: 'tcp', host, port }, flags: fields.get('flags') ?? '' });
  }
  return out;
}

function fieldsOf(entry: RespValue): Map<string, string> {
  const fields = new Map<string, string>();
  const items: RespValue[] = Array.isArray(entry) ? entry : entry instanceof RespMap ? entry.entries.flatMap(([k, v]) => [k, v]) : [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = asString(items[i]!);
    const value = asString(items[i + 1]!);
    if (key !== null && value !== null) fields.set(key, value);
  }
  return fields;
}

/** True when two endpoints are the same address. */
export function sameEndpoint(a: Endpoint | null, b: Endpoint | null): boolean {
  if (a === null || b === null) return a === b;
  return describeEndpoint(a) === describeEndpoint(b);
}
