/**
 * Command encoder: writes RESP arrays of bulk strings straight into one growing slab, so a
 * flush of many commands costs one Buffer and one socket.write, and no argument allocates.
 *
 * take() hands out a view of the slab and never writes over it again: when the slab is full a
 * fresh one is started (carrying over only the bytes not yet taken), so a Buffer still queued in
 * a socket stays intact without a copy. The exceptions come from the slab's owner, who alone
 * knows when nothing taken is still needed: after releaseTaken() the slab is written over from its
 * start (at once when nothing is pending, otherwise once it is full); restartIfEmpty() starts it
 * over at that moment only (a cluster router, whose resend ranges come and go).
 *
 * Large arguments whose bytes do not change until they are sent (value pool views, another
 * encoder's taken bytes) are not copied at all: argShared/rawShared cut the pending bytes there and
 * keep a reference, and takeParts() hands the pieces to one socket writev. Copying a 64 KB value
 * into a fresh slab per command cost more than the write itself (page faults of the new memory).
 */
import { digitCount, writeUint } from '../shared/digits.js';
import { copyBytes } from './byte-copy.js';

export { encodeValue, type EncodableValue } from './value-encoder.js';

const CR = 13;
const LF = 10;
const DOLLAR = 0x24;
const STAR = 0x2a;
/** Strings shorter than this are written by a JS loop; longer ones by the native UTF-8 writer. */
const SHORT_STRING = 64;
/** Room for a header: type byte, up to 16 digits, \r\n. */
const HEADER_ROOM = 20;
/**
 * Shared arguments at least this long are referenced instead of copied. At 4 KB referencing beat
 * copying (SET 4 KB P16: 12.8 -> 10.5 us of client CPU per command in bench:peers); smaller values
 * stay copies, since each reference is one more piece for Node's writev. Not tuned below 4 KB.
 */
export const BY_REFERENCE_BYTES = 4 * 1024;

/** Builds pipelines of commands in one buffer; see the file comment. */
export class CommandEncoder {
  private buf: Buffer;
  private start = 0; // first byte not yet taken
  private pos = 0; // next byte to write
  /** Referenced arguments and the slab pieces between them, in order, before buf[start, pos). */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Set by releaseTaken(): no byte taken from this slab is still needed, so it may be written over. */
  private takenReleased = false;

