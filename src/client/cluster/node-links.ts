/**
 * The per-node sockets of one cluster connection: a Connection per node, opened on first use
 * (a node met in a MOVED or ASK reply gets one at once), with the commands waiting for it while
 * it connects. With replica reads on, READONLY goes first on every (re)connected socket.
 */
import { isNull, type RespValue } from '../../resp/values.js';
import { Connection } from '../connection.js';
import type { ClusterTarget } from '../target-url.js';
import { nodeTarget, parseAddress } from './cluster-topology.js';
import { DirectCommands } from './direct-commands.js';
import type { RoutingTable } from './routing-table.js';
import { NO_UNIT } from './router-tags.js';

const READONLY = Buffer.from('*1\r\n$8\r\nREADONLY\r\n');

/** One node's connection, as the router sees it. */
export class NodeLink {
  /** Units waiting for this node to connect. */
  readonly pending: number[] = [];
  /** Commands written straight to this node and not answered yet (direct-commands.ts). */
  readonly direct = new DirectCommands();
  /** Written to since the last flush. */
  dirty = false;
  /** Load commands enqueued on this node and not yet answered or failed (a lower bound). */
  load = 0;
  /** Load commands enqueued since this router last flushed the node (an upper bound). */
  unflushed = 0;
  /** A reply came from this node since the router last flushed it. */
  answered = false;
  /** Set on every (re)connect when replica reads are on: READONLY goes first. */
  needsReadonly = false;
  /** Set once the link has been ready. */
  everReady = false;
  /**
   * While a link that was ready is down (reconnecting), the transport kind it was lost with:
   * commands for it fail at once with this kind instead of waiting, so a dead master costs its
   * slots, not every connection's pipeline. Null while connected or connecting for the first time.
   */
  lostKind: string | null = null;
  constructor(
    readonly node: number,
    readonly conn: Connection,
  ) {}
}

/** What the router hears from its node connections. */
export interface NodeLinkEvents {
  /** A reply (or a transport failure) for in-flight tag `t` on `link`. */
  reply(link: NodeLink, t: number, intendedUs: number, sentUs: number, nowUs: number, errorKind: string | null, nullReply: boolean, value: RespValue | null): void;
  /** The link can take commands (connected, or drained). */
  ready(link: NodeLink): void;
  /** A ready link went down; `message` is password-free. */
  down(message: string | null): void;
  /** The first connect of a link failed; it has been forgotten. */
  failed(link: NodeLink): void;
}

export interface NodeLinksOptions {
  cluster: ClusterTarget;
  table: RoutingTable;
  protocol?: 2 | 3;
  /** Send READONLY on every socket (replica reads). */
  readonly: boolean;
}

/** The node connections of one cluster connection, by node index. */
export class NodeLinks {
  private readonly links: (NodeLink | undefined)[] = [];

  constructor(
    private readonly options: NodeLinksOptions,
    private readonly events: NodeLinkEvents,
  ) {}

  /** The link to `node`, created (and connecting) when there is none. */
  get(node: number): NodeLink {
    const existing = this.links[node];
    if (existing !== undefined) return existing;
    const { host, port } = parseAddress(this.options.table.addresses[node]!);
    const conn = new Connection({ target: nodeTarget(this.options.cluster, host, port), protocol: this.options.protocol });
    const link = new NodeLink(node, conn);
    this.links[node] = link;
    const events = this.events;
    conn.setReplyHandler((t, intended, sentUs, nowUs, kind, nullReply) => events.reply(link, t, intended, sentUs, nowUs, kind, nullReply, null));
    conn.setValueHandler((t, intended, sentUs, nowUs, kind, value) =>
      events.reply(link, t, intended, sentUs, nowUs, kind, value === null || isNull(value), value),
    );
    conn.setWakeHandler(() => {
      if (link.needsReadonly && conn.state === 'ready') {
        // Before anything else on this socket (its reply, tagged NO_UNIT, is ignored). Harmless on a
        // master, and a node's role may change, so every link gets it.
        link.needsReadonly = false;
        conn.encoder.raw(READONLY);
        conn.enqueue(NO_UNIT, 0);
        conn.flush();
      }
      events.ready(link);
    });
    conn.setStateHandler((state, info) => {
      if (state === 'ready') {
        link.everReady = true;
        link.lostKind = null;
        if (this.options.readonly) link.needsReadonly = true;
      }
      if (state === 'down') {
        if (link.everReady && link.lostKind === null) link.lostKind = info.kind ?? 'closed';
        events.down(info.message);
      }
    });
    conn.connect().catch(() => {
      if (this.links[node] === link) this.links[node] = undefined;
      events.failed(link);
    });
    return link;
  }

  /** Every live link. */
  each(fn: (link: NodeLink) => void): void {
    for (const link of this.links) if (link !== undefined) fn(link);
  }

  /** A connection that is ready now (for topology refreshes), or null. */
  anyReady(): Connection | null {
    for (const link of this.links) if (link !== undefined && link.conn.state === 'ready') return link.conn;
    return null;
  }

  /** Closes every node connection. */
  async closeAll(): Promise<void> {
    await Promise.all(this.links.map((l) => l?.conn.close().catch(() => undefined)));
  }
}
