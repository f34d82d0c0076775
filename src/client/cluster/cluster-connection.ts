/**
 * One load "connection" to a Redis Cluster: a socket per node it needs, and a router between
 * them. It looks like a Connection to the load loop (encoder, enqueue, flush, handlers), so the
 * standalone path keeps its speed and the loop needs no cluster code.
 *
 * The workload writes a command into `encoder` (routed-writer.ts): once its first key is written
 * the command goes straight into the owning node's encoder, and that node's DirectCommands
 * (direct-commands.ts) remember it until it is answered. A command without such a key is staged:
 * `enqueue` reads it back (staged-units.ts), makes it a pooled unit and copies its bytes to the
 * owning node's connection; a MULTI ... EXEC block is one unit, sent to the node of its first key.
 * Every command keeps its bytes until its reply is final (a direct one that is redirected becomes
 * a unit then), so a redirect can send it again: MOVED updates the slot map and resends to the new owner; ASK sends ASKING and
 * the command to the importing node without touching the map; TRYAGAIN retries after a short
 * wait; CLUSTERDOWN retries with back-off. Latency runs from the unit's intended start, so a
 * redirected command's latency includes its detour. More than `maxRedirects` detours fail the
 * command with the error kind REDIRECTLIMIT.
 */
import { afterCurrentWork } from '../../shared/job-queue.js';
import { ErrorReply, type RespValue } from '../../resp/values.js';
import { monotonicClock } from '../../shared/clock.js';
import type { ReplyHandler, ValueHandler } from '../connection-types.js';
import { isTransportKind } from '../error-kinds.js';
import type { ClusterTarget } from '../target-url.js';
import { parseAddress } from './cluster-topology.js';
import { WrittenCommands, type KeyPositions } from './command-scan.js';
import { isDirectTag } from './direct-commands.js';
import { NodeLinks, type NodeLink } from './node-links.js';
import { NodeWrites } from './node-writes.js';
import { RoutedWriter } from './routed-writer.js';
import { StagedUnits } from './staged-units.js';
import { isRedirectKind, parseRedirect, redirectAddress, REDIRECT_COUNTERS, REDIRECT_LIMIT_KIND } from './redirect.js';
import { innerTag, isFinalTag, unitOfInnerTag } from './router-tags.js';
import type { RoutingTable } from './routing-table.js';
import { UnitPool } from './unit-pool.js';

export interface ClusterConnectionOptions {
  cluster: ClusterTarget;
  /** The worker's shared slot map. */
  table: RoutingTable;
  /** First-key positions by command name. */
  keys: KeyPositions;
  protocol?: 2 | 3;
  /**
   * Read-only commands (upper-case names) to send to a replica of the slot's master, after
   * READONLY on that connection; absent or empty: everything goes to masters.
   */
  replicaReads?: ReadonlySet<string>;
  /** Detours allowed per command before it fails with REDIRECTLIMIT. Default 16. */
  maxRedirects?: number;
  /** Adds to a named counter: cluster.moved, cluster.ask, cluster.tryagain, cluster.clusterdown. */
  onCount?: (name: string, n: number) => void;
  /** Called once per finished command with the node that answered last. */
  onNodeReply?: (node: number, responseUs: number, errorKind: string | null) => void;
  /** A node connection went down (password-free message). */
  onWarning?: (message: string) => void;
}

const ASKING = Buffer.from('*1\r\n$6\r\nASKING\r\n');
const TRYAGAIN_MS = 10;
const CLUSTERDOWN_BASE_MS = 25;
const CLUSTERDOWN_MAX_MS = 1000;

/** A LoadConnection that routes each command to the cluster node owning its key's slot. */
export class ClusterConnection {
  /** Where the load loop writes commands: straight to their node, or staged (see routed-writer.ts). */
  readonly encoder: RoutedWriter<NodeLink>;
  private readonly table: RoutingTable;
  private readonly maxRedirects: number;
  private readonly links: NodeLinks;
  private readonly writes = new NodeWrites();
  private readonly pool = new UnitPool();
  /** The pool's units, by id (the pool grows this array). */
  private readonly units = this.pool.units;
  private readonly staged: StagedUnits;
  /** The range of the command just written straight to a node (RoutedWriter.finishDirect). */
  private readonly span = { buf: Buffer.alloc(0), start: 0, end: 0 };
  private inFlightCount = 0;
  private closed = false;
  private flushScheduled = false;
  /** Commands for a lost node, failed on the next turn: [unit id, node] pairs, and their kinds. */
  private readonly lost: number[] = [];
  private readonly lostKinds: string[] = [];
  private lostScheduled = false;
  private onReply: ReplyHandler = () => undefined;
  private onValue: ValueHandler | null = null;
  private onWake: (() => void) | null = null;

