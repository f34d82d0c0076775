/**
 * Keeps track of a Sentinel-managed master while load runs. Connections get `resolve` as their
 * endpoint resolver, so every reconnect goes to the current master; lookups are shared (many
 * connections losing the same master cause one lookup). Each sentinel is subscribed to
 * `+switch-master`, so a failover is known the moment Sentinel announces it: connections still on
 * the old master are moved, and those waiting out a back-off try again at once.
 */
import { asString, type RespPush } from '../../resp/values.js';
import { monotonicClock, type Clock } from '../../shared/clock.js';
import { Connection } from '../connection.js';
import { ConnectionError } from '../connection-error.js';
import { describeEndpoint, type Endpoint, type SentinelTarget } from '../target-url.js';
import { findMaster, findReplicas, sameEndpoint, sentinelNodeTarget } from './sentinel-lookup.js';

/** A lookup younger than this is reused instead of asking the sentinels again. */
const FRESH_MS = 200;

/** How the follower learned of a new master. */
export type SwitchSource = 'switch-master' | 'lookup';

export interface MasterSwitch {
  from: Endpoint | null;
  to: Endpoint;
  via: SwitchSource;
  /** When it was learned (clock microseconds). */
  atUs: number;
}

export interface SentinelFollowerOptions {
  clock?: Clock;
  /** Called for each new master address (not for repeats of the current one). */
  onSwitch?: (change: MasterSwitch) => void;
  /** Lookup used to find the master; a parameter for tests. Default findMaster. */
  lookup?: (target: SentinelTarget) => Promise<Endpoint>;
}

/** Follows the master of one Sentinel target; see the file comment. */
export class SentinelFollower {
  private currentValue: Endpoint | null = null;
  private confirmedAtUs = -Infinity;
  private pending: Promise<Endpoint> | null = null;
  private readonly watchers: Connection[] = [];
  private readonly followers = new Map<Connection, 'master' | 'replica'>();
  private replicas: Endpoint[] = [];
  private replicasAtUs = -Infinity;
  private replicaCursor = 0;
  private pendingReplicas: Promise<Endpoint[]> | null = null;
  private readonly clock: Clock;
  private readonly lookup: (target: SentinelTarget) => Promise<Endpoint>;
  private readonly listeners: ((change: MasterSwitch) => void)[] = [];
  private closed = false;

  constructor(
    readonly target: SentinelTarget,
    options: SentinelFollowerOptions = {},
  ) {
    this.clock = options.clock ?? monotonicClock;
    this.lookup = options.lookup ?? findMaster;
    if (options.onSwitch) this.listeners.push(options.onSwitch);
  }

  /** The last known master, or null before the first lookup. */
  get current(): Endpoint | null {
    return this.currentValue;
  }

  /** Adds a listener for master changes. */
  onSwitch(listener: (change: MasterSwitch) => void): void {
    this.listeners.push(listener);
  }

  /** Finds the master (throws a RuntimeError when no sentinel names a confirmed one) and subscribes to +switch-master. */
  async start(options: { watch?: boolean } = {}): Promise<Endpoint> {
    const endpoint = await this.refresh();
    if (options.watch !== false) await this.watch();
    return endpoint;
  }

  /**
   * The endpoint resolver for connections: the current master, from a fresh lookup unless one
   * finished in the last moments. Rejects with a ConnectionError when no master is confirmed.
   */
  readonly resolve = async (): Promise<Endpoint> => {
    if (this.currentValue !== null && this.clock.nowUs() - this.confirmedAtUs < FRESH_MS * 1000) return this.currentValue;
    try {
      return await this.refresh();
    } catch (error) {
      throw new ConnectionError('refused', error instanceof Error ? error.message : String(error));
    }
  };

