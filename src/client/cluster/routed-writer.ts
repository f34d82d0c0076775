/**
 * The encoder a cluster connection gives the load loop. A command is written into a staging
 * encoder until its first key arrives (argKey): then its node is known, the few bytes written so
 * far move to that node's encoder and the rest of the command is written straight there. The
 * router neither reads such a command back nor copies it a second time (cluster SET P16: the
 * scan and the copy were 14% of the worker's time).
 *
 * Commands whose first key is not written with argKey (PING, a literal key, EVAL's numkeys, the
 * commands of a MULTI block or of an entry of several commands) stay in staging, and the router
 * reads them back in place (command-scan.ts), as before.
 *
 * A command written straight to a node stays one range of that node's slab (values are copied,
 * never referenced), and the node's slab is not written over while a command in it waits for its
 * reply (direct-commands.ts), so the router can keep the range to send it again after a redirect.
 */
import { CommandEncoder } from '../../resp/encoder.js';
import { keySlotOfBytes } from './key-slot.js';

/** A node's link as the writer needs it: its connection's encoder. */
export interface DirectTarget {
  readonly conn: { readonly encoder: CommandEncoder };
}

/** Where a command with this slot may be written straight away (a ready node), or null: stage it. */
export type DirectRoute<L extends DirectTarget> = (slot: number) => L | null;

/** The slot of key `b`, the key of that index in its space: from the memo, or computed and kept there. */
function memoSlot(b: Uint8Array, slots: Int16Array, index: number): number {
  const known = slots[index]!;
  if (known >= 0) return known;
  const slot = keySlotOfBytes(b, 0, b.length);
  slots[index] = slot;
  return slot;
}

/** Writes commands into staging, or straight into their node's encoder; see the file comment. */
export class RoutedWriter<L extends DirectTarget> {
  /** Keys come with their key space's slot memo (workload/arg-sink.ts SlotMemo: -1 = not known yet). */
  readonly routesByKey = true;
  /** Read back in place by the router, so it copies (byReference false). */
  readonly staging = new CommandEncoder(64 * 1024, false);
  /** The node the command being written goes to, or null while it is staged. */
  directLink: L | null = null;
  /** Its key's slot. */
  directSlot = -1;
  private direct: CommandEncoder | null = null;
  /** staging.length where the command being written began. */
  private commandMark = 0;
  /** direct.length where the command being written began. */
  private directMark = 0;

  constructor(private readonly route: DirectRoute<L>) {}

  command(argc: number): this {
    (this.direct ?? this.staging).command(argc);
    return this;
  }

  arg(s: string): this {
    (this.direct ?? this.staging).arg(s);
    return this;
  }

  argNumber(n: number): this {
    (this.direct ?? this.staging).argNumber(n);
    return this;
  }

  argBuffer(b: Uint8Array): this {
    (this.direct ?? this.staging).argBuffer(b);
    return this;
  }

  /** Copied, also on a node's encoder: the command must stay one range for a resend. */
  argShared(b: Uint8Array): this {
    (this.direct ?? this.staging).argBuffer(b);
    return this;
  }

  raw(b: Uint8Array): this {
    (this.direct ?? this.staging).raw(b);
    return this;
  }

  /** The first key: from here on the command goes straight to its node, when that node is ready. */
  argKey(b: Uint8Array, slots?: Int16Array, index?: number): this {
    if (this.direct === null) {
      const slot = slots !== undefined && index !== undefined ? memoSlot(b, slots, index) : keySlotOfBytes(b, 0, b.length);
      const to = this.route(slot);
      if (to !== null) {
        const encoder = to.conn.encoder;
        this.directMark = encoder.length;
        this.staging.moveSince(this.commandMark, encoder);
        this.direct = encoder;
        this.directLink = to;
        this.directSlot = slot;
      }
    }
    (this.direct ?? this.staging).argBuffer(b);
    return this;
  }

  /**
   * The command just written went straight to `directLink`: `span` gets its bytes (a range of
   * that node's slab) and the next command starts staged.
   */
  finishDirect(span: { buf: Buffer; start: number; end: number }): void {
    this.direct!.spanSince(this.directMark, span);
    this.direct = null;
    this.directLink = null;
    this.commandMark = this.staging.length;
  }

  /** The router took the staged command(s) written so far: the next command starts here. */
  finishStaged(): void {
    this.commandMark = this.staging.length;
  }
}
