/**
 * Reconnect delays: bounded exponential back-off with jitter, so that many connections
 * losing the same server do not all knock on its door in the same millisecond.
 */

export interface BackoffOptions {
  /** First delay in milliseconds. Default 50. */
  initialMs?: number;
  /** Upper bound of the delay in milliseconds. Default 2000. */
  maxMs?: number;
  /** Growth factor per failed attempt. Default 2. */
  factor?: number;
  /** Relative jitter: each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. Default 0.2. */
  jitter?: number;
  /** Random source in [0, 1); a parameter so tests can fix it. */
  random?: () => number;
}

/** A sequence of delays: 50, 100, 200, ... capped at 2000 ms, each jittered. */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private baseMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 50;
    this.maxMs = options.maxMs ?? 2000;
    this.factor = options.factor ?? 2;
    this.jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
    this.random = options.random ?? Math.random;
    this.baseMs = this.initialMs;
  }

  /** The delay before the next attempt; each call grows the following one. */
  next(): number {
    const base = Math.min(this.baseMs, this.maxMs);
    this.baseMs = Math.min(this.baseMs * this.factor, this.maxMs);
    const scaled = base * (1 - this.jitter + 2 * this.jitter * this.random());
    return Math.max(0, Math.min(Math.round(scaled), this.maxMs));
  }

  /** Back to the initial delay, after a successful connection. */
  reset(): void {
    this.baseMs = this.initialMs;
  }
}
