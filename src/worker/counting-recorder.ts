/** A StageRecorder that also keeps the live counts the progress line reads from shared memory. */
import type { LatencyRecorder } from '../metrics/index.js';
import type { StageRecorder } from './ports.js';

export class CountingRecorder implements StageRecorder {
  ops = 0;
  errors = 0;
  constructor(private readonly inner: LatencyRecorder) {}

  record(entry: number, responseUs: number, serviceUs: number, nullReply: boolean): void {
    this.ops++;
    this.inner.record(entry, responseUs, serviceUs, nullReply);
  }
  recordError(entry: number, kind: string, responseUs: number, serviceUs: number): void {
    this.errors++;
    this.inner.recordError(entry, kind, responseUs, serviceUs);
  }
  recordAbandoned(entry: number, responseUs: number, serviceUs: number): void {
    this.errors++;
    this.inner.recordAbandoned(entry, responseUs, serviceUs);
  }
  recordNeverSent(waitUs: number): void {
    this.inner.recordNeverSent(waitUs);
  }
  recordUnsent(count: number): void {
    this.inner.recordUnsent(count);
  }
  recordSendLag(lagUs: number): void {
    this.inner.recordSendLag(lagUs);
  }
  recordDropped(count: number): void {
    this.inner.recordDropped(count);
  }
}
