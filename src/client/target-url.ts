/**
 * Target URLs: where rbench sends its load.
 *
 *   redis://[user:password@]host[:port][/db]       plain TCP (IPv6 as [::1])
 *   rediss://[user:password@]host[:port][/db]      TLS; CA / client cert / insecure from flags
 *   unix:///path/to.sock[?db=N&password=P]         unix socket (user info also allowed: unix://:P@/path)
 *   cluster://[user:password@]host:port[,host:port...]              Redis Cluster seeds
 *   sentinel://[user:password@]host:port[,host:port...]/master[/db] Sentinel-managed master
 *
 * Query parameters `db`, `user` and `password` are accepted by every scheme. For sentinel://, the
 * user and password are those of the data nodes (master and replicas); the sentinels themselves
 * are reached with `sentinelUser` and `sentinelPassword` (none when absent), since deployments
 * often protect the two with different secrets. `readFrom=replica` (sentinel and cluster) sends read-only commands to replicas. A Target keeps
 * the password for the handshake; `display` is the form that may be shown anywhere.
 */
import { UsageError } from '../shared/errors.js';
import { REDACTED, redactUrl } from './redact.js';
import { hasTlsFlags, tlsSettingsFrom, type TlsFlags, type TlsSettings } from './tls-settings.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 6379;
export const DEFAULT_SENTINEL_PORT = 26379;

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** How one socket is reached. */
export type Endpoint =
  | { readonly transport: 'tcp'; readonly host: string; readonly port: number }
  | { readonly transport: 'unix'; readonly path: string };

interface TargetCommon {
  /** ACL user name; null for the default user. */
  readonly username: string | null;
  /** Never print this; use `display`. */
  readonly password: string | null;
  /** TLS settings; null for plain connections. */
  readonly tls: TlsSettings | null;
  /** The URL with the password replaced by `***`: safe for messages, logs and reports. */
  readonly display: string;
}

/** One standalone server (or a proxy that speaks like one). */
export interface StandaloneTarget extends TargetCommon {
  readonly kind: 'standalone';
  readonly endpoint: Endpoint;
  readonly db: number;
}

/** A Redis Cluster reached through one or more seed nodes. */
export interface ClusterTarget extends TargetCommon {
  readonly kind: 'cluster';
  readonly seeds: readonly HostPort[];
  /** `?readFrom=replica` (or --read-from replica) sends read-only commands to replicas (READONLY). */
  readonly readFrom: ReadFrom;
}

/** Where the load goes: the master(s), or their replicas (read-only commands only on a cluster). */
export type ReadFrom = 'master' | 'replica';

/** A master found through Sentinel. */
export interface SentinelTarget extends TargetCommon {
  readonly kind: 'sentinel';
  readonly sentinels: readonly HostPort[];
  readonly masterName: string;
  readonly db: number;
  /** ACL user for the sentinels (`?sentinelUser=`); null for the default user. */
  readonly sentinelUsername: string | null;
  /** Password of the sentinels (`?sentinelPassword=`); never print it. */
  readonly sentinelPassword: string | null;
  /** `?readFrom=replica` (or --read-from replica) sends read-only commands to the replicas Sentinel lists, the rest to the master. */
  readonly readFrom: ReadFrom;
}

export type Target = StandaloneTarget | ClusterTarget | SentinelTarget;

/** Options that come from CLI flags rather than from the URL. */
export interface TargetOptions {
  tls?: TlsFlags;
}

const SCHEMES = ['redis', 'rediss', 'unix', 'cluster', 'sentinel'] as const;
type Scheme = (typeof SCHEMES)[number];

