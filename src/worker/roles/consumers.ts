/**
 * Consumer connections for blocking-queue scenarios: each loops on its blocking pop (BRPOP,
 * BLPOP, BRPOPLPUSH). Producers in the mix stamp each item with its push time, so the time an
 * item waited in the queue is pop time minus push time (wall clock, across threads).
 */
import type { ValueHandler } from '../../client/connection-types.js';
import type { ArgSink } from '../../workload/arg-sink.js';
import { isNull, type RespValue } from '../../resp/values.js';
import { monotonicClock } from '../../shared/clock.js';
import { readEmbeddedTimestamp, wallClockUs, type Emitter } from '../../workload/index.js';

/** What a consumer needs of a connection: a Connection, or a cluster connection routing by slot. */
export interface ConsumerConnection {
  readonly encoder: ArgSink;
  readonly canSend: boolean;
  readonly inFlight: number;
  enqueue(tag: number, intendedUs: number, wantValue?: boolean): void;
  flush(): void;
  setValueHandler(handler: ValueHandler): void;
  setWakeHandler(handler: () => void): void;
  connect(): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumerGroupOptions {
  /** Opens one (not yet connected) consumer connection: blocking pops need no command timeout. */
  createConnection: () => ConsumerConnection;
  connections: number;
  emitter: Emitter;
  /** An item popped: how long it waited (-1 when it carried no time). */
  onItem: (waitUs: number, responseUs: number) => void;
  /** The pop timed out with nothing to take. */
  onEmpty: () => void;
  onError: (kind: string) => void;
}

export interface ConsumerGroup {
  /** Stops issuing pops; those in flight finish within their own timeout. */
  stop(): void;
  close(): Promise<void>;
}

/** Opens the group's connections and starts popping at once. */
export async function startConsumers(options: ConsumerGroupOptions): Promise<ConsumerGroup> {
  let running = true;
  const conns: ConsumerConnection[] = Array.from({ length: options.connections }, () => options.createConnection());
  await Promise.all(conns.map((c) => c.connect()));
  const issue = (conn: ConsumerConnection) => {
    if (!running || !conn.canSend) return;
    options.emitter.emit(conn.encoder);
    conn.enqueue(0, monotonicClock.nowUs(), true);
    conn.flush();
  };
  for (const conn of conns) {
    conn.setValueHandler((_tag, intendedUs, _sentUs, nowUs, errorKind, value) => {
      if (errorKind !== null) options.onError(errorKind);
      else if (value === null || isNull(value)) options.onEmpty();
      else {
        const sent = readEmbeddedTimestamp(itemOf(value));
        options.onItem(sent < 0 ? -1 : Math.max(0, wallClockUs() - sent), nowUs - intendedUs);
      }
      issue(conn);
    });
    conn.setWakeHandler(() => {
      if (conn.inFlight === 0) issue(conn);
    });
    issue(conn);
  }
  return {
    stop: () => {
      running = false;
    },
    close: async () => {
      running = false;
      await Promise.all(conns.map((c) => c.close().catch(() => {})));
    },
  };
}

/** BRPOP/BLPOP answer [key, item]; BRPOPLPUSH/BLMOVE answer the item itself. */
function itemOf(value: RespValue): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value) && Buffer.isBuffer(value[1])) return value[1];
  return Buffer.alloc(0);
}
