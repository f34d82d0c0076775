/**
 * A reusable buffer in which one argument is assembled from parts (literal bytes, digits, key
 * names), then handed to the encoder. To hand over "the first L bytes" without allocating a
 * subarray per command, views of each length are created once and cached: the encoder copies
 * the bytes (see ArgSink), so a view can be reused as soon as argBuffer returns.
 */
import { copyBytes } from '../resp/byte-copy.js';
import type { ArgSink, SlotMemo } from './arg-sink.js';

/** Views are cached up to this length; longer arguments (big values) take a fresh subarray. */
const MAX_CACHED_VIEW = 4096;

export class ArgScratch {
  readonly buf: Buffer;
  /** Current write position; starts at `head` for every argument. */
  pos: number;
  /**
   * Cached views by length, filled with undefined up front: a sparse array changed its elements
   * kind as lengths arrived, and V8's code for view() met a new array map when a phase's scratch
   * took over from the warm-up's (`--trace-deopt`: "wrong map" in view, the phase's first ms).
   */
  private readonly views: (Buffer | undefined)[];

  /** `head` bytes are written once and kept at the start of every argument (e.g. a key prefix). */
  constructor(
    capacity: number,
    readonly head: Uint8Array = new Uint8Array(0),
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, head.length));
    this.buf.set(head, 0);
    this.views = new Array<Buffer | undefined>(Math.min(this.buf.length, MAX_CACHED_VIEW) + 1).fill(undefined);
    this.pos = head.length;
  }

  /** Starts a new argument after the fixed head. */
  begin(): void {
    this.pos = this.head.length;
  }

  /** Appends bytes. */
  bytes(src: Uint8Array): void {
    this.pos = copyBytes(this.buf, this.pos, src);
  }

  /** Passes the assembled argument to the encoder. */
  flush(enc: ArgSink): void {
    enc.argBuffer(this.view(this.pos));
  }

  /** Passes the assembled argument to the encoder as the command's first key. */
  flushKey(enc: ArgSink, slots?: SlotMemo, index?: number): void {
    enc.argKey(this.view(this.pos), slots, index);
  }

  /** A view of the first `length` bytes, cached when short. */
  view(length: number): Buffer {
    if (length > MAX_CACHED_VIEW) return this.buf.subarray(0, length);
    let v = this.views[length];
    if (v === undefined) {
      v = this.buf.subarray(0, length);
      this.views[length] = v;
    }
    return v;
  }
}
