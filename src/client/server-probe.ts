/**
 * What a server says about itself, learnt without losing anything to a refusal: proxies and
 * managed services (twemproxy, Envoy, some cloud offerings) answer INFO, COMMAND, CONFIG, CLIENT,
 * HELLO or SELECT with an error, or close the connection. Each question goes out on a probe
 * connection of its own kind (no CLIENT SETNAME in its handshake); a refusal makes that part
 * "unknown", a closed connection is replaced by a fresh one, and the load connections later
 * send only what the server accepted.
 */
import { Connection } from './connection.js';
import { ConnectionError } from './connection-error.js';
import { parseInfo } from './server-info.js';
import { ServerReplyError } from './server-reply-error.js';
import type { StandaloneTarget } from './target-url.js';
import { asString, type RespValue } from '../resp/values.js';

/** The client name load connections set when the server takes CLIENT SETNAME. */
export const LOAD_CLIENT_NAME = 'rbench';

export interface ServerProbe {
  version: string | null;
  role: string | null;
  /** standalone, cluster or sentinel, as INFO server says. */
  mode: string | null;
  /** INFO cluster's cluster_enabled; null when INFO cluster was refused. */
  clusterEnabled: boolean | null;
  /** CONFIG GET maxclients; null when refused. */
  maxClients: number | null;
  /** INFO clients' connected_clients (the probe's own connection included); null when refused. */
  connectedClients: number | null;
  /** The COMMAND INFO reply for the names asked; null when COMMAND was refused. */
  commandInfo: RespValue[] | null;
  /** Whether CLIENT SETNAME is accepted (load connections skip it otherwise). */
  clientSetname: boolean;
  /** What could not be learnt and why, one short phrase each, for `ping` and the report. */
  unknown: string[];
}

type Answer = { ok: true; value: RespValue } | { ok: false; why: string };

/** Asks the server everything rbench wants to know; throws only when no connection can be made at all. */
export async function probeServer(target: StandaloneTarget, commandNames: readonly string[], connectTimeoutMs = 5000): Promise<ServerProbe> {
  const asker = new ProbeAsker(target, connectTimeoutMs);
  try {
    await asker.open();
    const unknown: string[] = [];
    const server = await asker.ask(['INFO', 'server']);
    const serverFields = server.ok ? parseInfo(asString(server.value) ?? '') : {};
    if (!server.ok) unknown.push(`server version and mode (INFO ${server.why})`);
    const replication = await asker.ask(['INFO', 'replication']);
    const role = replication.ok ? (parseInfo(asString(replication.value) ?? '').role ?? null) : null;
    if (!replication.ok && server.ok) unknown.push(`role (INFO replication ${replication.why})`);
    const clusterInfo = server.ok ? await asker.ask(['INFO', 'cluster']) : server;
    const clusterEnabled = clusterInfo.ok ? parseInfo(asString(clusterInfo.value) ?? '').cluster_enabled === '1' : null;
    const clients = server.ok ? await asker.ask(['INFO', 'clients']) : server;
    const connected = clients.ok ? Number(parseInfo(asString(clients.value) ?? '').connected_clients) : NaN;
    const maxReply = await asker.ask(['CONFIG', 'GET', 'maxclients']);
    const maxClients = maxReply.ok ? configNumber(maxReply.value) : null;
    if (!maxReply.ok) unknown.push(`maxclients (CONFIG ${maxReply.why})`);
    const commands = commandNames.length === 0 ? null : await asker.ask(['COMMAND', 'INFO', ...commandNames]);
    const commandInfo = commands !== null && commands.ok && Array.isArray(commands.value) ? commands.value : null;
    if (commands !== null && commandInfo === null) unknown.push(`the server's command table (COMMAND ${commands.ok ? 'gave no list' : commands.why})`);
    // Last: a proxy that does not know CLIENT closes the connection, which costs nothing now.
    const setname = await asker.ask(['CLIENT', 'SETNAME', `${LOAD_CLIENT_NAME}-probe`]);
    if (!setname.ok) unknown.push(`connection names (CLIENT SETNAME ${setname.why}; load connections go unnamed)`);
    return {
      version: serverFields.redis_version ?? null,
      role,
      mode: serverFields.redis_mode ?? null,
      clusterEnabled,
      maxClients,
      connectedClients: Number.isFinite(connected) ? connected : null,
      commandInfo,
      clientSetname: setname.ok,
      unknown,
    };
  } finally {
    await asker.close();
  }
}

/** The client name load connections should set on this server (null: send no CLIENT SETNAME). */
export function loadClientName(probe: Pick<ServerProbe, 'clientSetname'>): string | null {
  return probe.clientSetname ? LOAD_CLIENT_NAME : null;
}

// One question at a time on a connection that is replaced when the server drops it.
class ProbeAsker {
  private conn: Connection | null = null;

  constructor(
    private readonly target: StandaloneTarget,
    private readonly connectTimeoutMs: number,
  ) {}

  async open(): Promise<void> {
    const conn = new Connection({ target: this.target, reconnect: false, clientName: null, connectTimeoutMs: this.connectTimeoutMs, commandTimeoutMs: 5000 });
    await conn.connect();
    this.conn = conn;
  }

  async ask(args: string[]): Promise<Answer> {
    if (this.conn === null || this.conn.state !== 'ready') {
      await this.close();
      try {
        await this.open();
      } catch (error) {
        return { ok: false, why: `not answered: ${messageOf(error)}` };
      }
    }
    try {
      return { ok: true, value: await this.conn!.call(args) };
    } catch (error) {
      if (error instanceof ServerReplyError) return { ok: false, why: `refused: ${firstLine(error.message)}` };
      if (error instanceof ConnectionError) {
        await this.close();
        return { ok: false, why: 'made the server close the connection' };
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    await conn?.close().catch(() => {});
  }
}

function configNumber(reply: RespValue): number | null {
  // RESP2: [name, value]; RESP3 would be a map, but probes stay on RESP2.
  if (!Array.isArray(reply) || reply.length < 2) return null;
  const n = Number(asString(reply[1]!));
  return Number.isFinite(n) && n > 0 ? n : null;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
