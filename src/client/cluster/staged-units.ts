/**
 * Commands the router reads back from its staging encoder (those whose first key was not written
 * with argKey: see routed-writer.ts) become units (unit-pool.ts): command-scan.ts finds each one's
 * end, name and first key's slot in place. A MULTI ... EXEC block is gathered into one unit, sent
 * to the node of its first key once EXEC (or DISCARD) closes it.
 */
import type { WrittenCommands } from './command-scan.js';
import type { UnitPool } from './unit-pool.js';

export class StagedUnits {
  /** The unit of the MULTI block being written, or -1. */
  block = -1;

  constructor(
    private readonly pool: UnitPool,
    private readonly written: WrittenCommands,
    /** Read-only command names that may go to a replica (replica reads), or undefined. */
    private readonly replicaReads: ReadonlySet<string> | undefined,
  ) {}

  /** Takes the command just staged: the id of a unit ready to send, or -1 while its block is still open. */
  take(tag: number, intendedUs: number, wantValue: boolean): number {
    const written = this.written;
    const scan = written.next();
    const units = this.pool.units;
    if (this.block >= 0) {
      const u = units[this.block]!;
      u.parts.push(written.buf.subarray(written.start, scan.end));
      u.commands++;
      if (u.slot < 0) u.slot = scan.slot;
      if (scan.name !== 'EXEC' && scan.name !== 'DISCARD') return -1;
      u.tag = tag;
      u.intendedUs = intendedUs;
      u.wantValue = wantValue;
      u.buf = Buffer.concat(u.parts);
      u.start = 0;
      u.end = u.buf.length;
      u.parts.length = 0;
      const id = this.block;
      this.block = -1;
      return id;
    }
    const id = this.pool.alloc(tag, intendedUs, wantValue, scan.slot);
    const u = units[id]!;
    if (this.replicaReads !== undefined && this.replicaReads.has(scan.name)) u.replicaRead = true;
    if (scan.name === 'MULTI') {
      this.block = id;
      u.parts.push(written.buf.subarray(written.start, scan.end));
      return -1;
    }
    // The range stays valid (the staging slab is never written over): a redirect resends it.
    u.buf = written.buf;
    u.start = written.start;
    u.end = scan.end;
    return id;
  }
}
