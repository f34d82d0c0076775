/**
 * Subscriber connections for pub/sub scenarios. Each message's payload starts with its publish
 * time (the engine stamps `{value}`), so delivery latency is receipt minus publish, across
 * threads (wall clock). Lost messages are counted on the main thread: the subscriber counts
 * PUBLISH replies promised minus deliveries received.
 *
 * A subscription lives and dies with its socket: after a reconnect (a restart, a failover that
 * moved the connection to the new master) every subscriber subscribes again. Messages published
 * while it was away are lost, and counted as such.
 */
import type { Connection } from '../../client/connection.js';
import { RespPush, asString } from '../../resp/values.js';
import { readEmbeddedTimestamp, wallClockUs } from '../../workload/index.js';

export interface SubscribersOptions {
  /** Opens one (not yet connected) subscriber connection with these settings. */
  openConnection: (settings: { protocol: 3; commandTimeoutMs: number }) => Connection;
  connections: number;
  channels: readonly string[];
  patterns: readonly string[];
  /** One delivered message: its latency from publish, or -1 when the payload carried no time. */
  onDelivery: (latencyUs: number) => void;
}

/** Opens the subscriber connections and resolves once every subscription is confirmed. */
export async function startSubscribers(options: SubscribersOptions): Promise<{ close(): Promise<void> }> {
  const conns: Connection[] = [];
  const expected = options.channels.length + options.patterns.length;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      // RESP3: messages arrive as pushes, apart from command replies.
      const conn = options.openConnection({ protocol: 3, commandTimeoutMs: 0 });
      conns.push(conn);
      let confirmed = 0;
      let onConfirmed: () => void = () => {};
      const allConfirmed = new Promise<void>((resolve) => (onConfirmed = resolve));
      conn.setPushHandler((push: RespPush) => {
        const kind = push.items[0] === undefined ? null : asString(push.items[0]);
        if (kind === 'message' || kind === 'pmessage') {
          const payload = push.items[kind === 'message' ? 2 : 3];
          const sent = Buffer.isBuffer(payload) ? readEmbeddedTimestamp(payload) : -1;
          options.onDelivery(sent < 0 ? -1 : Math.max(0, wallClockUs() - sent));
        } else if (kind === 'subscribe' || kind === 'psubscribe') {
          if (++confirmed >= expected) onConfirmed();
        }
      });
      // Every 'ready' is a new socket with no subscriptions yet, the first one included: this is
      // the one place that subscribes, so a socket lost before the confirmations still recovers.
      conn.setStateHandler((state) => {
        if (state !== 'ready') return;
        if (options.channels.length > 0) writeCommand(conn, 'SUBSCRIBE', options.channels);
        if (options.patterns.length > 0) writeCommand(conn, 'PSUBSCRIBE', options.patterns);
        conn.flush();
      });
      await conn.connect();
      if (expected > 0) await allConfirmed;
    }),
  );
  return {
    close: async () => {
      await Promise.all(conns.map((c) => c.close().catch(() => {})));
    },
  };
}

/** SUBSCRIBE answers with pushes, not a reply, so it is written without an in-flight entry. */
function writeCommand(conn: Connection, name: string, args: readonly string[]): void {
  conn.encoder.command(args.length + 1).arg(name);
  for (const a of args) conn.encoder.arg(a);
}
