/**
 * Live progress on stderr while a run goes: stage, elapsed/total time, ops/s, p50/p99 of the
 * last second, errors. Redrawn in place on a TTY; on a non-TTY one plain line every 5 seconds.
 */
import { createHistogram, decodeHistogram, type EncodedStageSnapshot } from '../metrics/index.js';
import { formatCount, formatUs } from '../report/terminal-report.js';

const PLAIN_EVERY_MS = 5000;

export class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
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

  constructor(private readonly quiet: boolean) {}

  startStage(name: string, durationMs: number | null): void {
    this.stage = name;
    this.durationMs = durationMs;
    this.startedMs = Date.now();
    this.lastMs = this.startedMs;
    this.lastOps = -1;
    this.lastPlainMs = this.startedMs;
  }

  /** Latency of the last second, from one worker's interval snapshot (good enough for a live view). */
  interval(_worker: number, snapshot: EncodedStageSnapshot): void {
    if (this.quiet) return;
    const h = createHistogram();
    try {
      for (const c of snapshot.commands) {
        if (!c.response) continue;
        const part = decodeHistogram(c.response);
        h.add(part);
        part.destroy();
      }
      if (h.totalCount > 0) {
        this.p50 = h.getValueAtPercentile(50);
        this.p99 = h.getValueAtPercentile(99);
      }
    } finally {
      h.destroy();
    }
  }

  /** Called a few times a second with the live counters from shared memory. */
  tick(live: { ops: number; errors: number }): void {
    if (this.quiet || this.stage === '') return;
    const now = Date.now();
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
      process.stderr.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    } else if (now - this.lastPlainMs >= PLAIN_EVERY_MS) {
      process.stderr.write(`${text}\n`);
      this.lastPlainMs = now;
    }
  }

  endStage(): void {
    this.clear();
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
