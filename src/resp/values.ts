/**
 * The value model of RESP2/RESP3 replies. Lossless: encodeValue(decode(x)) gives back the same
 * frames, so a value can be round-tripped in tests and served by fake servers.
 *
 * The common cases carry no wrapper: a bulk string is a Buffer, an array is a plain array, an
 * integer is a number (a bigint beyond Number.MAX_SAFE_INTEGER), a boolean is a boolean. Text
 * stays as bytes until someone asks for it, because most replies in a load test are never read.
 */

/** RESP3 simple string (`+OK`). */
export class SimpleString {
  constructor(readonly bytes: Buffer) {}
  /** The text, decoded as UTF-8. */
  toString(): string {
    return this.bytes.toString('utf8');
  }
}

/** Shared shape of simple errors (`-ERR ...`) and bulk errors (`!21\r\n...`). */
export abstract class ErrorReply {
  constructor(readonly bytes: Buffer) {}
  /** The whole error text, decoded as UTF-8. */
  get message(): string {
    return this.bytes.toString('utf8');
  }
  /** The error kind: the first word, by Redis convention upper case (ERR, WRONGTYPE, MOVED...). */
  get code(): string {
    const space = this.bytes.indexOf(0x20);
    return this.bytes.toString('utf8', 0, space < 0 ? this.bytes.length : space);
  }
  /** Same as message. */
  toString(): string {
    return this.message;
  }
}

/** RESP simple error (`-ERR unknown command`). */
export class SimpleError extends ErrorReply {}

/** RESP3 bulk error (`!<len>\r\n<bytes>\r\n`). */
export class BulkError extends ErrorReply {}

/** RESP3 double (`,3.14`, `,inf`, `,-inf`, `,nan`). Wrapped so it is never confused with an integer. */
export class Double {
  constructor(readonly value: number) {}
}

/** RESP3 big number (`(3492890328409238509324850943850943825024385`). */
export class BigNumber {
  constructor(readonly value: bigint) {}
}

/** RESP3 verbatim string (`=15\r\ntxt:Some string`): a three-byte format and the text bytes. */
export class VerbatimString {
  constructor(
    readonly format: string,
    readonly text: Buffer,
  ) {}
  /** The text (without the format prefix), decoded as UTF-8. */
  toString(): string {
    return this.text.toString('utf8');
  }
}

/** RESP3 map (`%`). Keys may be any value, so it is a list of pairs rather than a JS Map. */
export class RespMap {
  constructor(readonly entries: Array<[RespValue, RespValue]>) {}
  /** The value of the first entry whose key reads as `key` (bulk or simple string), if any. */
  get(key: string): RespValue | undefined {
    for (const [k, v] of this.entries) {
      if (asString(k) === key) return v;
    }
    return undefined;
  }
}

/** RESP3 set (`~`). Kept as a list: members may be aggregates, which a JS Set cannot compare. */
export class RespSet {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 push (`>`): out-of-band data such as pub/sub messages and client-side caching invalidations. */
export class RespPush {
  constructor(readonly items: RespValue[]) {}
}

/** A value preceded by a RESP3 attribute (`|`); the attribute describes the value that follows it. */
export class Attributed {
  constructor(
    readonly attributes: RespMap,
    readonly value: RespValue,
  ) {}
}

/**
 * The three nulls. RESP2 has a null bulk (`$-1`) and a null array (`*-1`), RESP3 has `_`; they
 * are distinct singletons so a round trip is exact. Test with `isNull(v)`, or compare to them.
 */
export class RespNull {
  private constructor(
    /** The type byte of the frame: 0x24 `$`, 0x2a `*` or 0x5f `_`. */
    readonly type: 0x24 | 0x2a | 0x5f,
  ) {}
  static readonly bulk = Object.freeze(new RespNull(0x24));
  static readonly array = Object.freeze(new RespNull(0x2a));
  static readonly resp3 = Object.freeze(new RespNull(0x5f));
}

/** `$-1` */
export const NULL_BULK: RespNull = RespNull.bulk;
/** `*-1` */
export const NULL_ARRAY: RespNull = RespNull.array;
/** `_` */
export const NULL: RespNull = RespNull.resp3;

/** Every value the decoder can produce. */
export type RespValue =
  | Buffer
  | number
  | bigint
  | boolean
  | SimpleString
  | SimpleError
  | BulkError
  | Double
  | BigNumber
  | VerbatimString
  | RespValue[]
  | RespMap
  | RespSet
  | RespPush
  | Attributed
  | RespNull;

/** True for any of the three nulls. */
export function isNull(v: RespValue): v is RespNull {
  return v instanceof RespNull;
}

/** True for a simple or bulk error reply. */
export function isErrorReply(v: RespValue): v is ErrorReply {
  return v instanceof ErrorReply;
}

/** The text of a string-like or numeric scalar (decoded as UTF-8); null for nulls and aggregates. */
export function asString(v: RespValue): string | null {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof SimpleString || v instanceof VerbatimString || v instanceof ErrorReply) return v.toString();
  if (v instanceof Double || v instanceof BigNumber) return String(v.value);
  if (v instanceof Attributed) return asString(v.value);
  return null;
}
