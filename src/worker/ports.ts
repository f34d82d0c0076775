/**
 * The small shapes the load loop needs from the client, the workload and the metrics. The worker
 * entry adapts the real modules to them; tests can drive the loop with a fake clock.
 */
import type { ArgSink } from '../workload/arg-sink.js';

import type { ReplyHandler, ValueHandler } from '../client/connection-types.js';

export type { ReplyHandler, ValueHandler };

export interface LoadConnection {
  /** Commands are written straight into this encoder, then enqueued, then flushed. */
  readonly encoder: ArgSink;
  /** Commands sent and not yet answered (or failed). */
  readonly inFlight: number;
  /** Connected, and the socket is not asking us to wait (back-pressure). */
  readonly canSend: boolean;
  /**
   * Server sockets the commands spread over: 1, or a cluster connection's masters. The load loop
   * keeps `pipeline` × sockets in flight, i.e. `pipeline` per node when keys spread over the slots
   * (a hash-tagged or hot key puts them all on its one node).
   */
  readonly sockets: number;
  /**
   * Registers one command just written into `encoder`. tag < 0 means "do not record". With
   * wantValue the reply is decoded and given to the value handler.
   */
  enqueue(tag: number, intendedUs: number, wantValue?: boolean): void;
  /** Stamps the send time on every enqueued command and writes them with one socket write. */
  flush(): void;
  /**
   * Over several sockets (a cluster connection): in a closed loop, hold each socket's new
   * commands until that socket's replies come, so each gets one larger write (absent: no such choice).
   */
  batchWritesPerNode?(on: boolean): void;
  setReplyHandler(handler: ReplyHandler): void;
  setValueHandler(handler: ValueHandler): void;
  /** Called when the connection can take commands again (connected again, or drained). */
  setWakeHandler(handler: () => void): void;
  /**
   * Gives up on every command in flight: each is failed through the reply handler now (kind
   * 'closed') and the socket is replaced, so no late reply can reach the next stage.
   */
  abandonInFlight(): void;
}

/** Picks and writes commands of the stage's mix. */
export interface CommandSource {
  /** Index of the next mix entry to send (weighted, seeded). */
  pick(): number;
  /** Writes entry `entry` into `enc`; returns how many commands it wrote (MULTI ... EXEC writes several). */
  emit(entry: number, enc: ArgSink): number;
}

/** Where the loop records what it measured. Times are microseconds. */
export interface StageRecorder {
  /** A successful reply to entry `entry`; `nullReply` marks a miss (nil). */
  record(entry: number, responseUs: number, serviceUs: number, nullReply: boolean): void;
  /**
   * A failed command: a server error reply's kind, or a transport failure's. A command that
   * timed out never completed: its wait goes into the latency histograms as a lower bound.
   */
  recordError(entry: number, kind: string, responseUs: number, serviceUs: number): void;
  /** A command still in flight when the stage stopped waiting: its wait so far, a lower bound. */
  recordAbandoned(entry: number, responseUs: number, serviceUs: number): void;
  /** Open model: a command that was never sent (dropped, or still due at the end), with its wait. */
  recordNeverSent(waitUs: number): void;
  /** Open model: commands still waiting to be sent when the stage ended. */
  recordUnsent(count: number): void;
  /** Open model: how late a command left compared with its intended time. */
  recordSendLag(lagUs: number): void;
  /** Open model: commands dropped because the backlog was full. */
  recordDropped(count: number): void;
}