  /**
   * `byReference: false` makes argShared and rawShared copy like argBuffer and rawRange: for an
   * encoder whose bytes are read back as one Buffer (a router's staging encoder).
   */
  constructor(
    initialBytes = 16 * 1024,
    private readonly byReference = true,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialBytes));
  }

  /** Bytes written since the last take(), referenced ones included. */
  get length(): number {
    return this.partBytes + this.pos - this.start;
  }

  /** True when something written since the last take is held by reference (send with takeParts). */
  get hasParts(): boolean {
    return this.parts.length > 0;
  }

  /** Starts a command of argc arguments (writes *argc\r\n). */
  command(argc: number): this {
    this.ensure(HEADER_ROOM);
    this.pos = writeHeader(this.buf, this.pos, STAR, argc);
    return this;
  }

  /** A string argument, UTF-8, written in place. */
  arg(s: string): this {
    const n = s.length;
    if (n < SHORT_STRING) {
      this.ensure(n + HEADER_ROOM + 2);
      const mark = this.pos;
      const buf = this.buf;
      let p = writeHeader(buf, mark, DOLLAR, n);
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === n) {
        buf[p] = CR;
        buf[p + 1] = LF;
        this.pos = p + 2;
        return this;
      }
      // Not ASCII: the header's length was wrong; start again the general way.
      this.pos = mark;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.ensure(bytes + HEADER_ROOM + 2);
    this.pos = writeHeader(this.buf, this.pos, DOLLAR, bytes);
    // Equal lengths mean every character took one byte, i.e. ASCII, and latin1 writes it faster.
    this.pos += this.buf.write(s, this.pos, bytes, bytes === n ? 'latin1' : 'utf8');
    this.crlf();
    return this;
  }

  /** A numeric argument (integer or float), written in place as Redis parses it. */
  argNumber(n: number): this {
    if (Number.isSafeInteger(n)) {
      this.ensure(2 * HEADER_ROOM);
      const buf = this.buf;
      const magnitude = n < 0 ? -n : n;
      let p = writeHeader(buf, this.pos, DOLLAR, digitCount(magnitude) + (n < 0 ? 1 : 0));
      if (n < 0) buf[p++] = 0x2d;
      p = writeUint(buf, p, magnitude);
      buf[p] = CR;
      buf[p + 1] = LF;
      this.pos = p + 2;
      return this;
    }
    if (Number.isNaN(n)) throw new RangeError('argNumber: NaN is not a number Redis accepts');
    return this.arg(n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n));
  }

  /** A binary argument, copied in. The hottest writer: positions stay in locals throughout. */
  argBuffer(b: Uint8Array): this {
    const n = b.length;
    if (this.pos + n + HEADER_ROOM + 2 > this.buf.length) this.ensure(n + HEADER_ROOM + 2);
    const buf = this.buf;
    const p = copyBytes(buf, writeHeader(buf, this.pos, DOLLAR, n), b);
    buf[p] = CR;
    buf[p + 1] = LF;
    this.pos = p + 2;
    return this;
  }

  /**
   * The command's first key (the one a cluster picks the node by), copied in like argBuffer: a
   * router's writer (client/cluster/routed-writer.ts) sends the rest of the command straight to
   * that node; here it is just an argument.
   */
  argKey(b: Uint8Array): this {
    return this.argBuffer(b);
  }

  /**
   * A binary argument whose bytes stay unchanged until they are sent (a value pool view): a long
   * one is referenced, not copied; a short one is copied as argBuffer does.
   */
  argShared(b: Uint8Array): this {
    const n = b.length;
    if (n < BY_REFERENCE_BYTES || !this.byReference) return this.argBuffer(b);
    if (this.pos + 2 * HEADER_ROOM > this.buf.length) this.ensure(2 * HEADER_ROOM);
    this.pos = writeHeader(this.buf, this.pos, DOLLAR, n);
    this.cut(b);
    this.crlf();
    return this;
  }

  /**
   * Like rawRange(), for bytes that stay unchanged until they are sent (another encoder's taken
   * bytes): a long range is referenced, not copied.
   */
  rawShared(src: Uint8Array, start: number, end: number): this {
    if (end - start < BY_REFERENCE_BYTES || !this.byReference) return this.rawRange(src, start, end);
    this.cut(src.subarray(start, end));
    return this;
  }

  /** Bytes already in RESP form (a command header, whole bulk arguments, or whole commands routed here from elsewhere), copied in as they are. */
  raw(b: Uint8Array): this {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.ensure(n);
    this.pos = copyBytes(this.buf, this.pos, b);
    return this;
  }

  /** Like raw(), for `src[start, end)` (a command routed out of another encoder's bytes), without a view. */
  rawRange(src: Uint8Array, start: number, end: number): this {
    const n = end - start;
    if (this.pos + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    const p = this.pos;
    if (n > 64) buf.set(src.subarray(start, end), p);
    else for (let i = 0; i < n; i++) buf[p + i] = src[start + i]!;
    this.pos = p + n;
    return this;
  }

  /**
   * Returns everything written since the last take() (never overwritten later) as one Buffer and
   * starts afresh. Referenced pieces are joined by a copy: a socket writer uses takeParts().
   */
  take(): Buffer {
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    this.takenReleased = false;
    if (this.parts.length === 0) return out;
    const parts = this.takePieces(out);
    return Buffer.concat(parts);
  }

  /**
   * Like take(), without making a view: `span` gets the slab and the range of everything written
   * since the last take (never overwritten later). For routers that read commands back in place;
   * an encoder holding references (see argShared) cannot give one range and throws.
   */
  takeSpan(span: { buf: Buffer; start: number; end: number }): void {
    if (this.parts.length > 0) throw new Error('takeSpan: the encoder holds referenced bytes (build it with byReference false)');
    span.buf = this.buf;
    span.start = this.start;
    span.end = this.pos;
    this.start = this.pos;
    this.takenReleased = false;
  }

  /**
   * Moves what was written since `mark` (an earlier `length`, not taken since) to the end of
   * `dest`, as if it had been written there, and forgets it here.
   */
  moveSince(mark: number, dest: CommandEncoder): void {
    const from = this.bytesSince(mark);
    dest.rawRange(this.buf, from, this.pos);
    this.pos = from;
  }

  /**
   * Sets `span` to the bytes written since `mark` (an earlier `length`): one range of the slab,
   * never overwritten later, so a router may keep it to send the command again. Only for bytes
   * written by copy (no argShared/rawShared reference since the mark).
   */
  spanSince(mark: number, span: { buf: Buffer; start: number; end: number }): void {
    span.buf = this.buf;
    span.start = this.bytesSince(mark);
    span.end = this.pos;
  }

  private bytesSince(mark: number): number {
    const from = this.pos - (this.length - mark);
    if (from < this.start || mark > this.length) throw new RangeError('the encoder holds referenced bytes since the mark, or the mark was taken');
    return from;
  }

  /** Like take(), as the pieces to write in order (one writev), without joining them. */
  takeParts(): Buffer[] {
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    this.takenReleased = false;
    return this.takePieces(out);
  }

  private takePieces(tail: Buffer): Buffer[] {
    const parts = this.parts;
    if (tail.length > 0) parts.push(tail);
    this.parts = [];
    this.partBytes = 0;
    return parts;
  }

  /** Ends the slab piece at the write position and appends `b` by reference. */
  private cut(b: Uint8Array): void {
    const pending = this.pos - this.start;
    if (pending > 0) {
      this.parts.push(this.buf.subarray(this.start, this.pos));
      this.partBytes += pending;
      this.start = this.pos;
    }
    this.parts.push(b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.length));
    this.partBytes += b.length;
  }

  /**
   * Says that every byte taken so far has been used up (a socket passed it all to the kernel) and
   * nobody keeps a view of it: when the slab is full, the encoder writes over it instead of
   * starting a new one. Only the slab's owner can know; a router that keeps ranges of its
   * commands to send them again must never call it. Any take() after it ends the permission.
   *
   * With nothing written since the last take, the slab starts over at once: a connection whose
   * socket keeps up then writes every flush from the slab's first bytes and never fills it. Why
   * now and not when full: the first full slab came seconds into a slow phase (an open model at
   * 400 commands/s a connection fills 64 KB in about 4 s), and argBuffer, optimised without ever
   * having grown a slab, was thrown away there and compiled again on the load's CPU
   * (`--trace-deopt`: "Insufficient type feedback" at its ensure call; 74-185 sends over 1 ms late
   * there at 20k/s, pinned; 0-30 after).
   */
  releaseTaken(): void {
    this.takenReleased = true;
    this.restartIfEmpty();
  }

  /**
   * With nothing pending, starts the slab over now: for an owner that knows no byte taken from it
   * is still needed at this moment (the kernel has them, and no range is kept for a resend).
   * Unlike releaseTaken it grants nothing for later: a cluster router keeps ranges of the commands
   * it wrote straight to a node and knows only at moments that none is left.
   */
  restartIfEmpty(): void {
    if (this.pos === this.start && this.parts.length === 0) {
      this.start = 0;
      this.pos = 0;
    }
  }

  /** Makes room for `n` more bytes, starting a new slab when this one is full. */
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const pending = this.pos - this.start;
    // Why reuse: a new 64 KB slab every few milliseconds (SET P1: 7 MB/s) is memory outside V8's
    // heap, and that much of it makes V8 run a full collection ("external memory pressure")
    // about every 8 s, 5 ms of the worker's time each. Pending pieces held in `parts` are views
    // of this slab, so only when there are none.
    if (this.takenReleased && this.parts.length === 0 && pending + n <= this.buf.length) {
      this.buf.copyWithin(0, this.start, this.pos);
      this.start = 0;
      this.pos = pending;
      return;
    }
    // Keep the slab size; double it only when one flush's worth of commands does not fit.
    let capacity = this.buf.length;
    while (capacity < pending + n) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = pending;
  }

  private crlf(): void {
    this.buf[this.pos] = CR;
    this.buf[this.pos + 1] = LF;
    this.pos += 2;
  }
}

/** Writes `type`, the decimal `n` (>= 0) and \r\n at `pos`; returns the position after them. */
function writeHeader(buf: Uint8Array, pos: number, type: number, n: number): number {
  buf[pos] = type;
  let p: number;
  if (n < 10) {
    buf[pos + 1] = 0x30 + n;
    p = pos + 2;
  } else {
    p = writeUint(buf, pos + 1, n);
  }
  buf[p] = CR;
  buf[p + 1] = LF;
  return p + 2;
}

const shared = new CommandEncoder();

/** One command as RESP bytes (an array of bulk strings). */
export function encodeCommand(args: ReadonlyArray<string | number | Uint8Array>): Buffer {
  try {
    shared.command(args.length);
    for (const a of args) {
      if (typeof a === 'string') shared.arg(a);
      else if (typeof a === 'number') shared.argNumber(a);
      else shared.argBuffer(a);
    }
  } catch (err) {
    shared.take(); // drop the half-written command so the next call starts clean
    throw err;
  }
  return shared.take();
}
