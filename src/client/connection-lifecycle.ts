/**
 * The part of a Redis connection that is not the send path: opening the socket and running the
 * handshake, noticing it die (error, close, command timeout, bad bytes), failing what was in
 * flight, reconnecting with back-off, and moving to another node (reroute). Connection extends
 * this class, so the send path reads the same fields directly: a subclass, not a wrapped object,
 * keeps every command free of an extra hop.
 */
import type { Socket } from 'node:net';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { CommandEncoder, encodeCommand } from '../resp/encoder.js';
import { RespProtocolError } from '../resp/errors.js';
import type { RespValue } from '../resp/values.js';
import { monotonicClock, type Clock } from '../shared/clock.js';
import { Backoff } from './backoff.js';
import { ConnectionError } from './connection-error.js';
import type { ConnectionOptions, ConnectionState, StateInfo } from './connection-types.js';
import { transportKindOf, type TransportKind } from './error-kinds.js';
import { isServerFull, runHandshake, type HandshakeOptions } from './handshake.js';
import { EntryKind } from './inflight-queue.js';
import { openSocket } from './open-socket.js';
import { scrubSecrets } from './redact.js';
import { ReplyRouter } from './reply-router.js';
import { describeEndpoint, type Endpoint, type StandaloneTarget } from './target-url.js';
import { tlsConnectOptions } from './tls-settings.js';

/** How long reroute() waits for the replies in flight before dropping the socket anyway. */
const REROUTE_DRAIN_MS = 1000;
/**
 * The back-off starts over only once a connection has stayed up this long: a server at its
 * maxclients accepts, refuses and closes at once, and resetting on every accept meant a reconnect
 * every 50 ms forever (5,325 in 3 s).
 */
const STABLE_MS = 1000;

/** The socket's life: connect, handshake, fail, reconnect, reroute, close. */
export abstract class ConnectionLifecycle {
  /** Load commands are written here, then registered with `enqueue`, then sent with `flush`. */
  readonly encoder = new CommandEncoder(64 * 1024);
  /** See ConnectionOptions.reuseSlabs. */
  protected readonly reuseSlabs: boolean;
  readonly target: StandaloneTarget;

  protected readonly clock: Clock;
  protected readonly router: ReplyRouter;
  protected socket: Socket | null = null;
  protected stateValue: ConnectionState = 'down';
  protected lastKind: TransportKind = 'closed';
  /** Set by reroute(): nothing more is sent; the socket goes once the replies in flight are in. */
  protected draining: string | null = null;
  protected onWakeFn: (() => void) | null = null;

  private readonly handshake: HandshakeOptions;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly backoff: Backoff | null;
  private readonly tlsOptions: TlsConnectOptions | null;
  private everReady = false;
  /** Set by keepReconnecting(): reconnect with back-off even though no attempt succeeded yet. */
  private retryUntilReady = false;
  private closing = false;
  private connectTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private connectWaiter: ((error: Error) => void) | null = null;
  /** The connect() under way, for a second caller to wait on. */
  private firstConnect: Promise<void> | null = null;
  private onStateFn: ((state: ConnectionState, info: StateInfo) => void) | null;
  private readonly resolveEndpoint: (() => Promise<Endpoint>) | null;
  private endpointValue: Endpoint;
  private rerouteScheduled = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;

  constructor(options: ConnectionOptions) {
    this.target = options.target;
    this.handshake = { protocol: options.protocol ?? 2, clientName: options.clientName === undefined ? 'rbench' : options.clientName };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.clock = options.clock ?? monotonicClock;
    this.backoff = options.reconnect === false ? null : new Backoff(options.reconnect ?? {});
    this.onStateFn = options.onStateChange ?? null;
    this.resolveEndpoint = options.resolveEndpoint ?? null;
    this.reuseSlabs = options.reuseSlabs === true;
    this.endpointValue = this.target.endpoint;
    const endpoint = this.target.endpoint;
    // PEM files are read once here, so a missing file is a UsageError at start, not at reconnect.
    this.tlsOptions = this.target.tls === null ? null : tlsConnectOptions(this.target.tls, endpoint.transport === 'tcp' ? endpoint.host : '');
    this.router = new ReplyRouter(options.initialInflight ?? 1024, (text) => this.scrub(text));
    // A node that answers READONLY is no longer the master: ask resolveEndpoint again.
    if (this.resolveEndpoint !== null && options.rerouteOnReadonly !== false) this.router.onReadonly = () => this.rerouteSoon();
  }