/** Parses a target URL; throws UsageError naming the (redacted) URL and what is wrong. */
export function parseTarget(url: string, options: TargetOptions = {}): Target {
  const shown = redactUrl(url);
  const fail: Fail = (what, hint) => {
    throw new UsageError(`bad target URL "${shown}": ${what}`, hint ?? 'write it like redis://[user:password@]host:port[/db]');
  };

  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
  if (schemeMatch === null) fail('it has no scheme', 'write it like redis://127.0.0.1:6379, rediss://host:6380 or unix:///path/to.sock');
  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    fail(`unknown scheme "${scheme}://"`, `use one of ${SCHEMES.map((s) => `${s}://`).join(', ')}`);
  }
  const rest = url.slice(schemeMatch[0].length);

  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) fail('a "#fragment" has no meaning here');
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const query = parseQuery(queryAt >= 0 ? rest.slice(queryAt + 1) : '', fail, scheme);

  // User info ends at the last '@' before the query: passwords may contain '@' and '/'.
  const at = beforeQuery.lastIndexOf('@');
  const userInfo = at >= 0 ? beforeQuery.slice(0, at) : null;
  const afterUser = at >= 0 ? beforeQuery.slice(at + 1) : beforeQuery;
  const slash = afterUser.indexOf('/');
  const authority = slash >= 0 ? afterUser.slice(0, slash) : afterUser;
  const path = slash >= 0 ? afterUser.slice(slash) : '';

  let username: string | null = null;
  let password: string | null = null;
  if (userInfo !== null) {
    const colon = userInfo.indexOf(':');
    username = emptyToNull(decode(colon >= 0 ? userInfo.slice(0, colon) : userInfo, 'user name', fail));
    if (colon >= 0) password = decode(userInfo.slice(colon + 1), 'password', fail);
  }
  if (query.user !== undefined) username = emptyToNull(query.user);
  if (query.password !== undefined) password = query.password;
  if (password === '') fail('the password is empty', 'leave out "user:@" entirely when the server needs no password');

  const tlsFlagsGiven = hasTlsFlags(options.tls);
  const wantsTls = (scheme as Scheme) === 'rediss';
  if (tlsFlagsGiven && !wantsTls) {
    fail(`TLS options were given but ${scheme}:// is not a TLS scheme`, 'use rediss://host:port for TLS');
  }
  const common = {
    username,
    password,
    tls: wantsTls ? tlsSettingsFrom(options.tls ?? {}, shown) : null,
  };

  switch (scheme as Scheme) {
    case 'redis':
    case 'rediss': {
      const { host, port } = parseHostPort(authority, DEFAULT_PORT, fail);
      const db = parseDb(path, query.db, fail);
      const endpoint: Endpoint = { transport: 'tcp', host, port };
      return { kind: 'standalone', endpoint, db, ...common, display: displayOf(scheme, username, password, formatHostPort(host, port), db, null) };
    }
    case 'unix': {
      if (authority !== '') fail(`a unix URL has no host ("${authority}"); write unix:///path/to.sock`);
      if (path.length < 2) fail('the socket path is missing', 'write unix:///path/to.sock');
      const socketPath = decode(path, 'socket path', fail);
      const db = parseDbText(query.db, fail);
      const endpoint: Endpoint = { transport: 'unix', path: socketPath };
      return { kind: 'standalone', endpoint, db, ...common, display: displayOf('unix', username, password, '', db, socketPath) };
    }
    case 'cluster': {
      if (path !== '' && path !== '/') fail('a cluster URL has no path (Redis Cluster has only db 0)');
      if (query.db !== undefined && query.db !== '0') fail('Redis Cluster has only db 0');
      const seeds = parseHostList(authority, DEFAULT_PORT, fail);
      const readFrom = parseReadFrom(query, fail);
      const display = `${displayOf('cluster', username, password, seeds.map((s) => formatHostPort(s.host, s.port)).join(','), 0, null)}${readFrom === 'replica' ? '?readFrom=replica' : ''}`;
      return { kind: 'cluster', seeds, readFrom, ...common, display };
    }
    case 'sentinel': {
      const sentinels = parseHostList(authority, DEFAULT_SENTINEL_PORT, fail);
      const segments = path.split('/').filter((s) => s.length > 0);
      const masterName = segments[0] === undefined ? '' : decode(segments[0], 'master name', fail);
      if (masterName === '') fail('the master name is missing', 'write sentinel://host:26379/mymaster');
      if (segments.length > 2) fail(`unexpected path "${path}"`, 'write sentinel://host:26379/mymaster[/db]');
      const db = segments[1] === undefined ? parseDbText(query.db, fail) : parseDb(`/${segments[1]}`, query.db, fail);
      const hosts = sentinels.map((s) => formatHostPort(s.host, s.port)).join(',');
      if (query.sentinelPassword === '') fail('the sentinel password is empty', 'leave out sentinelPassword= when the sentinels need no password');
      const sentinelUsername = query.sentinelUser === undefined ? null : emptyToNull(query.sentinelUser);
      const sentinelPassword = query.sentinelPassword ?? null;
      const readFrom = parseReadFrom(query, fail);
      const sentinelQuery = [
        sentinelUsername === null ? null : `sentinelUser=${encodeURIComponent(sentinelUsername)}`,
        sentinelPassword === null ? null : `sentinelPassword=${REDACTED}`,
        readFrom === 'replica' ? 'readFrom=replica' : null,
      ].filter((p) => p !== null);
      const display = `${displayOf('sentinel', username, password, hosts, 0, null)}/${encodeURIComponent(masterName)}${db === 0 ? '' : `/${db}`}${sentinelQuery.length > 0 ? `?${sentinelQuery.join('&')}` : ''}`;
      return { kind: 'sentinel', sentinels, masterName, db, sentinelUsername, sentinelPassword, readFrom, ...common, display };
    }
  }
}

/** "host:port", with brackets around IPv6 addresses. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A short, password-free description of an endpoint for messages: "127.0.0.1:6379" or "unix:/tmp/r.sock". */
export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.transport === 'tcp' ? formatHostPort(endpoint.host, endpoint.port) : `unix:${endpoint.path}`;
}

type Fail = (what: string, hint?: string) => never;

