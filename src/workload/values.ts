/**
 * `{value}` payloads. One random pool Buffer per worker is generated up front; a value of size s
 * is a view of s bytes of the pool, and views are created once per (size, slot) and reused, so
 * writing a value allocates nothing; a large one is sent from the pool itself (CommandEncoder.argShared).
 *
 * Timestamped mode (pub/sub, queues): the value starts with `t=<unix microseconds>;` and the
 * rest is filler, so the consumer can compute end-to-end delay with readEmbeddedTimestamp.
 */
import type { ArgSink } from './arg-sink.js';
import { AliasTable } from './alias-table.js';
import { ArgScratch } from './arg-scratch.js';
import { writeUint } from '../shared/digits.js';
import type { Rng } from './rng.js';
import type { DataSizeSpec } from '../scenario/size-spec.js';

/** The data size: fixed, a uniform range (e.g. "32..512"), or a weighted list; the scenario's own shape. */
export type ValueSizeOptions = DataSizeSpec;

export interface ValueOptions {
  size: ValueSizeOptions;
  /** Start each value with `t=<unix us>;` (see readEmbeddedTimestamp). */
  timestamped?: boolean;
}

/** Wall-clock time in microseconds since the Unix epoch; comparable across threads and processes. */
export const wallClockUs = (): number => (performance.timeOrigin + performance.now()) * 1000;

/** Distinct views kept per size: enough that consecutive values do not all look alike. */
const SLOTS_PER_SIZE = 4;
/** Sizes are given cached views only when there are at most this many distinct sizes. */
const MAX_CACHED_SIZES = 65536;
/** `t=` + 16 digits (unix us until the year 2286) + `;`. */
export const TIMESTAMP_HEADER_BYTES = 19;

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

export class ValueGenerator {
  readonly minSize: number;
  readonly maxSize: number;
  private readonly pool: Buffer;
  private readonly views: (Buffer | undefined)[] = [];
  private readonly sizeTable: AliasTable | null;
  private readonly weightedSizes: Int32Array;
  private readonly stamp: ArgScratch | null;

  /** Builds the pool from `rng` (so content is reproducible); `clockUs` feeds timestamped mode. */
  constructor(
    private readonly options: ValueOptions,
    private readonly rng: Rng,
    private readonly clockUs: () => number = wallClockUs,
  ) {
    const spec = options.size;
    if (spec.kind === 'fixed') {
      this.minSize = this.maxSize = spec.bytes;
      this.sizeTable = null;
      this.weightedSizes = new Int32Array(0);
    } else if (spec.kind === 'range') {
      this.minSize = spec.min;
      this.maxSize = spec.max;
      this.sizeTable = null;
      this.weightedSizes = new Int32Array(0);
    } else {
      this.sizeTable = new AliasTable(spec.choices.map((s) => s.weight));
      this.weightedSizes = Int32Array.from(spec.choices.map((s) => s.bytes));
      this.minSize = Math.min(...this.weightedSizes);
      this.maxSize = Math.max(...this.weightedSizes);
    }
    if (!(Number.isInteger(this.minSize) && this.minSize >= 0 && this.maxSize >= this.minSize)) {
      throw new RangeError(`value sizes must be whole numbers >= 0, got ${this.minSize}..${this.maxSize}`);
    }
    // Twice the largest value (at least 64 KiB) leaves room for different start offsets.
    this.pool = Buffer.allocUnsafe(Math.max(65536, 2 * this.maxSize));
    for (let i = 0; i < this.pool.length; i++) this.pool[i] = ALPHABET[rng.nextUint32() % ALPHABET.length]!;
    if (options.timestamped === true) {
      const cap = Math.max(this.maxSize, TIMESTAMP_HEADER_BYTES);
      this.stamp = new ArgScratch(cap);
      this.pool.copy(this.stamp.buf, 0, 0, cap);
    } else {
      this.stamp = null;
    }
  }

  /** Draws the size of the next value. */
  nextSize(): number {
    const spec = this.options.size;
    if (spec.kind === 'fixed') return spec.bytes;
    if (this.sizeTable !== null) return this.weightedSizes[this.sizeTable.pick(this.rng)]!;
    return this.minSize + Math.floor(this.rng.next() * (this.maxSize - this.minSize + 1));
  }

  /** Writes one value as a whole argument (pool views by reference: the pool never changes). */
  write(enc: ArgSink): void {
    if (this.stamp !== null) enc.argBuffer(this.nextValue());
    else enc.argShared(this.nextValue());
  }

  /** Appends one value to a mixed argument being assembled. */
  append(scratch: ArgScratch): void {
    scratch.bytes(this.nextValue());
  }

  /** The bytes of the next value: valid only until the next call (it may be a shared view). */
  nextValue(): Buffer {
    const size = this.nextSize();
    if (this.stamp !== null) return this.stamped(size);
    const slot = Math.floor(this.rng.next() * SLOTS_PER_SIZE);
    if (this.maxSize - this.minSize >= MAX_CACHED_SIZES) return this.viewAt(size, slot);
    const key = (size - this.minSize) * SLOTS_PER_SIZE + slot;
    let v = this.views[key];
    if (v === undefined) {
      v = this.viewAt(size, slot);
      this.views[key] = v;
    }
    return v;
  }

  private viewAt(size: number, slot: number): Buffer {
    // Spread the slots over the pool so values of one size differ from each other.
    const room = this.pool.length - size;
    const offset = Math.floor((room * slot) / SLOTS_PER_SIZE);
    return this.pool.subarray(offset, offset + size);
  }

  private stamped(size: number): Buffer {
    const s = this.stamp!;
    const buf = s.buf;
    buf[0] = 0x74; // t
    buf[1] = 0x3d; // =
    const end = writeUint(buf, 2, Math.floor(this.clockUs()));
    buf[end] = 0x3b; // ;
    // A value shorter than the header still carries the whole header: the timestamp is the point.
    return s.view(Math.max(size, end + 1));
  }
}

/** The send time embedded by timestamped values, in unix microseconds, or -1 if there is none. */
export function readEmbeddedTimestamp(buf: Uint8Array): number {
  if (buf.length < 4 || buf[0] !== 0x74 || buf[1] !== 0x3d) return -1;
  let n = 0;
  let i = 2;
  for (; i < buf.length && i < 2 + 17; i++) {
    const c = buf[i]!;
    if (c === 0x3b) return i > 2 ? n : -1;
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return -1;
}