  /** Current state. */
  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Where the current (or last) socket goes: the target's endpoint, or what resolveEndpoint gave. */
  get endpoint(): Endpoint {
    return this.endpointValue;
  }

  /**
   * Drops a ready socket so that the reconnect asks resolveEndpoint again (the master moved).
   * Nothing more is sent on it; the replies in flight are awaited (up to a second, then they
   * fail with 'closed'), so a move does not count the commands the old node answered as errors.
   */
  reroute(reason: string): void {
    if (this.stateValue !== 'ready' || this.draining !== null) return;
    if (this.router.queue.length === 0) {
      this.handleDown('closed', reason);
      return;
    }
    this.draining = reason;
    this.drainTimer = setTimeout(() => this.endDrain(), REROUTE_DRAIN_MS);
    this.drainTimer.unref();
  }

  private endDrain(): void {
    const reason = this.draining;
    if (reason === null) return;
    this.draining = null;
    this.clearTimer('drainTimer');
    if (this.stateValue === 'ready') this.handleDown('closed', reason);
  }

  /**
   * Fails every command in flight now (kind 'closed') and replaces the socket: the caller gave up
   * waiting for them, and a reply that came later would be matched to the next command sent.
   */
  abandonInFlight(): void {
    if (this.router.queue.length === 0) return;
    this.handleDown('closed', 'rbench stopped waiting for the replies in flight');
  }

  /**
   * A connection whose first connect failed (the server was full) keeps trying with back-off, as
   * a connection that was up and went down does; without this it stays down.
   */
  keepReconnecting(): void {
    this.retryUntilReady = true;
    if (this.stateValue === 'down') this.scheduleReconnect();
  }

  /** A connection waiting out its back-off tries again at once (e.g. Sentinel named a new master). */
  retryNow(): void {
    if (this.reconnectTimer === null || this.closing) return;
    this.clearTimer('reconnectTimer');
    this.connectOnce().catch(() => undefined);
  }

  /** READONLY arrives while the decoder is mid-chunk: drop the socket on the next turn, not inside it. */
  private rerouteSoon(): void {
    if (this.rerouteScheduled) return;
    this.rerouteScheduled = true;
    setImmediate(() => {
      this.rerouteScheduled = false;
      this.reroute(`${describeEndpoint(this.endpointValue)} answered READONLY (now a replica); asking again for the master`);
    });
  }

  /** Called when sending is possible again: after a drain ('onDrain'), or after (re)connecting. */
  setWakeHandler(handler: () => void): void {
    this.onWakeFn = handler;
  }

  /** Sets the state-change listener (replaces the one given in the options). */
  setStateHandler(handler: (state: ConnectionState, info: StateInfo) => void): void {
    this.onStateFn = handler;
  }

  /** Connects and runs the handshake; rejects with a ConnectionError or an authentication RuntimeError. */
  async connect(): Promise<void> {
    // A second caller waits for the connect already under way (a cluster router's node links
    // start theirs on creation, and connect() must mean connected).
    if (this.firstConnect !== null) return this.firstConnect;
    if (this.stateValue === 'ready' || this.stateValue === 'connecting') return;
    this.closing = false;
    this.firstConnect = this.connectOnce();
    try {
      await this.firstConnect;
    } finally {
      this.firstConnect = null;
    }
  }

