/**
 * Reads one RESP command (an array of bulk strings, as the encoder writes it) out of a buffer:
 * where it ends, its name, and the hash slot of its first key. The cluster router runs this on
 * the bytes a workload emitter already wrote, so routing needs no second copy of the arguments.
 */
import { keySlotOfBytes } from './key-slot.js';

/**
 * Where a command's first key is, by upper-case command name: n >= 1 is a fixed argument index
 * (the name is index 0); -n means "numkeys is argument n, the first key follows it when numkeys
 * is above 0" (EVAL, ZUNION); a name that is absent has no key (PING, PUBLISH).
 */
export type KeyPositions = Readonly<Record<string, number>>;

/** What scanCommand found; one instance is reused (read its fields before the next scan). */
export interface ScannedCommand {
  /** Offset just past the command. */
  end: number;
  /** Upper-case command name. */
  name: string;
  /** Slot of the first key, or -1 when the command has no key. */
  slot: number;
}

const STAR = 0x2a;
const DOLLAR = 0x24;

/** Scans the command at `offset` (bytes up to `limit`); throws a RangeError when they are not a whole command. */
export function scanCommand(buf: Uint8Array, offset: number, keys: KeyPositions, out: ScannedCommand, limit = buf.length): ScannedCommand {
  let p = offset;
  if (buf[p] !== STAR) throw new RangeError('not a RESP command array');
  let argc = 0;
  p++;
  while (buf[p] !== 0x0d) argc = argc * 10 + (buf[p++]! - 0x30);
  p += 2;
  let keyAt = 0;
  let numkeysAt = 0;
  out.slot = -1;
  out.name = '';
  for (let i = 0; i < argc; i++) {
    if (buf[p] !== DOLLAR) throw new RangeError('not a bulk string argument');
    let len = 0;
    p++;
    while (buf[p] !== 0x0d) len = len * 10 + (buf[p++]! - 0x30);
    p += 2;
    const start = p;
    p += len + 2;
    if (i === 0) {
      out.name = upperAscii(buf, start, start + len);
      const at = keys[out.name] ?? 0;
      if (at > 0) keyAt = at;
      else if (at < 0) numkeysAt = -at;
    } else if (i === keyAt) {
      out.slot = keySlotOfBytes(buf, start, start + len);
    } else if (i === numkeysAt) {
      if (parseUint(buf, start, start + len) > 0) keyAt = i + 1;
    }
  }
  if (p > limit) throw new RangeError('the command is cut short');
  out.end = p;
  return out;
}

/**
 * Command names, upper-cased, by a hash of their bytes: a workload sends a handful of names
 * millions of times, so each is built as a string once and found again without allocating.
 */
const NAME_CACHE = new Map<number, string>();

/** The name found last: a mix repeats a few names, so most commands match it without hashing. */
let lastName = '';

function upperAscii(buf: Uint8Array, start: number, end: number): string {
  if (sameName(lastName, buf, start, end)) return lastName;
  lastName = hashedName(buf, start, end);
  return lastName;
}

function hashedName(buf: Uint8Array, start: number, end: number): string {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ upper(buf[i]!), 0x01000193);
  const cached = NAME_CACHE.get(h);
  if (cached !== undefined && sameName(cached, buf, start, end)) return cached;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(upper(buf[i]!));
  if (NAME_CACHE.size < 1024) NAME_CACHE.set(h, s);
  return s;
}

function upper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

function sameName(name: string, buf: Uint8Array, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let i = start; i < end; i++) if (name.charCodeAt(i - start) !== upper(buf[i]!)) return false;
  return true;
}

function parseUint(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads back, one at a time and in order, the commands a load loop wrote into an encoder: the
 * routers (cluster slots, sentinel read/write split) take the encoder's bytes in place once per
 * batch (no view is made) and find where each command ends and what it is, without copying.
 */
export class WrittenCommands {
  /** The encoder's slab; the current command is buf[start, scan.end), the batch ends at `end`. */
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  readonly scan: ScannedCommand = { end: 0, name: '', slot: -1 };

  constructor(
    private readonly encoder: { takeSpan(span: { buf: Buffer; start: number; end: number }): void },
    private readonly keys: KeyPositions = {},
  ) {}

  /** Scans the next command written (call once per command, after it is written). */
  next(): ScannedCommand {
    if (this.scan.end >= this.end) {
      this.encoder.takeSpan(this);
      this.scan.end = this.start;
    }
    this.start = this.scan.end;
    return scanCommand(this.buf, this.start, this.keys, this.scan, this.end);
  }
}
