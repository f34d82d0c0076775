/**
 * Subscriber connections for pub/sub scenarios. Each message's payload starts with its publish
 * time (the engine stamps `{value}`), so delivery latency is receipt minus publish, across
 * threads (wall clock). Lost messages are counted on the main thread: the subscriber counts
 * PUBLISH replies promised minus deliveries received.
 */
import { Connection } from '../../client/connection.js';
import type { StandaloneTarget } from '../../client/target-url.js';
import { RespPush, asString } from '../../resp/values.js';
import { readEmbeddedTimestamp, wallClockUs } from '../../workload/index.js';

export interface SubscribersOptions {
  target: StandaloneTarget;
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
      const conn = new Connection({ target: options.target, protocol: 3, commandTimeoutMs: 0 });
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
      await conn.connect();
      if (options.channels.length > 0) writeCommand(conn, 'SUBSCRIBE', options.channels);
      if (options.patterns.length > 0) writeCommand(conn, 'PSUBSCRIBE', options.patterns);
      conn.flush();
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
