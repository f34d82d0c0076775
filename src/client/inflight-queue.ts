/**
 * The FIFO of commands written to a connection and not yet answered. Redis answers in order,
 * so the reply at the front of the stream belongs to the entry at the head. A ring of typed
 * arrays: pushing and shifting allocate nothing, and the arrays double when full.
 */

/** What kind of reply an entry expects. */
export const EntryKind = {
  /** Load command: the caller wants its kind (ok / error kind) and whether it was null. */
  count: 0,
  /** Load command whose whole reply value the caller wants. */
  value: 1,
  /** Control command sent by `call()`; a promise waits for it. */
  control: 2,
} as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

/** Ring buffer of in-flight commands: tag, intended start, actual send time and kind. */
export class InflightQueue {
  private tags: Int32Array;
  private intended: Float64Array;
  private sent: Float64Array;
  private kinds: Uint8Array;
  private head = 0;
  private count = 0;
  /** Entries at the tail that were enqueued but not yet flushed (no send time yet). */
  private unsentCount = 0;
  /** Entries whose reply is read whole (value and control): their replies may keep views of the read buffer. */
  private wholeCount = 0;

  constructor(initialCapacity = 1024) {
    // A power of two, so indexes wrap with a mask instead of a division.
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.tags = new Int32Array(capacity);
    this.intended = new Float64Array(capacity);
    this.sent = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /** Number of entries, sent or not. */
  get length(): number {
    return this.count;
  }

  /** Entries whose reply is decoded whole (kind value or control). */
  get wantingWhole(): number {
    return this.wholeCount;
  }

  /** Entries enqueued since the last `markSent`. */
  get unsent(): number {
    return this.unsentCount;
  }

  /** Current capacity (grows by doubling). */
  get capacity(): number {
    return this.tags.length;
  }

  /** Appends an entry whose send time is not known yet. */
  push(tag: number, intendedUs: number, kind: EntryKind): void {
    if (this.count === this.tags.length) this.grow();
    const i = (this.head + this.count) & (this.tags.length - 1);
    this.tags[i] = tag;
    this.intended[i] = intendedUs;
    this.sent[i] = Number.NaN;
    this.kinds[i] = kind;
    if (kind !== EntryKind.count) this.wholeCount++;
    this.count++;
    this.unsentCount++;
  }

  /** Stamps `sentUs` on every entry pushed since the last call. */
  markSent(sentUs: number): void {
    const mask = this.tags.length - 1;
    for (let k = this.count - this.unsentCount; k < this.count; k++) this.sent[(this.head + k) & mask] = sentUs;
    this.unsentCount = 0;
  }

  /** Tag of the head entry; call only when length > 0. */
  headTag(): number {
    return this.tags[this.head] ?? 0;
  }

  /** Intended start of the head entry (us). */
  headIntended(): number {
    return this.intended[this.head] ?? 0;
  }

  /** Send time of the head entry (us); NaN when it was not flushed yet. */
  headSent(): number {
    return this.sent[this.head] ?? Number.NaN;
  }

  /** Kind of the head entry. */
  headKind(): EntryKind {
    return (this.kinds[this.head] ?? 0) as EntryKind;
  }

  /** Removes the head entry. */
  shift(): void {
    if (this.count === 0) return;
    if (this.kinds[this.head] !== EntryKind.count) this.wholeCount--;
    this.head = (this.head + 1) & (this.tags.length - 1);
    this.count--;
    if (this.unsentCount > this.count) this.unsentCount = this.count;
  }

  /** Drops the `n` most recently pushed entries (commands that were never written). */
  dropTail(n: number): void {
    const k = Math.min(n, this.count);
    const mask = this.tags.length - 1;
    for (let j = this.count - k; j < this.count; j++) if (this.kinds[(this.head + j) & mask] !== EntryKind.count) this.wholeCount--;
    this.count -= k;
    this.unsentCount = Math.max(0, this.unsentCount - k);
  }

  private grow(): void {
    const oldCap = this.tags.length;
    const newCap = oldCap * 2;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      for (let k = 0; k < this.count; k++) to[k] = from[(this.head + k) & (oldCap - 1)] ?? 0;
      return to;
    };
    this.tags = copy(this.tags, new Int32Array(newCap));
    this.intended = copy(this.intended, new Float64Array(newCap));
    this.sent = copy(this.sent, new Float64Array(newCap));
    this.kinds = copy(this.kinds, new Uint8Array(newCap));
    this.head = 0;
  }
}
