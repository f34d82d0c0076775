/**
 * Streaming RESP2/RESP3 decoder, one per connection.
 *
 * It is an explicit state machine so that a frame split anywhere (even between \r and \n)
 * resumes where it stopped without looking at consumed bytes again; nesting lives in an
 * AggregateStack, not in recursion.
 *
 * Count mode builds nothing: it finds where each top-level reply ends and reports its type. Value
 * mode builds RespValues, with bulk strings as views of the chunk when they lie inside one chunk.
 */
import { AggregateStack, buildAggregate, toMap } from './aggregate-stack.js';
import { RespProtocolError } from './errors.js';
import { LINE_KIND, LineKind } from './line-kinds.js';
import { checkNullLine, parseBigNumber, parseBoolean, parseDouble, parseInteger, parseLength } from './line-parsers.js';
import type { ReplySink, RespDecoderOptions } from './reply-sink.js';
import { RespType as T } from './types.js';
import {
  BigNumber,
  BulkError,
  Double,
  NULL,
  NULL_ARRAY,
  NULL_BULK,
  SimpleError,
  SimpleString,
  VerbatimString,
  type RespValue,
} from './values.js';

export type { ReplySink, RespDecoderOptions } from './reply-sink.js';

const CR = 13;
const LF = 10;

// States of the machine between bytes.
const ST_TYPE = 0; // expecting a type byte
const ST_LINE = 1; // inside a header line, looking for \r
const ST_LINE_LF = 2; // saw the line's \r as the last byte of a chunk
const ST_BODY = 3; // inside a bulk body
const ST_BODY_CR = 4; // body done, expecting \r
const ST_BODY_LF = 5; // body done, expecting \n

/** Numeric header lines are a few bytes; a longer one is garbage, not something to buffer. */
const MAX_NUMERIC_LINE = 64;
const EMPTY = Buffer.alloc(0);


/** Incremental RESP decoder; see the file comment. */
export class RespDecoder {
  /** May be switched between replies; read at the start of each top-level frame. */
  mode: 'count' | 'value';
  /** Text of the last top-level error reply ('-' or '!'), count mode. */
  lastError = '';
  /** Value of the last top-level integer reply, count mode (rounded if beyond 2^53). */
  lastInteger = 0;

  private readonly sink: ReplySink;
  private readonly hasWants: boolean;
  private readonly maxBulk: number;
  private readonly maxAggregate: number;
  private readonly maxDepth: number;

  private state = ST_TYPE;
  /** Absolute stream offset of byte 0 of the chunk being fed. */
  private base = 0;
  private failed: RespProtocolError | null = null;
  /** The current top-level frame is being built as a value. */
  private building = false;

  private frameType = 0; // type byte of the frame whose line or body is being read
  private frameStart = 0; // its absolute offset, for errors
  private keepLine = false; // the line's bytes are needed (value, validation or lastError)
  private lineLimit = 0;
  private lineBuf: Buffer = Buffer.allocUnsafe(MAX_NUMERIC_LINE);
  private lineLen = 0; // bytes of a split line copied to lineBuf so far

  private bodyLen = 0;
  private bodyLeft = 0;
  private keepBody = false;
  private bodyBuf: Buffer | null = null; // only for a kept body split across chunks

  private readonly stack = new AggregateStack();

  constructor(sink: ReplySink, options: RespDecoderOptions = {}) {
    this.sink = sink;
    this.hasWants = typeof sink.wantsValue === 'function';
    this.mode = options.mode ?? 'count';
    this.maxBulk = Math.min(options.maxBulkLength ?? 512 * 1024 * 1024, Number.MAX_SAFE_INTEGER);
    this.maxAggregate = Math.min(options.maxAggregateLength ?? 2 ** 32 - 1, Number.MAX_SAFE_INTEGER);
    this.maxDepth = options.maxDepth ?? 100_000;
  }

