/**
 * Time sources. Latency code takes a Clock as a parameter so tests can drive time by hand.
 * All values are microseconds as plain numbers (doubles): exact to well below 1 us for
 * centuries, and no BigInt allocation on the hot path.
 */

export interface Clock {
  /** Monotonic time in microseconds; only differences are meaningful. */
  nowUs(): number;
}

/** The process's monotonic clock (performance.now() has sub-microsecond resolution in Node). */
export const monotonicClock: Clock = {
  nowUs: () => performance.now() * 1000,
};

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private us = 0) {}
  nowUs(): number {
    return this.us;
  }
  advance(us: number): void {
    this.us += us;
  }
  set(us: number): void {
    this.us = us;
  }
}