  constructor(private readonly options: ClusterConnectionOptions) {
    this.table = options.table;
    // Replica reads are chosen by command name, which only the staged path reads back.
    const direct = options.replicaReads === undefined || options.replicaReads.size === 0;
    this.encoder = new RoutedWriter<NodeLink>(direct ? (slot) => this.directRoute(slot) : () => null);
    this.staged = new StagedUnits(this.pool, new WrittenCommands(this.encoder.staging, options.keys), options.replicaReads);
    this.maxRedirects = options.maxRedirects ?? 16;
    this.table.onChange(() => this.rerouteStranded());
    const readonly = options.replicaReads !== undefined && options.replicaReads.size > 0;
    this.links = new NodeLinks(
      { cluster: options.cluster, table: options.table, protocol: options.protocol, readonly },
      {
        reply: (link, t, intendedUs, sentUs, nowUs, kind, nullReply, value) => this.onNodeReply(link, t, intendedUs, sentUs, nowUs, kind, nullReply, value),
        ready: (link) => this.onLinkReady(link),
        down: (message) => {
          if (this.closed) return;
          if (message) this.options.onWarning?.(message);
          this.table.refresh(this.links.anyReady());
        },
        failed: (link) => this.onLinkFailed(link),
      },
    );
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** One socket per master: the load loop keeps a pipeline in flight on each. */
  get sockets(): number {
    return Math.max(1, this.table.masters.length);
  }

  /** Commands are accepted while open; those for a node connecting for the first time wait for it, those for a lost node fail. */
  get canSend(): boolean {
    return !this.closed;
  }

  setReplyHandler(handler: ReplyHandler): void {
    this.onReply = handler;
  }

  setValueHandler(handler: ValueHandler): void {
    this.onValue = handler;
  }

  setWakeHandler(handler: () => void): void {
    this.onWake = handler;
  }

  /**
   * Connects to every master of the current map and waits until each is ready or has failed (a
   * master that cannot be reached fails its commands with 'refused', as a lost one does).
   */
  async connect(): Promise<void> {
    await Promise.allSettled(this.table.masters.map((node) => this.links.get(node).conn.connect()));
  }

  /**
   * Gives up on every command in flight: node sockets with replies outstanding are replaced and
   * commands waiting for a node are failed, all now, through the reply handler (kind 'closed').
   */
  abandonInFlight(): void {
    const now = monotonicClock.nowUs();
    this.links.each((link) => {
      link.conn.abandonInFlight();
      const waiting = link.pending.splice(0);
      for (const id of waiting) this.deliver(id, link.node, now, 'closed', false, null);
    });
  }

  /** Closes every node connection. */
  async close(): Promise<void> {
    this.closed = true;
    await this.links.closeAll();
  }

  /** Routes the command just written into `encoder` (one enqueue per command, in order). */
  enqueue(tag: number, intendedUs: number, wantValue = false): void {
    if (this.encoder.directLink !== null) return this.enqueueDirect(tag, intendedUs, wantValue);
    // Reading the command back may take the staging encoder's bytes: the next command's mark comes after.
    const id = this.staged.take(tag, intendedUs, wantValue);
    this.encoder.finishStaged();
    this.inFlightCount++;
    if (id >= 0) this.dispatch(id);
  }

  /** Closed loop: each node's new commands wait for that node's replies (node-writes.ts). */
  batchWritesPerNode(on: boolean): void {
    this.writes.setBatching(on);
  }

  /** Sends what was routed to each node since the last flush, one write per node (unless held). */
  flush(): void {
    this.writes.flush();
  }

  // ---- routing ------------------------------------------------------------------------------

  /** A command whose key is in `slot` may be written straight to its node: outside a block, to a ready node. */
  private directRoute(slot: number): NodeLink | null {
    if (this.staged.block >= 0) return null;
    const link = this.links.get(this.table.nodeFor(slot));
    if (link.conn.state !== 'ready') return null;
    return link;
  }

  /** The command just written went straight to its node's encoder (see RoutedWriter); the node's DirectCommands keep it. */
  private enqueueDirect(tag: number, intendedUs: number, wantValue: boolean): void {
    const writer = this.encoder;
    const link = writer.directLink!;
    const slot = writer.directSlot;
    const span = this.span;
    // Its range of the node's slab is not written over while its reply is due: a redirect resends it.
    writer.finishDirect(span);
    this.inFlightCount++;
    link.conn.enqueue(link.direct.push(tag, slot, wantValue, span.buf, span.start, span.end), intendedUs, wantValue);
    this.writes.wrote(link, 1);
  }

  private dispatch(id: number): void {
    const u = this.units[id]!;
    let node = u.askNode;
    if (node < 0) {
      node = this.table.nodeFor(u.slot);
      if (u.replicaRead) node = this.table.replicaFor(node);
    }
    const link = this.links.get(node);
    if (link.conn.state !== 'ready') {
      // A node being connected for the first time is waited for; a node that was lost fails its
      // commands (on the next turn: the caller may be the load loop's send loop).
      if (link.lostKind !== null) this.failSoon(id, link);
      else link.pending.push(id);
      return;
    }
    this.write(link, id);
  }

  private failSoon(id: number, link: NodeLink): void {
    this.lost.push(id, link.node);
    this.lostKinds.push(link.lostKind ?? 'closed');
    if (this.lostScheduled) return;
    this.lostScheduled = true;
    setImmediate(this.failLost);
  }

  private readonly failLost = (): void => {
    this.lostScheduled = false;
    const lost = this.lost.splice(0);
    const kinds = this.lostKinds.splice(0);
    const now = monotonicClock.nowUs();
    // The map may already name the lost master's replica: ask again (at most every 100 ms).
    this.table.refresh(this.links.anyReady());
    for (let i = 0; i < kinds.length; i++) this.deliver(lost[2 * i]!, lost[2 * i + 1]!, now, kinds[i]!, false, null);
  };

  private write(link: NodeLink, id: number): void {
    const u = this.units[id]!;
    const conn = link.conn;
    const inner = innerTag(id);
    if (u.askNode >= 0) {
      conn.encoder.raw(ASKING);
      conn.enqueue(inner, u.intendedUs);
    }
    conn.encoder.rawShared(u.buf, u.start, u.end);
    for (let k = 1; k < u.commands; k++) conn.enqueue(inner, u.intendedUs);
    conn.enqueue(id, u.intendedUs, u.wantValue);
    this.writes.wrote(link, u.commands + (u.askNode >= 0 ? 1 : 0));
  }

  private readonly flushLater = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Redirected commands leave from reply handlers: one flush after the whole chunk. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    afterCurrentWork(this.flushLater);
  }

