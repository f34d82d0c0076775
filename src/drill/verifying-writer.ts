/**
 * The verifying writer: a small loop on the main thread that sends unique writes
 * (SET <prefix><n> <n>) one at a time while the drill runs, remembers which were acknowledged
 * (and, with WAIT, replicated), and afterwards reads them all back from the master to count the
 * acknowledged writes that were lost. Each write is also an observation for the unavailability
 * window.
 */
import type { Connection } from '../client/connection.js';
import { ConnectionError } from '../client/connection-error.js';
import { ServerReplyError } from '../client/server-reply-error.js';
import { describeEndpoint } from '../client/target-url.js';
import { isNull, type RespValue } from '../resp/values.js';
import type { Clock } from '../shared/clock.js';
import type { WriteObservation } from './unavailability.js';

export interface WriterOptions {
  conn: Connection;
  /** Key prefix, unique per run. */
  prefix: string;
  wait: { replicas: number; timeoutMs: number } | null;
  clock: Clock;
  onWrite: (w: WriteObservation) => void;
  /** Cluster targets: a MOVED reply (its text) before the connection is rerouted to the slot's new owner. */
  onMoved?: (message: string) => void;
}

/** Keys read back per MGET. */
const READ_BATCH = 500;
/** Writes faster than this are spaced out, so the probe stays light next to the load. */
const MIN_GAP_US = 1000;

export class VerifyingWriter {
  sent = 0;
  failed = 0;
  /** Sequence numbers acknowledged (and replicated when WAIT was asked for). */
  readonly acknowledged: number[] = [];
  /** With WAIT: acknowledged by the master, by fewer replicas than asked. */
  readonly notReplicated: number[] = [];
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: WriterOptions) {}

  key(seq: number): string {
    return `${this.options.prefix}${seq}`;
  }

  start(): void {
    if (this.loop === null) this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { conn, clock, wait } = this.options;
    while (!this.stopped) {
      const seq = ++this.sent;
      const sentUs = clock.nowUs();
      let errorKind: string | null = null;
      let errorText = '';
      let replicated = true;
      try {
        await conn.call(['SET', this.key(seq), String(seq)]);
        if (wait !== null) replicated = Number(await conn.call(['WAIT', String(wait.replicas), String(wait.timeoutMs)])) >= wait.replicas;
      } catch (error) {
        errorKind = error instanceof ServerReplyError || error instanceof ConnectionError ? error.kind : 'ERR';
        errorText = error instanceof Error ? error.message : '';
      }
      const doneUs = clock.nowUs();
      if (errorKind === null) {
        (replicated ? this.acknowledged : this.notReplicated).push(seq);
      } else {
        this.failed++;
        if (errorKind === 'READONLY') conn.reroute('the verifying writer got READONLY');
        if (errorKind === 'MOVED') {
          this.options.onMoved?.(errorText);
          conn.reroute('the verifying writer got MOVED');
        }
      }
      this.options.onWrite({ sentUs, doneUs, errorKind, endpoint: describeEndpoint(conn.endpoint) });
      // A failure while the connection is down comes back at once: do not spin on it.
      const gapUs = errorKind === null ? MIN_GAP_US - (doneUs - sentUs) : 5000;
      if (gapUs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(gapUs / 1000)));
    }
  }

  /** Reads the written keys back through `conn` (on the master): the acknowledged and the unreplicated ones missing. */
  async verify(conn: Connection): Promise<{ missing: number[]; missingNotReplicated: number[] }> {
    return { missing: await this.findMissing(conn, this.acknowledged), missingNotReplicated: await this.findMissing(conn, this.notReplicated) };
  }

  /** Deletes every key the writer may have written. */
  async cleanUp(conn: Connection): Promise<void> {
    for (let from = 1; from <= this.sent; from += READ_BATCH) {
      const keys: string[] = [];
      for (let seq = from; seq < from + READ_BATCH && seq <= this.sent; seq++) keys.push(this.key(seq));
      await conn.call(['UNLINK', ...keys]);
    }
  }

  private async findMissing(conn: Connection, seqs: readonly number[]): Promise<number[]> {
    const missing: number[] = [];
    for (let i = 0; i < seqs.length; i += READ_BATCH) {
      const batch = seqs.slice(i, i + READ_BATCH);
      const reply: RespValue = await conn.call(['MGET', ...batch.map((s) => this.key(s))]);
      const values = Array.isArray(reply) ? reply : [];
      batch.forEach((seq, j) => {
        const v = values[j];
        if (v === undefined || isNull(v)) missing.push(seq);
      });
    }
    return missing;
  }
}
