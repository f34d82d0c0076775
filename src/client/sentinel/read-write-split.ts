/**
 * Replica reads on a Sentinel target: one load connection made of two sockets, one to a replica
 * for read-only commands and one to the master for everything else (writes, setup steps,
 * MULTI/EXEC blocks whole), as a cluster does with READONLY replicas. It looks like a plain
 * connection to the load loop: commands are written into `encoder`, and each enqueue moves the
 * command just written to the socket it belongs on. Each socket keeps its own reply order, so
 * replies reach the handlers as they come from either side.
 */
import type { ReplyHandler, ValueHandler } from '../connection-types.js';
import type { Connection } from '../connection.js';
import { CommandEncoder } from '../../resp/encoder.js';
import { WrittenCommands } from '../cluster/command-scan.js';

export class ReadWriteSplit {
  /** Staging: read back in place, so it copies large values too (they are referenced once routed). */
  readonly encoder = new CommandEncoder(64 * 1024, false);
  private readonly written = new WrittenCommands(this.encoder);
  /** Inside MULTI ... EXEC: the whole block goes to the master. */
  private inBlock = false;

  constructor(
    readonly master: Connection,
    readonly replica: Connection,
    /** Upper-case names of the commands that may go to a replica. */
    private readonly readOnly: ReadonlySet<string>,
  ) {}

  get inFlight(): number {
    return this.master.inFlight + this.replica.inFlight;
  }

  /** Both sockets ready: a command may go to either. */
  get canSend(): boolean {
    return this.master.canSend && this.replica.canSend;
  }

  /** Two sockets: the load loop keeps a pipeline on each. */
  get sockets(): number {
    return 2;
  }

  /** Routes the command just written into `encoder` (one enqueue per command, in order). */
  enqueue(tag: number, intendedUs: number, wantValue = false): void {
    const written = this.written;
    const { name, end } = written.next();
    if (name === 'MULTI') this.inBlock = true;
    const toReplica = !this.inBlock && this.readOnly.has(name);
    if (name === 'EXEC' || name === 'DISCARD') this.inBlock = false;
    const conn = toReplica ? this.replica : this.master;
    conn.encoder.rawShared(written.buf, written.start, end);
    conn.enqueue(tag, intendedUs, wantValue);
  }

  flush(): void {
    this.master.flush();
    this.replica.flush();
  }

  setReplyHandler(handler: ReplyHandler): void {
    this.master.setReplyHandler(handler);
    this.replica.setReplyHandler(handler);
  }

  setValueHandler(handler: ValueHandler): void {
    this.master.setValueHandler(handler);
    this.replica.setValueHandler(handler);
  }

  setWakeHandler(handler: () => void): void {
    this.master.setWakeHandler(handler);
    this.replica.setWakeHandler(handler);
  }

  abandonInFlight(): void {
    this.master.abandonInFlight();
    this.replica.abandonInFlight();
  }

  async connect(): Promise<void> {
    await Promise.all([this.master.connect(), this.replica.connect()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.master.close().catch(() => {}), this.replica.close().catch(() => {})]);
  }
}
