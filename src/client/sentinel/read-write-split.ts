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
import { scanCommand, type ScannedCommand } from '../cluster/command-scan.js';

const EMPTY = Buffer.alloc(0);
const NO_KEYS = {};

export class ReadWriteSplit {
  readonly encoder = new CommandEncoder(64 * 1024);
  private readonly scan: ScannedCommand = { end: 0, name: '', slot: -1 };
  private staged: Buffer = EMPTY;
  private stagedPos = 0;
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
    if (this.stagedPos >= this.staged.length) {
      this.staged = this.encoder.take();
      this.stagedPos = 0;
    }
    const start = this.stagedPos;
    const name = scanCommand(this.staged, start, NO_KEYS, this.scan).name;
    this.stagedPos = this.scan.end;
    if (name === 'MULTI') this.inBlock = true;
    const toReplica = !this.inBlock && this.readOnly.has(name);
    if (name === 'EXEC' || name === 'DISCARD') this.inBlock = false;
    const conn = toReplica ? this.replica : this.master;
    conn.encoder.raw(this.staged.subarray(start, this.scan.end));
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

  async connect(): Promise<void> {
    await Promise.all([this.master.connect(), this.replica.connect()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.master.close().catch(() => {}), this.replica.close().catch(() => {})]);
  }
}
