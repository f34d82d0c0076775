/**
 * Live progress on stderr while a run goes: stage, elapsed/total time, ops/s, p50/p99 of the
 * last second, errors. Redrawn in place on a TTY; on a non-TTY one plain line every 5 seconds.
 */
import type { Histogram } from 'hdr-histogram-js';
import { addEncoded, createHistogram, type EncodedStageSnapshot } from '../metrics/index.js';
import { isRoleLabel } from '../shared/role-labels.js';
import { formatCount, formatUs } from '../report/format.js';

const PLAIN_EVERY_MS = 5000;

export class ProgressLine {
  private readonly tty: boolean;
  private stage = '';
  private durationMs: number | null = null;
  private startedMs = 0;
  private lastOps = 0;
  private lastMs = 0;
  private opsPerSec = 0;
  private p50 = 0;
  private p99 = 0;
  private lastPlainMs = 0;
  private drawn = false;
  /** Each worker's latest interval histogram in this stage. */
  private readonly latest = new Map<number, Histogram>();

  /** `out` and `now` are parameters so a test can drive the line by hand. */
  constructor(
    private readonly quiet: boolean,
    private readonly out: { isTTY?: boolean; columns?: number; write(text: string): unknown } = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = out.isTTY === true;
  }

  /** The last second's merged p50 and p99 (microseconds), as shown. */
  latency(): { p50: number; p99: number } {
    return { p50: this.p50, p99: this.p99 };
  }

  startStage(name: string, durationMs: number | null): void {
    this.stage = name;
    this.durationMs = durationMs;
    this.startedMs = this.now();
    this.lastMs = this.startedMs;
    this.lastOps = -1;
    this.lastPlainMs = this.startedMs;
    this.opsPerSec = 0;
    this.p50 = 0;
    this.p99 = 0;
    this.dropLatest();
  }

  /**
   * Latency of the last second over all workers: each worker's latest interval histogram is
   * kept (decoded once) and the p50/p99 shown come from their exact HDR sum, not from one worker.
   */
  interval(worker: number, snapshot: EncodedStageSnapshot): void {
    if (this.quiet) return;
    const h = createHistogram();
    for (const c of snapshot.commands) {
      // Deliveries and queue waits are not command latencies.
      if (c.response && !isRoleLabel(c.label)) addEncoded(h, c.response);
    }
    this.latest.get(worker)?.destroy();
    this.latest.set(worker, h);
    const sum = createHistogram();
    try {
      for (const part of this.latest.values()) sum.add(part);
      if (sum.totalCount > 0) {
        this.p50 = sum.getValueAtPercentile(50);
        this.p99 = sum.getValueAtPercentile(99);
      }
    } finally {
      sum.destroy();
    }
  }

  private dropLatest(): void {
    for (const h of this.latest.values()) h.destroy();
    this.latest.clear();
  }

  /** Called a few times a second with the live counters from shared memory. */
  tick(live: { ops: number; errors: number }): void {
    if (this.quiet || this.stage === '') return;
    const now = this.now();
    if (this.lastOps < 0 || live.ops < this.lastOps) {
      this.lastOps = live.ops;
      this.lastMs = now;
    } else if (now - this.lastMs >= 1000) {
      this.opsPerSec = ((live.ops - this.lastOps) * 1000) / (now - this.lastMs);
      this.lastOps = live.ops;
      this.lastMs = now;
    }
    const elapsed = ((now - this.startedMs) / 1000).toFixed(0);
    const total = this.durationMs === null ? '' : `/${(this.durationMs / 1000).toFixed(0)}s`;
    const text = `${this.stage}  ${elapsed}s${total}  ${formatCount(this.opsPerSec)} ops/s  p50 ${formatUs(this.p50)}  p99 ${formatUs(this.p99)}  errors ${live.errors}`;
    if (this.tty) {
      // A line wider than the terminal would wrap, and \r would then redraw only its tail.
      const columns = this.out.columns ?? 0;
      this.out.write(`\r\x1b[2K${columns > 1 ? text.slice(0, columns - 1) : text}`);
      this.drawn = true;
    } else if (now - this.lastPlainMs >= PLAIN_EVERY_MS) {
      this.out.write(`${text}\n`);
      this.lastPlainMs = now;
    }
  }

  endStage(): void {
    this.clear();
    this.dropLatest();
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
