/**
 * One Redis connection: a socket, a decoder and the FIFO of commands in flight.
 *
 * Two ways in. The control API (`call`) returns a promise per command and is meant for PING,
 * INFO, CONFIG and the like. The load API writes straight into `encoder`, registers each
 * command with `enqueue`, and sends them all with one `flush`; replies come back through a
 * handler as plain numbers, with nothing allocated per command. Failures are data: a server
 * error reply is an error kind, a lost connection fails every command in flight with a
 * transport kind, and the connection reconnects with back-off on its own (connection-lifecycle.ts).
 */
import { CommandEncoder } from '../resp/encoder.js';
import type { RespPush, RespValue } from '../resp/values.js';
import { ConnectionError } from './connection-error.js';
import { commandName, ConnectionLifecycle } from './connection-lifecycle.js';
import type { ConnectionOptions, ReplyHandler, ValueHandler } from './connection-types.js';
import { EntryKind, InflightQueue } from './inflight-queue.js';

export type { ConnectionOptions, ConnectionState, ReplyHandler, StateInfo, ValueHandler } from './connection-types.js';

type CommandArgs = ReadonlyArray<string | number | Uint8Array>;

/** A Redis connection with a control API (`call`) and a load API (`encoder`/`enqueue`/`flush`). */
export class Connection extends ConnectionLifecycle {
  /** Load commands enqueued while not ready: failed on the next turn, never sent. */
  private readonly rejected = new InflightQueue(64);
  private rejectScheduled = false;

  /** Creates a connection and waits until it is connected and handshaken. */
  static async open(options: ConnectionOptions): Promise<Connection> {
    const conn = new Connection(options);
    await conn.connect();
    return conn;
  }

  /**
   * Load commands sent (or enqueued) and not yet answered or failed. Before 'ready' only the
   * handshake is in the queue, and a phase's drain must not wait for a reconnect attempt.
   */
  get inFlight(): number {
    return this.stateValue === 'ready' ? this.router.queue.length : 0;
  }

  /**
   * Ready with a socket. While a lost socket fails its commands the state is still 'ready' (the
   * state changes after them), and a handler may send again then: such an entry went into the
   * queue for no socket, stayed there, and after the reconnect took the handshake's reply (the
   * handshake then timed out, and the link never came back).
   */
  private get connected(): boolean {
    return this.stateValue === 'ready' && this.socket !== null;
  }

  /** Ready, and the socket is not asking us to wait (back-pressure). */
  get canSend(): boolean {
    return this.connected && !this.socket!.writableNeedDrain && this.draining === null;
  }

  /** One server socket (the load loop's pipeline depth applies to it). */
  get sockets(): number {
    return 1;
  }

  /** Bytes handed to the socket and not yet passed to the kernel. */
  get pendingWriteBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  /**
   * The text of the latest error reply ("MOVED 3999 127.0.0.1:6381"). Valid inside the reply
   * handler that reports that error; the cluster router reads redirect targets from it.
   */
  get lastErrorText(): string {
    return this.router.decoder.lastError;
  }

  /** Sets the handler for load replies (one handler per connection). */
  setReplyHandler(handler: ReplyHandler): void {
    this.router.onReply = handler;
  }

  /** Sets the handler for load commands enqueued with wantValue. */
  setValueHandler(handler: ValueHandler): void {
    this.router.onValue = handler;
  }

  /**
   * Receives RESP3 pushes (pub/sub messages). The decoder switches to value mode for good, since
   * every push must be read whole; use it on subscriber connections opened with protocol 3.
   */
  setPushHandler(handler: (push: RespPush) => void): void {
    this.router.onPush = handler;
    this.router.decoder.mode = 'value';
  }

  /**
   * Registers one command just written into `encoder`. `tag` is the caller's (e.g. the mix
   * entry); `intendedUs` is when it should have been sent. With `wantValue` the reply is
   * decoded as a value and given to the ValueHandler.
   */
  enqueue(tag: number, intendedUs: number, wantValue = false): void {
    const kind = wantValue ? EntryKind.value : EntryKind.count;
    if (this.connected) {
      this.router.queue.push(tag, intendedUs, kind);
      return;
    }
    // Failing right here would call the handler from inside the caller's send loop, which may
    // enqueue again at once: deliver on the next turn instead.
    this.rejected.push(tag, intendedUs, kind);
    if (!this.rejectScheduled) {
      this.rejectScheduled = true;
      setImmediate(this.failRejected);
    }
  }

  /**
   * Stamps the send time on every enqueued command and writes the encoder's bytes with one socket
   * write (one writev when large values are held by reference).
   */
  flush(): void {
    const encoder = this.encoder;
    if (encoder.length === 0) return;
    const socket = this.socket;
    if (this.stateValue !== 'ready' || socket === null) {
      encoder.takeParts(); // their entries went to `rejected`
      return;
    }
    this.router.queue.markSent(this.clock.nowUs());
    // When write() returns false Node still keeps the bytes; canSend stays false until 'drain'.
    if (!encoder.hasParts) {
      socket.write(encoder.take());
    } else {
      // Corked writes leave as one writev of every piece when uncorked: no copy, one syscall.
      const parts = encoder.takeParts();
      socket.cork();
      for (let i = 0; i < parts.length; i++) socket.write(parts[i]!);
      socket.uncork();
    }
    // Nothing left in Node's queue: the kernel has every byte taken so far.
    if (this.reuseSlabs && socket.writableLength === 0) encoder.releaseTaken();
    this.armCommandTimeout();
  }

  /**
   * The owner keeps no range of this slab (see CommandEncoder.restartIfEmpty): once Node has
   * handed every byte to the kernel and nothing is pending, the slab starts over.
   */
  restartSlabIfSent(): void {
    if (this.socket !== null && this.socket.writableLength === 0) this.encoder.restartIfEmpty();
  }

  /** Sends one control command and resolves with its reply; an error reply rejects with ServerReplyError. */
  call(args: CommandArgs): Promise<RespValue> {
    if (!this.connected || this.draining !== null) {
      const why = this.draining !== null ? `moving to another node: ${this.draining}` : this.socket === null && this.stateValue === 'ready' ? 'its socket was just lost' : this.stateValue;
      return Promise.reject(new ConnectionError(this.draining !== null ? 'closed' : this.lastKind, `${this.target.display} is not connected (${why})`));
    }
    // Through the encoder, so the call keeps its place behind load commands written before it.
    writeArgs(this.encoder, args);
    const promise = this.router.waiters.add(commandName(args));
    this.router.queue.push(-1, this.clock.nowUs(), EntryKind.control);
    this.flush();
    return promise;
  }

  private readonly failRejected = (): void => {
    this.rejectScheduled = false;
    const r = this.rejected;
    const nowUs = this.clock.nowUs();
    for (let n = r.length; n > 0; n--) {
      const tag = r.headTag();
      const intended = r.headIntended();
      const kind = r.headKind();
      r.shift();
      const onValue = this.router.onValue;
      if (kind === EntryKind.value && onValue !== null) onValue(tag, intended, nowUs, nowUs, this.lastKind, null);
      else this.router.onReply(tag, intended, nowUs, nowUs, this.lastKind, false);
    }
  };
}

function writeArgs(encoder: CommandEncoder, args: CommandArgs): void {
  encoder.command(args.length);
  for (const a of args) {
    if (typeof a === 'string') encoder.arg(a);
    else if (typeof a === 'number') encoder.argNumber(a);
    else encoder.argBuffer(a);
  }
}