  private onNodeReply(link: NodeLink, t: number, intendedUs: number, sentUs: number, nowUs: number, errorKind: string | null, nullReply: boolean, value: RespValue | null): void {
    this.writes.onReply(link);
    if (isDirectTag(t)) return this.onDirectReply(link, t, intendedUs, sentUs, nowUs, errorKind, nullReply, value);
    if (!isFinalTag(t)) {
      // A command inside a block (or ASKING): only a redirect matters, and only at EXEC.
      const u = this.units[unitOfInnerTag(t)];
      if (u !== undefined && errorKind !== null && u.pendingKind === null && isRedirectKind(errorKind)) {
        u.pendingKind = errorKind;
        u.pendingText = value instanceof ErrorReply ? value.message : link.conn.lastErrorText;
      }
      return;
    }
    const u = this.units[t]!;
    if (Number.isNaN(u.firstSentUs)) u.firstSentUs = sentUs;
    let kind = errorKind;
    let text = '';
    if (isRedirectKind(kind)) text = value instanceof ErrorReply ? value.message : link.conn.lastErrorText;
    else if (kind !== null && u.pendingKind !== null && !isTransportKind(kind)) {
      kind = u.pendingKind; // EXECABORT because a command of the block was redirected
      text = u.pendingText;
    }
    u.pendingKind = null;
    if (kind !== null && isRedirectKind(kind)) return this.redirect(link, t, kind, text, nowUs);
    if (kind !== null && isTransportKind(kind)) this.table.refresh(this.links.anyReady());
    this.deliver(t, link.node, nowUs, kind, nullReply, value);
  }