  /**
   * The endpoint resolver for replica-reading connections: the healthy replicas Sentinel lists,
   * handed out in turn so the connections spread over them.
   */
  readonly resolveReplica = async (): Promise<Endpoint> => {
    if (this.replicas.length === 0 || this.clock.nowUs() - this.replicasAtUs > FRESH_MS * 1000) {
      this.pendingReplicas ??= findReplicas(this.target)
        .then((list) => {
          this.replicas = list.filter((r) => !/s_down|o_down|disconnected/.test(r.flags)).map((r) => r.endpoint);
          this.replicasAtUs = this.clock.nowUs();
          return this.replicas;
        })
        .finally(() => {
          this.pendingReplicas = null;
        });
      await this.pendingReplicas.catch((error: unknown) => {
        throw new ConnectionError('refused', error instanceof Error ? error.message : String(error));
      });
    }
    if (this.replicas.length === 0) throw new ConnectionError('refused', `Sentinel lists no healthy replica of ${this.target.masterName}`);
    return this.replicas[this.replicaCursor++ % this.replicas.length]!;
  };

  /** Registers a connection to be moved when the master changes (a replica reader leaves a replica that became the master). */
  follow(conn: Connection, role: 'master' | 'replica' = 'master'): void {
    this.followers.set(conn, role);
  }

  /** Asks the sentinels now (shared with any lookup already under way). */
  refresh(): Promise<Endpoint> {
    if (this.pending !== null) return this.pending;
    const pending = this.lookup(this.target)
      .then((endpoint) => {
        this.confirmedAtUs = this.clock.nowUs();
        this.update(endpoint, 'lookup');
        return endpoint;
      })
      .finally(() => {
        this.pending = null;
      });
    this.pending = pending;
    return pending;
  }

  /** Stops watching; connections already given `resolve` keep using the last answer and lookups. */
  async close(): Promise<void> {
    this.closed = true;
    this.followers.clear();
    await Promise.all(this.watchers.map((w) => w.close().catch(() => {})));
  }

  private update(endpoint: Endpoint, via: SwitchSource): void {
    if (sameEndpoint(this.currentValue, endpoint)) return;
    const change: MasterSwitch = { from: this.currentValue, to: endpoint, via, atUs: this.clock.nowUs() };
    this.currentValue = endpoint;
    if (change.from === null) return; // the first answer is not a switch
    this.replicasAtUs = -Infinity; // the replica set changed too
    for (const [conn, role] of this.followers) {
      const misplaced = role === 'master' ? !sameEndpoint(conn.endpoint, endpoint) : sameEndpoint(conn.endpoint, endpoint);
      if (conn.state === 'ready' && misplaced) {
        conn.reroute(`the master moved to ${describeEndpoint(endpoint)} (${via})`);
      } else if (conn.state === 'down') {
        conn.retryNow();
      }
    }
    for (const listener of this.listeners) listener(change);
  }

  /** One RESP3 subscriber per sentinel; a sentinel that is down is retried by its connection. */
  private async watch(): Promise<void> {
    await Promise.all(
      this.target.sentinels.map(async (sentinel) => {
        const conn = new Connection({ target: sentinelNodeTarget(this.target, sentinel), protocol: 3, commandTimeoutMs: 0, clientName: 'rbench-watch', connectTimeoutMs: 1000 });
        this.watchers.push(conn);
        conn.setPushHandler((push) => this.onPush(push));
        // Every new socket needs its subscription again.
        conn.setStateHandler((state) => {
          if (state === 'ready' && !this.closed) setImmediate(() => subscribe(conn));
        });
        try {
          await conn.connect();
        } catch {
          // An unreachable sentinel is not fatal: the others announce too. Its connection does not
          // retry (it was never ready), which keeps a dead address from costing anything.
        }
      }),
    );
  }

  private onPush(push: RespPush): void {
    if (this.closed) return;
    const items = push.items.map((item) => asString(item));
    if (items[0] !== 'message' || items[1] !== '+switch-master') return;
    // "<master name> <old ip> <old port> <new ip> <new port>"
    const parts = (items[2] ?? '').split(' ');
    if (parts.length < 5 || parts[0] !== this.target.masterName) return;
    const port = Number(parts[4]);
    if (!Number.isInteger(port) || port <= 0) return;
    this.confirmedAtUs = this.clock.nowUs();
    this.update({ transport: 'tcp', host: parts[3]!, port }, 'switch-master');
  }
}

/** SUBSCRIBE is answered with a push, not a reply: written without an in-flight entry. */
function subscribe(conn: Connection): void {
  if (conn.state !== 'ready') return;
  conn.encoder.command(2).arg('SUBSCRIBE').arg('+switch-master');
  conn.flush();
}
