/**
 * rbench's own noise: while a phase runs, how late a thread's event loop was (a 1 ms timer that
 * fires late measures it), how busy the loop was, and how long V8 paused it for garbage
 * collection. A latency near these pauses may be the client's, not the server's.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';

export interface ClientNoise {
  /** How late the loop ran a 1 ms timer, beyond the 1 ms (µs). */
  eventLoopDelayUs: { p50: number; p99: number; max: number };
  /** Share of the phase the loop was busy (0..1). */
  utilization: number;
  /** V8 garbage-collection pauses during the phase. */
  gc: { count: number; totalMs: number; maxMs: number };
}

/** A phase's client side: the workers combined (see combineClientNoise), each worker, the main thread. */
export interface PhaseClientNoise extends ClientNoise {
  workers: ClientNoise[];
  mainThread: ClientNoise | null;
}

/** The sampling timer's period; the finest monitorEventLoopDelay allows. */
const RESOLUTION_MS = 1;

/** Watches the calling thread from construction until stop(). */
export class ClientNoiseMonitor {
  private readonly delay: IntervalHistogram;
  private readonly startUtilization: EventLoopUtilization;
  private readonly observer: PerformanceObserver;
  private gcCount = 0;
  private gcTotalMs = 0;
  private gcMaxMs = 0;

  constructor() {
    this.delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.delay.enable();
    this.startUtilization = performance.eventLoopUtilization();
    this.observer = new PerformanceObserver((list) => this.countGc(list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops watching and returns what was seen. */
  stop(): ClientNoise {
    this.countGc(this.observer.takeRecords());
    this.observer.disconnect();
    this.delay.disable();
    const utilization = performance.eventLoopUtilization(this.startUtilization).utilization;
    // The histogram holds timer periods in ns: the 1 ms itself plus the delay.
    const late = (ns: number) => (this.delay.count === 0 || !Number.isFinite(ns) ? 0 : Math.max(0, Math.round(ns / 1000 - RESOLUTION_MS * 1000)));
    const noise: ClientNoise = {
      eventLoopDelayUs: { p50: late(this.delay.percentile(50)), p99: late(this.delay.percentile(99)), max: late(this.delay.max) },
      utilization: Number.isFinite(utilization) ? utilization : 0,
      gc: { count: this.gcCount, totalMs: round3(this.gcTotalMs), maxMs: round3(this.gcMaxMs) },
    };
    this.delay.reset();
    return noise;
  }

  private countGc(entries: readonly { duration: number }[]): void {
    for (const e of entries) {
      this.gcCount++;
      this.gcTotalMs += e.duration;
      if (e.duration > this.gcMaxMs) this.gcMaxMs = e.duration;
    }
  }
}

/**
 * The phase's figures: the worst worker's loop delay and utilization (the `client-bound` verdict
 * reads `utilization`, the max over workers), GC pauses counted and timed over all workers with
 * the longest single pause; the main thread apart.
 */
export function combineClientNoise(workers: readonly ClientNoise[], mainThread: ClientNoise | null): PhaseClientNoise {
  const max = (pick: (n: ClientNoise) => number) => workers.reduce((m, n) => Math.max(m, pick(n)), 0);
  return {
    eventLoopDelayUs: { p50: max((n) => n.eventLoopDelayUs.p50), p99: max((n) => n.eventLoopDelayUs.p99), max: max((n) => n.eventLoopDelayUs.max) },
    utilization: max((n) => n.utilization),
    gc: {
      count: workers.reduce((s, n) => s + n.gc.count, 0),
      totalMs: round3(workers.reduce((s, n) => s + n.gc.totalMs, 0)),
      maxMs: max((n) => n.gc.maxMs),
    },
    workers: [...workers],
    mainThread,
  };
}

/**
 * One thread over several rounds of a phase: the worst round's delay percentiles and
 * utilization (the figures are upper bounds, like the verdict wants), GC pauses added.
 */
export function mergeClientNoise(rounds: readonly ClientNoise[]): ClientNoise {
  const max = (pick: (n: ClientNoise) => number) => rounds.reduce((m, n) => Math.max(m, pick(n)), 0);
  return {
    eventLoopDelayUs: { p50: max((n) => n.eventLoopDelayUs.p50), p99: max((n) => n.eventLoopDelayUs.p99), max: max((n) => n.eventLoopDelayUs.max) },
    utilization: max((n) => n.utilization),
    gc: { count: rounds.reduce((s, n) => s + n.gc.count, 0), totalMs: round3(rounds.reduce((s, n) => s + n.gc.totalMs, 0)), maxMs: max((n) => n.gc.maxMs) },
  };
}

/** A phase run in rounds: `rounds[r][w]` is worker w in round r; each worker's rounds merge first, then the workers combine. */
export function combineRoundsClientNoise(rounds: readonly (readonly (ClientNoise | undefined)[])[], mainThread: readonly ClientNoise[]): PhaseClientNoise | null {
  const workers = Math.max(0, ...rounds.map((r) => r.length));
  const perWorker: ClientNoise[] = [];
  for (let w = 0; w < workers; w++) {
    const seen = rounds.flatMap((r) => (r[w] === undefined ? [] : [r[w]!]));
    if (seen.length > 0) perWorker.push(mergeClientNoise(seen));
  }
  if (perWorker.length === 0) return null;
  return combineClientNoise(perWorker, mainThread.length > 0 ? mergeClientNoise(mainThread) : null);
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