  /** Closes for good: fails what is in flight with 'closed', stops reconnecting. */
  async close(): Promise<void> {
    this.closing = true;
    this.clearTimer('reconnectTimer');
    const socket = this.socket;
    if (socket !== null) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      this.handleDown('closed', 'closed by rbench');
      await closed;
    }
    this.setState('closed', { kind: null, message: null });
  }

  // ---- connecting ---------------------------------------------------------------------------

  private async connectOnce(): Promise<void> {
    this.setState('connecting', { kind: null, message: null });
    if (this.resolveEndpoint !== null) {
      try {
        this.endpointValue = await this.resolveEndpoint();
      } catch (error) {
        const message = this.scrub(error instanceof Error ? error.message : String(error));
        this.lastKind = 'refused';
        if (this.closing) {
          this.setState('closed', { kind: null, message: null });
        } else {
          this.setState('down', { kind: 'refused', message: `${this.target.display}: ${message}` });
          this.scheduleReconnect();
        }
        throw new ConnectionError('refused', `cannot connect to ${this.target.display} (${message})`);
      }
      if (this.closing) {
        this.setState('closed', { kind: null, message: null });
        throw new ConnectionError('closed', `${this.target.display}: closed by rbench`);
      }
    }
    let opened: Socket | null = null;
    const { socket, readyEvent } = openSocket(this.endpointValue, this.tlsOptions, (bytes, length) => {
      if (opened !== null && this.socket === opened) this.onData(bytes, length);
    });
    opened = socket;
    this.socket = socket;
    socket.setNoDelay(true);
    this.router.reset();
    this.connectTimer = setTimeout(() => this.handleDown('timeout', `no connection within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
    this.connectTimer.unref();

    socket.on('error', (error: Error) => {
      if (this.socket === socket) this.handleDown(transportKindOf(error), this.scrub(error.message));
    });
    socket.on('close', () => {
      if (this.socket === socket) this.handleDown('closed', 'the server closed the connection');
    });
    socket.on('drain', () => {
      if (this.socket === socket && this.stateValue === 'ready') this.onWakeFn?.();
    });

    await new Promise<void>((resolve, reject) => {
      this.connectWaiter = reject;
      socket.once(readyEvent, () => {
        this.connectWaiter = null;
        resolve();
      });
    });

    try {
      await runHandshake((args) => this.handshakeCall(args), this.target, this.handshake);
    } catch (error) {
      if (this.socket === socket) this.handleDown('closed', `handshake failed (${error instanceof Error ? error.message : String(error)})`);
      throw error;
    }
    this.clearTimer('connectTimer');
    this.everReady = true;
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      this.backoff?.reset();
    }, STABLE_MS);
    this.stableTimer.unref();
    this.setState('ready', { kind: null, message: null });
    this.onWakeFn?.();
  }

  /** The handshake runs before the state is 'ready', so it writes straight to the socket. */
  private handshakeCall(args: string[]): Promise<RespValue> {
    const socket = this.socket;
    if (socket === null) return Promise.reject(new ConnectionError(this.lastKind, `${this.target.display} is not connected`));
    const bytes = encodeCommand(args);
    const promise = this.router.waiters.add(commandName(args));
    this.router.queue.push(-1, this.clock.nowUs(), EntryKind.control);
    this.router.queue.markSent(this.clock.nowUs());
    socket.write(bytes);
    return promise;
  }

  private scheduleReconnect(): void {
    if (this.backoff === null || this.closing || (!this.everReady && !this.retryUntilReady) || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      // A failed attempt goes through handleDown, which schedules the next one.
      this.connectOnce().catch(() => undefined);
    }, this.backoff.next());
  }

  // ---- failing ------------------------------------------------------------------------------

  /**
   * The one place a socket dies: fails every command in flight with `kind`, tells the
   * listener, and schedules a reconnect. Runs at most once per socket.
   */
  protected handleDown(kind: TransportKind, message: string): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.lastKind = kind;
    socket.destroy();
    this.clearTimer('connectTimer');
    this.clearTimer('timeoutTimer');
    this.clearTimer('drainTimer');
    this.clearTimer('stableTimer');
    this.draining = null;
    this.encoder.takeParts(); // bytes written but not flushed will never be sent
    this.router.reset();

    const waiter = this.connectWaiter;
    this.connectWaiter = null;
    waiter?.(new ConnectionError(kind, `cannot connect to ${this.target.display} (${kind}: ${message})`));
    const lost = (): Error => new ConnectionError(kind, `${this.target.display}: connection lost (${kind}: ${message})`);
    this.router.failOldest(this.router.queue.length, kind, this.clock.nowUs(), lost);
    this.setState(this.closing ? 'closed' : 'down', { kind, message: `${this.target.display}: ${message}` });
    this.scheduleReconnect();
  }

  protected armCommandTimeout(): void {
    const timeoutMs = this.commandTimeoutMs;
    if (timeoutMs <= 0 || this.timeoutTimer !== null) return;
    // One coarse timer per connection instead of one per command: it checks the oldest sent
    // command. It runs until the socket goes down, also while nothing is in flight: stopped when
    // the queue was empty and started at the next flush, 50 open-model connections at 20k/s made
    // 200 timers a second, and V8 compiled Node's timer code for them mid-phase on the load's CPU.
    const periodMs = Math.max(5, Math.min(250, Math.floor(timeoutMs / 4)));
    this.timeoutTimer = setInterval(() => {
      const q = this.router.queue;
      if (q.length === 0) return;
      const sent = q.headSent();
      if (!Number.isNaN(sent) && this.clock.nowUs() - sent > timeoutMs * 1000) this.handleDown('timeout', `no reply within ${timeoutMs} ms`);
    }, periodMs);
    this.timeoutTimer.unref();
  }

  // ---- reading ------------------------------------------------------------------------------

  /** `bytes` is the shared read buffer (its first `length` bytes are new): valid only during this call. */
  private onData(bytes: Buffer, length: number): void {
    this.router.nowUs = this.clock.nowUs();
    // Decoded values (pushes, control replies, value entries) are views of the chunk and may be
    // kept after this call: give them a copy. Count-mode load replies keep nothing.
    const router = this.router;
    const copy = router.decoder.mode === 'value' || router.queue.wantingWhole > 0;
    try {
      if (copy) router.decoder.feed(Buffer.from(bytes.subarray(0, length)));
      else router.decoder.feed(bytes, length);
    } catch (error) {
      if (!(error instanceof RespProtocolError)) throw error;
      this.handleDown('protocol', error.message);
      return;
    }
    if (this.router.unsolicited) {
      // A full server says so before any command: keep its words, and count it as a refusal.
      const said = this.router.decoder.lastError;
      if (isServerFull(said)) this.handleDown('refused', `the server refused the connection: ${said}`);
      else this.handleDown('protocol', 'the server sent a reply to no command');
    }
    else if (this.draining !== null && this.router.queue.length === 0) this.endDrain();
  }

  // ---- small helpers ------------------------------------------------------------------------

  protected scrub(text: string): string {
    return scrubSecrets(text, [this.target.password ?? undefined]);
  }

  protected setState(state: ConnectionState, info: StateInfo): void {
    this.stateValue = state;
    this.onStateFn?.(state, info);
  }

  private clearTimer(name: 'connectTimer' | 'reconnectTimer' | 'timeoutTimer' | 'drainTimer' | 'stableTimer'): void {
    const timer = this[name];
    if (timer !== null) {
      clearTimeout(timer);
      this[name] = null;
    }
  }
}

/** The command's name only: its arguments may be passwords (AUTH, HELLO ... AUTH). */
export function commandName(args: ReadonlyArray<string | number | Uint8Array>): string {
  const first = args[0];
  return typeof first === 'string' ? first.toUpperCase() : 'command';
}
