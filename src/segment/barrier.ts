/**
 * "Every segment has reached point P", through the target itself: no coordinator service, and
 * nothing the pods need beyond the server they load. A point is a hash
 * `rbench:barrier:{RUNID}:P` of segment index → this process's token (HSETNX, so a second process
 * with the same index, or a reused run id, is caught rather than counted). The segment whose
 * arrival completes the set writes the start instant, on the target's clock and a margin ahead,
 * to `...:P:start` (SET NX: when two complete it together, one instant wins); everyone polls for
 * it and sleeps until then. Keys expire on their own (twice the timeout), so nothing is left behind.
 *
 * Points are named by the caller ("stage-3", "reset-1-deleted"), so one barrier serves the start
 * of every phase and any other "wait for all" a run needs.
 */
import { randomBytes } from 'node:crypto';
import { asString, isNull, type RespValue } from '../resp/values.js';
import { RuntimeError, UsageError } from '../shared/errors.js';
import { localWallMs, readTargetClock, type ClockReading, type TimeSource } from './target-clock.js';

export interface BarrierOptions {
  link: TimeSource;
  runId: string;
  index: number;
  count: number;
  /** How long to wait for the others at one point. */
  timeoutMs: number;
  /** How far ahead of the last arrival the start instant lies: time for every poller to see it. */
  marginMs?: number;
  pollMs?: number;
  /** Local wall clock in ms (tests move it). */
  now?: () => number;
}

/** Waiting stopped because the user interrupted the run. */
export class BarrierCancelled extends RuntimeError {
  constructor(point: string) {
    super(`interrupted while waiting for the other segments at ${point}`);
  }
}

export const DEFAULT_MARGIN_MS = 300;
const DEFAULT_POLL_MS = 5;

export class SegmentBarrier {
  private readonly token: string;
  private readonly now: () => number;
  private clockReading: ClockReading = { offsetMs: 0, rttMs: null };

  constructor(private readonly options: BarrierOptions) {
    // The count travels with the token, so segments started with different N are caught.
    this.token = `${options.count}:${process.pid}:${randomBytes(6).toString('hex')}`;
    this.now = options.now ?? localWallMs;
  }

  /** The latest reading of the target's clock against ours. */
  get clock(): ClockReading {
    return this.clockReading;
  }

  /** Now on the target's clock, in ms. */
  targetNowMs(): number {
    return this.now() + this.clockReading.offsetMs;
  }

  /** Re-reads the target's clock (done at every arrival; drift between phases is then nil). */
  async syncClock(): Promise<ClockReading> {
    this.clockReading = await readTargetClock(this.options.link, 5, this.now);
    return this.clockReading;
  }

  /**
   * Announces this segment at `point` and resolves, once every segment is there, with the agreed
   * start instant (target clock, ms). Throws RuntimeError naming the missing segments on timeout;
   * `cancelled` is polled while waiting (Ctrl-C).
   */
  async arrive(point: string, cancelled: () => boolean = () => false): Promise<number> {
    const { link, index, count, runId, timeoutMs } = this.options;
    await this.syncClock();
    const key = barrierKey(runId, point);
    const ttlMs = String(Math.ceil(timeoutMs * 2 + 60_000));
    await link.call(['HSETNX', key, String(index), this.token]);
    const owner = text(await link.call(['HGET', key, String(index)]));
    await link.call(['PEXPIRE', key, ttlMs]);
    if (owner !== this.token) {
      throw new UsageError(
        `segment ${index} of run "${runId}" already reached ${point} from another process`,
        'two processes have the same segment index, or the run id was used before: give every run a fresh --run-id (in a Job: its uid)',
      );
    }
    const arrived = Number(await link.call(['HLEN', key]));
    if (arrived >= count) {
      const startMs = Math.ceil(this.targetNowMs() + (this.options.marginMs ?? DEFAULT_MARGIN_MS));
      await link.call(['SET', `${key}:start`, String(startMs), 'NX', 'PX', ttlMs]);
    }
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const start = await link.call(['GET', `${key}:start`]);
      if (!isNull(start)) {
        await this.checkCounts(key, point);
        return Number(text(start));
      }
      if (cancelled()) throw new BarrierCancelled(point);
      if (this.now() >= deadline) throw await this.timedOut(key, point);
      await sleep(this.options.pollMs ?? DEFAULT_POLL_MS);
    }
  }

  /** Sleeps until `startMs` on the target's clock (timers to the last 2 ms, then a spin for precision). */
  async waitUntil(startMs: number, cancelled: () => boolean = () => false): Promise<void> {
    for (;;) {
      const left = startMs - this.targetNowMs();
      if (left <= 0) return;
      if (cancelled()) return;
      if (left > 2) await sleep(Math.min(left - 2, 100));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async checkCounts(key: string, point: string): Promise<void> {
    const tokens = pairs(await this.options.link.call(['HGETALL', key]));
    const other = [...tokens].find(([, token]) => Number(token.split(':')[0]) !== this.options.count);
    if (other !== undefined) {
      throw new UsageError(
        `segment ${other[0]} of run "${this.options.runId}" was started with ${other[1].split(':')[0]} segments, this one with ${this.options.count} (at ${point})`,
        'give every pod the same --segments N (the Job\'s completions)',
      );
    }
  }

  private async timedOut(key: string, point: string): Promise<RuntimeError> {
    const tokens = pairs(await this.options.link.call(['HGETALL', key]).catch(() => [] as RespValue));
    const missing = Array.from({ length: this.options.count }, (_, i) => i).filter((i) => !tokens.has(String(i)));
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    return new RuntimeError(
      `${missing.length === 1 ? 'segment' : 'segments'} ${missing.join(', ')} of ${this.options.count} did not reach ${point} within ${seconds}s (run id "${this.options.runId}")`,
      'check that every pod of the Job started (kubectl get pods) and reaches the same target; a slow image pull needs a longer --barrier-timeout',
    );
  }
}

/** The key of one barrier point; the run id is the cluster hash tag, so all points share a slot. */
export function barrierKey(runId: string, point: string): string {
  return `rbench:barrier:{${runId}}:${point}`;
}

function text(v: RespValue): string {
  return asString(v) ?? '';
}

/** HGETALL's flat [field, value, ...] array (or a RESP3 map) as a Map. */
function pairs(v: RespValue): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(v)) return out;
  for (let i = 0; i + 1 < v.length; i += 2) out.set(text(v[i]!), text(v[i + 1]!));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
