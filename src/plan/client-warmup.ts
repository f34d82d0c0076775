/**
 * rbench's own warm-up: before its first stage each worker sends PING (CLIENT_WARMUP_COMMANDS)
 * over its load connections for a moment, unmeasured, so the code that sends commands and reads
 * replies is compiled before anything is recorded.
 *
 * Why: a Node.js worker starts interpreted. In the first 0.3 s of a closed-loop run its replies
 * waited up to 23 ms (GET P16) while V8 compiled the hot path and its young heap grew, which is
 * rbench's start-up, not the server's: in a 5 s SET P1 run it made p99.9 3.3 ms and max 10-11 ms
 * where memtier_benchmark saw 2.0 and 5.4 ms; 0.5 s of PING first brought them to 2.7 and 5 ms.
 * PING changes no data and touches no key statistics (keyspace hits and misses), so the
 * warm-up leaves the server as it was; the mix's own commands could write.
 *
 * Its length is a tenth of the first phase, at most CLIENT_WARMUP_MAX_MS: a tenth of its duration,
 * or, before a phase bound by a request count, a tenth of that count (as PINGs) within at most
 * CLIENT_WARMUP_MAX_MS. The mix's own commands are sent exactly as many times as asked.
 *
 * It runs as two stages (clientWarmupParts), so the measured phase is not the first stage to
 * start after another one stopped. A stage's end runs code the load never ran (beginStop, the
 * drain) and changes objects the hot path had been optimised for (the stage loop's fields,
 * Node's timer lists), and each new stage loop brings new closures: at the end of a single
 * warm-up V8 threw away the optimised send, reply and timer code (`--trace-deopt`), and the
 * measured phase began on slow code while V8 recompiled it on the same CPU: an open-model phase
 * at 20k/s, pinned, had 927-1,371 sends over 1 ms late, 447-901 with two parts (four alternating
 * pairs of 10 s runs). After a first, short part has stopped once,
 * the second part re-optimises for all of that and its own end changes next to nothing.
 */
import type { PhasePlan } from './types.js';

/** The longest client warm-up. */
export const CLIENT_WARMUP_MAX_MS = 500;
/** The warm-up's share of the first phase (of its duration, or of its request count). */
const SHARE_OF_FIRST_PHASE = 0.1;
/**
 * What it sends, in equal shares: PING alone (a simple-string reply, like +OK), and PING with a
 * generated key and with a generated value as its message (bulk replies of the sizes a GET of the
 * mix would get back), so the key and value writers and both reply paths are compiled for what the
 * phase will send; with PING alone, the functions V8 had optimised for it were thrown away
 * (deoptimised) in the phase's first 50 ms and the loop stalled 8-18 ms. No key is touched.
 */
export const CLIENT_WARMUP_COMMANDS = ['PING', 'PING {key}', 'PING {value}'] as const;

/**
 * The argument of the warm-up's PING that is written as a routing key (argKey), as the first key
 * of the mix's commands is, so the switch to the mix does not meet a writer V8 has not seen
 * (`--trace-deopt`: emitInScope "wrong map" in the measured phase's first milliseconds). On a
 * cluster that PING goes to the key's node, which answers it like any other.
 */
export const CLIENT_WARMUP_KEY_ARG = 1;

/**
 * The longest the client warm-up may last before a run whose first phase is `first` (0: none): a
 * tenth of a duration-bound phase, CLIENT_WARMUP_MAX_MS before a request-bound one (which also
 * stops at clientWarmupRequests).
 */
export function clientWarmupMs(first: PhasePlan | undefined): number {
  if (first === undefined) return 0;
  if (first.durationMs === null) return CLIENT_WARMUP_MAX_MS;
  return Math.min(CLIENT_WARMUP_MAX_MS, Math.floor(first.durationMs * SHARE_OF_FIRST_PHASE));
}

/** The first part's share of the warm-up: long enough to optimise the hot path once. */
const FIRST_PART_SHARE = 0.3;

/**
 * The warm-up's two stages: a first part (FIRST_PART_SHARE of its time or PINGs) that stops once,
 * then the rest. Together they last `durationMs` and send `requests` PINGs (null: duration-bound).
 */
export function clientWarmupParts(durationMs: number, requests: number | null): { durationMs: number; requests: number | null }[] {
  const firstMs = Math.floor(durationMs * FIRST_PART_SHARE);
  const firstRequests = requests === null ? null : Math.floor(requests * FIRST_PART_SHARE);
  return [
    { durationMs: firstMs, requests: firstRequests },
    { durationMs: durationMs - firstMs, requests: requests === null ? null : requests - firstRequests! },
  ];
}

/** Before a phase of `requests` commands (one worker's share): the PINGs it warms up with; null when duration-bound. */
export function clientWarmupRequests(requests: number | null): number | null {
  return requests === null ? null : Math.floor(requests * SHARE_OF_FIRST_PHASE);
}