function parseReadFrom(query: Query, fail: Fail): ReadFrom {
  const readFrom = (query.readFrom ?? 'master').toLowerCase();
  if (readFrom !== 'master' && readFrom !== 'replica') fail(`readFrom must be master or replica, not "${query.readFrom}"`);
  return readFrom as ReadFrom;
}

interface Query {
  db?: string;
  user?: string;
  password?: string;
  sentinelUser?: string;
  sentinelPassword?: string;
  readFrom?: string;
}

function parseQuery(text: string, fail: Fail, scheme: string): Query {
  const query: Query = {};
  if (text === '') return query;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = (eq >= 0 ? pair.slice(0, eq) : pair).toLowerCase();
    const value = decode(eq >= 0 ? pair.slice(eq + 1) : '', `"${key}" parameter`, fail);
    if (key === 'db') query.db = value;
    else if (key === 'user' || key === 'username') query.user = value;
    else if (key === 'password') query.password = value;
    else if (scheme === 'sentinel' && (key === 'sentineluser' || key === 'sentinelusername')) query.sentinelUser = value;
    else if (scheme === 'sentinel' && key === 'sentinelpassword') query.sentinelPassword = value;
    else if ((scheme === 'sentinel' || scheme === 'cluster') && key === 'readfrom') query.readFrom = value;
    else {
      const understood =
        scheme === 'sentinel' ? 'db, user, password, sentinelUser, sentinelPassword and readFrom' : scheme === 'cluster' ? 'user, password and readFrom' : 'db, user and password';
      fail(`unknown parameter "${key}"`, `the parameters understood are ${understood}`);
    }
  }
  return query;
}

// An empty host used to mean 127.0.0.1: `--target redis://` from a script whose variable was
// empty then benchmarked the local machine instead of failing.
const NO_HOST_HINT = `name the host, e.g. redis://${DEFAULT_HOST}:${DEFAULT_PORT}`;

function parseHostPort(text: string, defaultPort: number, fail: Fail): HostPort {
  if (text === '') fail('the host is missing', NO_HOST_HINT);
  let host: string;
  let portText: string | null = null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) fail('an IPv6 address opened with "[" is not closed with "]"');
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) fail(`unexpected "${after}" after the IPv6 address`);
      portText = after.slice(1);
    }
    if (!/^[0-9a-fA-F:.]+(%[\w.]+)?$/.test(host) || !host.includes(':')) fail(`"[${host}]" is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(':') !== colon) {
      fail(`"${text}" looks like an IPv6 address without brackets`, 'write IPv6 addresses like redis://[::1]:6379');
    }
    host = colon >= 0 ? text.slice(0, colon) : text;
    portText = colon >= 0 ? text.slice(colon + 1) : null;
    if (host === '') fail(`the host is missing before ":${portText ?? ''}"`, NO_HOST_HINT);
    if (!/^[A-Za-z0-9._-]+$/.test(host)) fail(`"${host}" is not a valid host name`);
  }
  return { host, port: portText === null ? defaultPort : parsePort(portText, fail) };
}

function parseHostList(text: string, defaultPort: number, fail: Fail): HostPort[] {
  if (text === '') fail('the host list is empty', 'name at least one node, e.g. cluster://127.0.0.1:7000');
  return text.split(',').map((part) => {
    if (part === '') fail('an empty host in the host list');
    return parseHostPort(part, defaultPort, fail);
  });
}

function parsePort(text: string, fail: Fail): number {
  if (!/^\d{1,5}$/.test(text)) fail(`port "${text}" is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) fail(`port ${port} is out of range 1-65535`);
  return port;
}

function parseDb(path: string, queryDb: string | undefined, fail: Fail): number {
  if (path === '' || path === '/') return parseDbText(queryDb, fail);
  const text = path.slice(1);
  if (text.includes('/')) fail(`unexpected path "${path}"; only a database number may follow the host`);
  if (queryDb !== undefined && queryDb !== text) fail(`the database is given twice ("/${text}" and "?db=${queryDb}")`);
  return parseDbText(text, fail);
}

function parseDbText(text: string | undefined, fail: Fail): number {
  if (text === undefined) return 0;
  if (!/^\d{1,9}$/.test(text)) fail(`database "${text}" is not a non-negative integer`);
  return Number(text);
}

function decode(text: string, what: string, fail: Fail): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`the ${what} has a bad %-escape`, 'percent-encode special characters, e.g. %40 for @');
  }
}

function emptyToNull(text: string): string | null {
  return text === '' ? null : text;
}

function displayOf(scheme: string, username: string | null, password: string | null, hosts: string, db: number, socketPath: string | null): string {
  let userPart = '';
  if (password !== null) userPart = `${username === null ? '' : encodeURIComponent(username)}:${REDACTED}@`;
  else if (username !== null) userPart = `${encodeURIComponent(username)}@`;
  if (socketPath !== null) {
    return `unix://${userPart}${socketPath}${db === 0 ? '' : `?db=${db}`}`;
  }
  return `${scheme}://${userPart}${hosts}${db === 0 ? '' : `/${db}`}`;
}
