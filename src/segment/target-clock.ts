/**
 * The target's clock, read with TIME. Segments of a run on different machines agree on instants
 * in the target's time, not their own, so the machines' clock skew does not move their starts
 * apart: each segment measures how far its wall clock is from the server's (the TIME sample with
 * the shortest round trip, halved, after NTP's idea) and converts. What is left is the asymmetry
 * of one round trip, well under a millisecond inside a data centre.
 */
import { asString, type RespValue } from '../resp/values.js';

/** Wall-clock milliseconds with sub-millisecond resolution (Date.now() has whole milliseconds). */
export function localWallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Anything that can send TIME (a Connection). */
export interface TimeSource {
  call(args: string[]): Promise<RespValue>;
}

export interface ClockReading {
  /** Target time minus local wall time, in ms; 0 when the target has no TIME (a proxy, say). */
  offsetMs: number;
  /** Round trip of the sample used; null when TIME was not available. */
  rttMs: number | null;
}

/** Samples TIME `samples` times and keeps the one with the shortest round trip. */
export async function readTargetClock(source: TimeSource, samples = 5, now: () => number = localWallMs): Promise<ClockReading> {
  let best: ClockReading | null = null;
  for (let i = 0; i < samples; i++) {
    const sent = now();
    let reply: RespValue;
    try {
      reply = await source.call(['TIME']);
    } catch {
      // twemproxy and some managed proxies refuse TIME: fall back to the local clock (NTP).
      return { offsetMs: 0, rttMs: null };
    }
    const received = now();
    const serverMs = timeReplyMs(reply);
    if (serverMs === null) return { offsetMs: 0, rttMs: null };
    const rttMs = received - sent;
    if (best === null || rttMs < best.rttMs!) best = { offsetMs: serverMs - (sent + received) / 2, rttMs };
  }
  return best ?? { offsetMs: 0, rttMs: null };
}

/** TIME's `[seconds, microseconds]` as milliseconds, or null for anything else. */
export function timeReplyMs(reply: RespValue): number | null {
  if (!Array.isArray(reply) || reply.length !== 2) return null;
  const seconds = Number(asString(reply[0]!));
  const micros = Number(asString(reply[1]!));
  if (!Number.isFinite(seconds) || !Number.isFinite(micros)) return null;
  return seconds * 1000 + micros / 1000;
}
