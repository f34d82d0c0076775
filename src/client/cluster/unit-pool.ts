/**
 * The cluster router's commands in flight: each routed unit (one command, or a whole MULTI ...
 * EXEC block) keeps its bytes until its final reply, so a redirect can send it again. Units are
 * pooled and addressed by index, so a node connection's in-flight tag is just that index.
 */

const EMPTY = Buffer.alloc(0);

/** A command (or MULTI ... EXEC block) on its way. */
export class Unit {
  tag = 0;
  intendedUs = 0;
  firstSentUs = Number.NaN;
  wantValue = false;
  /** The unit's bytes are buf[start, end): a range of the staging slab or of a node's slab (never overwritten), or a joined block. */
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  /** A block's commands while it is being written (joined into `buf` at EXEC). */
  parts: Buffer[] = [];
  /** RESP commands in the unit's bytes. */
  commands = 1;
  slot = -1;
  redirects = 0;
  /** ASK target node, or -1. */
  askNode = -1;
  /** A read-only command that may go to a replica. */
  replicaRead = false;
  /** A redirect seen on a command inside a block, acted on when EXEC answers. */
  pendingKind: string | null = null;
  pendingText = '';
}

/** Reuses units; ids stay valid until released. */
export class UnitPool {
  readonly units: Unit[] = [];
  private readonly free: number[] = [];

  /** A fresh unit's id. */
  alloc(tag: number, intendedUs: number, wantValue: boolean, slot: number): number {
    const id = this.free.length > 0 ? this.free.pop()! : this.units.push(new Unit()) - 1;
    const u = this.units[id]!;
    u.tag = tag;
    u.intendedUs = intendedUs;
    u.wantValue = wantValue;
    u.slot = slot;
    u.commands = 1;
    u.redirects = 0;
    u.askNode = -1;
    u.firstSentUs = Number.NaN;
    u.pendingKind = null;
    u.replicaRead = false;
    return id;
  }

  /** Returns a unit to the pool, dropping its bytes. */
  release(id: number): void {
    const u = this.units[id]!;
    u.buf = EMPTY;
    if (u.parts.length !== 0) u.parts.length = 0; // setting an array's length is a runtime call even when it is 0
    this.free.push(id);
  }
}