  /**
   * Consumes the first `length` bytes of `chunk` (all of it by default: a reused read buffer
   * passes its fill level instead of a view); replies reach the sink as they end. Throws
   * RespProtocolError (and whatever the sink throws, after which only reset() makes the decoder usable).
   */
  feed(chunk: Buffer, length = chunk.length): void {
    if (this.failed !== null) throw this.failed;
    try {
      this.run(chunk, length);
    } catch (err) {
      // After a protocol error nothing is known to start on a frame boundary: stay failed.
      if (err instanceof RespProtocolError) this.failed = err;
      throw err;
    }
    this.base += length;
  }

  /** Forgets all state (for a new connection); offsets count from zero again. */
  reset(): void {
    this.state = ST_TYPE;
    this.base = 0;
    this.failed = null;
    this.building = false;
    this.lineLen = 0;
    this.bodyBuf = null;
    this.stack.clear();
    this.lastError = '';
    this.lastInteger = 0;
  }

  private run(chunk: Buffer, end: number): void {
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case ST_TYPE:
          pos = this.stack.depth === 0 ? this.topFrame(chunk, pos, end) : this.startFrame(chunk, pos, end);
          break;
        case ST_LINE:
          pos = this.readLine(chunk, pos, end);
          break;
        case ST_LINE_LF:
          this.expect(chunk, pos, LF);
          this.state = ST_TYPE;
          this.lineDone(this.lineBuf, 0, this.lineLen);
          pos++;
          break;
        case ST_BODY:
          pos = this.readBody(chunk, pos, end);
          break;
        case ST_BODY_CR:
          this.expect(chunk, pos, CR);
          this.state = ST_BODY_LF;
          pos++;
          break;
        default: {
          this.expect(chunk, pos, LF);
          this.state = ST_TYPE;
          const body = this.keepBody ? (this.bodyBuf ?? EMPTY) : null;
          this.bodyBuf = null;
          this.bodyDone(body);
          pos++;
        }
      }
    }
  }

  /** A top-level frame starts: decide value or count, and take the common `$n` and `+OK` replies in one go. */
  private topFrame(chunk: Buffer, pos: number, end: number): number {
    const t = chunk[pos]!;
    if (this.mode === 'value' || this.stack.topHasAttributes()) this.building = true;
    else this.building = this.hasWants && t !== T.attribute && this.sink.wantsValue!() === true;
    if (t === T.simpleString && !this.building) {
      // Counted status reply (+OK, +QUEUED, +PONG) whole in this chunk: nothing to keep.
      let p = pos + 1;
      while (p < end && chunk[p] !== CR) p++;
      if (p + 1 < end && chunk[p + 1] === LF) {
        this.sink.onReply(T.simpleString, false);
        return p + 2;
      }
      return this.startFrame(chunk, pos, end);
    }
    if (t === T.bulkString) {
      // Fast path: header, body and trailing \r\n all inside this chunk. Anything unusual
      // (split, malformed, too long) falls through to the general machine, which consumed nothing yet.
      let p = pos + 1;
      let n = 0;
      let c = 0;
      while (p < end) {
        c = chunk[p]!;
        if (c < 0x30 || c > 0x39) break;
        n = n * 10 + (c - 0x30);
        p++;
      }
      if (c === CR && p > pos + 1 && p + 1 < end && chunk[p + 1] === LF && n <= this.maxBulk) {
        const s = p + 2;
        const e = s + n;
        if (e + 1 < end && chunk[e] === CR && chunk[e + 1] === LF) {
          if (!this.building) this.sink.onReply(T.bulkString, false);
          else if (this.stack.topHasAttributes()) this.endValue(chunk.subarray(s, e));
          else {
            this.building = false;
            this.sink.onValue(chunk.subarray(s, e));
          }
          return e + 2;
        }
      }
    }
    return this.startFrame(chunk, pos, end);
  }

  private startFrame(chunk: Buffer, pos: number, end: number): number {
    const t = chunk[pos]!;
    this.frameType = t;
    this.frameStart = this.base + pos;
    const kind = LINE_KIND[t]!;
    if (kind === LineKind.unknown) throw new RespProtocolError(`unknown type byte 0x${t.toString(16).padStart(2, '0')}`, this.frameStart);
    // Count mode needs a text line only for the top-level error; numbers are always validated.
    this.keepLine = kind !== LineKind.text || t === T.bigNumber || this.building || (t === T.simpleError && this.stack.depth === 0);
    this.lineLimit = kind === LineKind.text ? this.maxBulk : MAX_NUMERIC_LINE;
    this.state = ST_LINE;
    this.lineLen = 0;
    return this.readLine(chunk, pos + 1, end);
  }

  private readLine(chunk: Buffer, pos: number, end: number): number {
    let p = pos;
    while (p < end && chunk[p] !== CR) p++;
    if (p === end) {
      this.appendLine(chunk, pos, end);
      return end;
    }
    if (p + 1 === end) {
      this.appendLine(chunk, pos, p);
      this.state = ST_LINE_LF;
      return end;
    }
    this.expect(chunk, p + 1, LF);
    this.state = ST_TYPE;
    if (this.lineLen === 0) this.lineDone(chunk, pos, p);
    else {
      this.appendLine(chunk, pos, p);
      this.lineDone(this.lineBuf, 0, this.lineLen);
    }
    return p + 2;
  }

  /** Keeps the part of a split line that is in this chunk (only when its bytes matter). */
  private appendLine(chunk: Buffer, start: number, end: number): void {
    if (!this.keepLine || start === end) return;
    const len = this.lineLen + (end - start);
    if (len > this.lineLimit) throw new RespProtocolError(`header line longer than ${this.lineLimit} bytes`, this.frameStart);
    if (len > this.lineBuf.length) {
      const grown = Buffer.allocUnsafe(Math.max(len, this.lineBuf.length * 2));
      this.lineBuf.copy(grown, 0, 0, this.lineLen);
      this.lineBuf = grown;
    }
    chunk.copy(this.lineBuf, this.lineLen, start, end);
    this.lineLen = len;
  }

  /** A header line is complete: its payload is buf[start, end). */
  private lineDone(buf: Buffer, start: number, end: number): void {
    const t = this.frameType;
    const abs = this.frameStart + 1;
    switch (t) {
      case T.bulkString:
      case T.bulkError:
      case T.verbatim: {
        const n = parseLength(buf, start, end, abs);
        if (n < 0) {
          if (t !== T.bulkString) throw new RespProtocolError('length -1 is only allowed for $ and *', abs);
          return this.building ? this.endValue(NULL_BULK) : this.endCount(t, true);
        }
        if (n > this.maxBulk) throw new RespProtocolError(`bulk length ${n} above the maximum ${this.maxBulk}`, this.frameStart);
        this.bodyLen = this.bodyLeft = n;
        this.bodyBuf = null;
        this.keepBody = this.building || (t === T.bulkError && this.stack.depth === 0);
        this.state = ST_BODY;
        return;
      }
      case T.array:
      case T.map:
      case T.set:
      case T.push:
      case T.attribute: {
        const n = parseLength(buf, start, end, abs);
        if (n < 0) {
          if (t !== T.array) throw new RespProtocolError('length -1 is only allowed for $ and *', abs);
          return this.building ? this.endValue(NULL_ARRAY) : this.endCount(t, true);
        }
        if (n > this.maxAggregate) {
          throw new RespProtocolError(`aggregate length ${n} above the maximum ${this.maxAggregate}`, this.frameStart);
        }
        const children = t === T.map || t === T.attribute ? n * 2 : n;
        if (children > 0) return this.open(t, children);
        if (!this.building) return this.endCount(t, false);
        if (t !== T.attribute) return this.endValue(buildAggregate(t, []));
        return this.stack.addAttribute(toMap([]));
      }
      case T.integer: {
        const v = parseInteger(buf, start, end, abs);
        if (this.building) return this.endValue(v);
        if (this.stack.depth === 0) this.lastInteger = Number(v);
        return this.endCount(t, false);
      }
      case T.simpleString:
        return this.building ? this.endValue(new SimpleString(this.own(buf, start, end))) : this.endCount(t, false);
      case T.simpleError:
        if (this.building) return this.endValue(new SimpleError(this.own(buf, start, end)));
        if (this.stack.depth === 0) this.lastError = buf.toString('utf8', start, end);
        return this.endCount(t, false);
      case T.double: {
        const v = parseDouble(buf, start, end, abs);
        return this.building ? this.endValue(new Double(v)) : this.endCount(t, false);
      }
      case T.boolean: {
        const v = parseBoolean(buf, start, end, abs);
        return this.building ? this.endValue(v) : this.endCount(t, false);
      }
      case T.bigNumber: {
        const v = parseBigNumber(buf, start, end, abs);
        return this.building ? this.endValue(new BigNumber(v)) : this.endCount(t, false);
      }
      default:
        checkNullLine(start, end, abs);
        return this.building ? this.endValue(NULL) : this.endCount(t, true);
    }
  }

  /** Bytes for a value: a view of the chunk, or a copy when they sit in the reused line buffer. */
  private own(buf: Buffer, start: number, end: number): Buffer {
    return buf === this.lineBuf ? Buffer.from(buf.subarray(start, end)) : buf.subarray(start, end);
  }

  private readBody(chunk: Buffer, pos: number, end: number): number {
    const left = this.bodyLeft;
    const avail = end - pos;
    if (left === this.bodyLen && avail >= left + 2) {
      // Whole body and its \r\n in this chunk: a view, no copy.
      const e = pos + left;
      this.expect(chunk, e, CR);
      this.expect(chunk, e + 1, LF);
      this.state = ST_TYPE;
      this.bodyDone(this.keepBody ? chunk.subarray(pos, e) : null);
      return e + 2;
    }
    const take = left < avail ? left : avail;
    if (this.keepBody) {
      // Split across chunks: one copy into a body-sized buffer.
      if (this.bodyBuf === null) this.bodyBuf = Buffer.allocUnsafe(this.bodyLen);
      chunk.copy(this.bodyBuf, this.bodyLen - left, pos, pos + take);
    }
    this.bodyLeft = left - take;
    if (this.bodyLeft === 0) this.state = ST_BODY_CR;
    return pos + take;
  }

  /** A bulk-like body is complete; `body` is null when its bytes were skipped. */
  private bodyDone(body: Buffer | null): void {
    const t = this.frameType;
    if (t === T.bulkString) {
      if (this.building) this.endValue(body!);
      else this.endCount(t, false);
    } else if (t === T.bulkError) {
      if (this.building) this.endValue(new BulkError(body!));
      else {
        if (this.stack.depth === 0) this.lastError = body!.toString('utf8');
        this.endCount(t, false);
      }
    } else if (this.building) {
      // Verbatim: "fmt:" then the text. Count mode skips the body, so only value mode checks it.
      if (body!.length < 4 || body![3] !== 0x3a) throw new RespProtocolError('verbatim string without "xxx:" format', this.frameStart);
      this.endValue(new VerbatimString(body!.toString('latin1', 0, 3), body!.subarray(4)));
    } else this.endCount(t, false);
  }

  private open(type: number, children: number): void {
    if (this.stack.depth >= this.maxDepth) throw new RespProtocolError(`nesting deeper than ${this.maxDepth}`, this.frameStart);
    this.stack.open(type, children, this.building);
  }

  /** Count mode: a value of `type` ended; report the top-level reply if it completed one. */
  private endCount(type: number, isNull: boolean): void {
    if (this.stack.depth === 0) {
      if (type !== T.attribute) this.sink.onReply(type, isNull);
      return;
    }
    const top = this.stack.endCounted(type);
    if (top >= 0) this.sink.onReply(top, false);
  }

  /** Value mode: `value` ended; deliver the top-level value if it completed one. */
  private endValue(value: RespValue): void {
    const top = this.stack.endValue(value);
    if (top !== undefined) {
      this.building = false;
      this.sink.onValue(top);
    }
  }

  private expect(chunk: Buffer, pos: number, byte: number): void {
    if (chunk[pos] !== byte) {
      const what = byte === CR ? '\\r' : '\\n';
      throw new RespProtocolError(`expected ${what}, got 0x${chunk[pos]!.toString(16).padStart(2, '0')}`, this.base + pos);
    }
  }
}