  /** A command written straight to `link` was answered: delivered, or made a Unit when it must travel (a redirect). */
  private onDirectReply(link: NodeLink, t: number, intendedUs: number, sentUs: number, nowUs: number, kind: string | null, nullReply: boolean, value: RespValue | null): void {
    const d = link.direct;
    d.shift(t);
    // No range of the node's slab is needed any more: it starts over (and stays in cache). Its
    // bytes stay intact until the next write there, so a redirected command still copies them below.
    if (d.length === 0) link.conn.restartSlabIfSent();
    if (kind !== null && isRedirectKind(kind)) {
      const id = this.pool.alloc(d.tag, intendedUs, d.wantValue, d.slot);
      const u = this.units[id]!;
      // Its own copy: the node's slab may start over before the resend leaves.
      u.buf = Buffer.from(d.buf.subarray(d.start, d.end));
      u.start = 0;
      u.end = u.buf.length;
      u.firstSentUs = sentUs;
      return this.redirect(link, id, kind, value instanceof ErrorReply ? value.message : link.conn.lastErrorText, nowUs);
    }
    if (kind !== null && isTransportKind(kind)) this.table.refresh(this.links.anyReady());
    this.inFlightCount--;
    this.finish(d.tag, d.wantValue, link.node, intendedUs, sentUs, nowUs, kind, nullReply, value);
  }

  private redirect(link: NodeLink, id: number, kind: string, text: string, nowUs: number): void {
    const u = this.units[id]!;
    this.options.onCount?.(REDIRECT_COUNTERS[kind]!, 1);
    if (++u.redirects > this.maxRedirects) return this.deliver(id, link.node, nowUs, REDIRECT_LIMIT_KIND, false, null);
    u.askNode = -1;
    if (kind === 'MOVED' || kind === 'ASK') {
      const target = parseRedirect(text);
      if (target !== null) {
        const address = redirectAddress(target, parseAddress(this.table.addresses[link.node]!).host);
        if (kind === 'MOVED') {
          this.table.moved(target.slot, address);
          this.table.refresh(link.conn);
        } else {
          u.askNode = this.table.indexOf(address);
        }
      }
      this.dispatch(id);
      this.scheduleFlush();
      return;
    }
    let delayMs = TRYAGAIN_MS;
    if (kind === 'CLUSTERDOWN') {
      this.table.refresh(link.conn);
      delayMs = Math.min(CLUSTERDOWN_MAX_MS, CLUSTERDOWN_BASE_MS * 2 ** u.redirects);
    }
    setTimeout(() => {
      if (this.closed) return this.deliver(id, link.node, nowUs, kind, false, null);
      this.dispatch(id);
      this.flush();
    }, delayMs);
  }

  private deliver(id: number, node: number, nowUs: number, kind: string | null, nullReply: boolean, value: RespValue | null): void {
    const u = this.units[id]!;
    this.inFlightCount -= u.commands;
    const { tag, intendedUs, wantValue } = u;
    const sentUs = Number.isNaN(u.firstSentUs) ? nowUs : u.firstSentUs;
    this.pool.release(id);
    this.finish(tag, wantValue, node, intendedUs, sentUs, nowUs, kind, nullReply, value);
  }

  /** Reports a finished command to the node recorder and the load loop. */
  private finish(tag: number, wantValue: boolean, node: number, intendedUs: number, sentUs: number, nowUs: number, kind: string | null, nullReply: boolean, value: RespValue | null): void {
    this.options.onNodeReply?.(node, nowUs - intendedUs, kind);
    const onValue = this.onValue;
    if (wantValue && onValue !== null) onValue(tag, intendedUs, sentUs, nowUs, kind, value);
    else this.onReply(tag, intendedUs, sentUs, nowUs, kind, nullReply);
  }

  // ---- node links ---------------------------------------------------------------------------

  /** A first connect failed (a reconnect would be automatic): fail what waited. */
  private onLinkFailed(link: NodeLink): void {
    this.table.refresh(this.links.anyReady());
    const waiting = link.pending.splice(0);
    const now = monotonicClock.nowUs();
    for (const id of waiting) this.deliver(id, link.node, now, 'refused', false, null);
  }

  private onLinkReady(link: NodeLink): void {
    if (link.pending.length > 0 && link.conn.state === 'ready') {
      const waiting = link.pending.splice(0);
      for (const id of waiting) this.write(link, id);
      this.flush();
    }
    this.onWake?.();
  }

  /** After a map refresh: commands waiting on a node that is still down go where the map now says. */
  private rerouteStranded(): void {
    this.links.each((link) => {
      if (link.pending.length === 0 || link.conn.state === 'ready') return;
      const waiting = link.pending.splice(0);
      for (const id of waiting) this.dispatch(id);
    });
    this.scheduleFlush();
  }
}
