/** The shapes a Connection's user deals with: handlers, states and options. */
import type { RespValue } from '../resp/values.js';
import type { Clock } from '../shared/clock.js';
import type { BackoffOptions } from './backoff.js';
import type { Endpoint, StandaloneTarget } from './target-url.js';

/** Called once per load reply, in sending order. errorKind: null = success, else a server or transport kind. */
export type ReplyHandler = (
  tag: number,
  intendedUs: number,
  sentUs: number,
  nowUs: number,
  errorKind: string | null,
  isNull: boolean,
) => void;

/** Called instead of the ReplyHandler for commands enqueued with wantValue; `value` is null when the command was lost. */
export type ValueHandler = (
  tag: number,
  intendedUs: number,
  sentUs: number,
  nowUs: number,
  errorKind: string | null,
  value: RespValue | null,
) => void;

/** connecting: socket or handshake under way; ready: commands may be sent; down: lost, maybe reconnecting; closed: by close(). */
export type ConnectionState = 'connecting' | 'ready' | 'down' | 'closed';

/** Why the state changed: the failure kind and a password-free message when it went down. */
export interface StateInfo {
  readonly kind: string | null;
  readonly message: string | null;
}

export interface ConnectionOptions {
  target: StandaloneTarget;
  /** 3 = HELLO 3 (RESP3), 2 = RESP2. Default 2. */
  protocol?: 2 | 3;
  /** CLIENT SETNAME value; null skips it. Default 'rbench'. */
  clientName?: string | null;
  /** Time allowed for TCP/TLS connect plus handshake. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** A reply later than this fails everything in flight with 'timeout' and resets the connection. 0 = never. Default 10000 ms. */
  commandTimeoutMs?: number;
  /** Back-off between reconnect attempts after a ready connection went down; false = stay down. Default 50 ms doubling to 2 s, ±20 %. */
  reconnect?: false | BackoffOptions;
  /** Time source for intended/sent/now stamps (microseconds). Default monotonicClock. */
  clock?: Clock;
  /** Initial capacity of the in-flight ring (grows when needed). Default 1024. */
  initialInflight?: number;
  onStateChange?: (state: ConnectionState, info: StateInfo) => void;
  /**
   * Asked for the endpoint before every (re)connect, e.g. a Sentinel lookup; a rejection counts
   * as a failed attempt (reconnect with back-off). With it, a READONLY reply (the server became
   * a replica) drops the socket so the next connect asks again. Default: target.endpoint.
   */
  resolveEndpoint?: () => Promise<Endpoint>;
  /** With resolveEndpoint: whether a READONLY reply moves the connection. Default true (false for replica reads). */
  rerouteOnReadonly?: boolean;
  /**
   * Nothing keeps views of the bytes this connection sends (no router resending a command from
   * its range of the encoder's slab): once the socket has passed a flush to the kernel, the
   * encoder may write over its slab (CommandEncoder.releaseTaken). Default false.
   */
  reuseSlabs?: boolean;
}
