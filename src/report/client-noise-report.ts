/**
 * The terminal's warning that rbench itself paused: when a worker's event loop stalled for a time
 * that is large next to the latencies it measured, those latencies may hold the client's pause.
 */
import { formatUs } from './format.js';
import type { PhaseResult } from './run-result.js';

/** A stall counts as large from this share of the phase's p99.9 (a tail made of the client's own pauses). */
const LARGE_SHARE_OF_P999 = 0.5;

/** "rbench's event loop stalled up to 9.00ms (...): latencies near that may include the client", or null. */
export function clientNoiseLine(phase: PhaseResult): string | null {
  const client = phase.client;
  if (client === undefined || phase.totals.latencyUs.count === 0) return null;
  const stallUs = Math.max(client.eventLoopDelayUs.max, client.gc.maxMs * 1000);
  if (stallUs <= 0 || stallUs < phase.totals.latencyUs.p999 * LARGE_SHARE_OF_P999) return null;
  const gc = client.gc.count > 0 ? `, ${client.gc.count} GC pauses up to ${formatUs(client.gc.maxMs * 1000)}` : '';
  return `rbench's event loop stalled up to ${formatUs(client.eventLoopDelayUs.max)} (p99 ${formatUs(client.eventLoopDelayUs.p99)}${gc}; busy ${Math.round(client.utilization * 100)}%): latencies near that may include the client`;
}
