/**
 * Encodes RespValues as a server would send them, for round-trip tests and in-process fake
 * servers. Not on any hot path: clarity over speed. Iterative, so any depth the decoder accepts
 * can also be produced.
 */
import { RespType as T } from './types.js';
import {
  Attributed,
  BigNumber,
  BulkError,
  Double,
  RespMap,
  RespNull,
  RespPush,
  RespSet,
  SimpleError,
  SimpleString,
  VerbatimString,
  type RespValue,
} from './values.js';

/** What encodeValue accepts: any RespValue, plus `null` (a null) and a JS string (a bulk string). */
export type EncodableValue = RespValue | null | string;

/**
 * The RESP bytes of `value`. Protocol 3 (default) keeps every type; protocol 2 maps RESP3-only
 * types the way Redis does for RESP2 clients (map → flat array, double → bulk string, ...).
 */
export function encodeValue(value: EncodableValue, protocol: 2 | 3 = 3): Buffer {
  const out = new Output();
  const todo: EncodableValue[] = [value];
  while (todo.length > 0) {
    const v = todo.pop()!;
    if (v === null) out.line(protocol === 3 ? '_' : '$-1');
    else if (typeof v === 'string') out.bulk(T.bulkString, Buffer.from(v, 'utf8'));
    else if (v instanceof Uint8Array) out.bulk(T.bulkString, v);
    else if (typeof v === 'number') out.line(`:${integerText(v)}`);
    else if (typeof v === 'bigint') out.line(`:${v}`);
    else if (typeof v === 'boolean') out.line(protocol === 3 ? (v ? '#t' : '#f') : v ? ':1' : ':0');
    else if (Array.isArray(v)) pushAggregate(out, todo, '*', v.length, v);
    else if (v instanceof RespMap) pushAggregate(out, todo, protocol === 3 ? '%' : '*', protocol === 3 ? v.entries.length : v.entries.length * 2, pairs(v.entries));
    else if (v instanceof RespSet) pushAggregate(out, todo, protocol === 3 ? '~' : '*', v.items.length, v.items);
    else if (v instanceof RespPush) pushAggregate(out, todo, protocol === 3 ? '>' : '*', v.items.length, v.items);
    else if (v instanceof Attributed) {
      // RESP2 has no attributes: the value goes alone.
      todo.push(v.value);
      if (protocol === 3) pushAggregate(out, todo, '|', v.attributes.entries.length, pairs(v.attributes.entries));
    } else if (v instanceof RespNull) out.line(protocol === 2 && v.type === T.null ? '$-1' : nullText(v.type));
    else if (v instanceof SimpleString) out.prefixed('+', v.bytes);
    else if (v instanceof SimpleError) out.prefixed('-', v.bytes);
    else if (v instanceof BulkError) {
      if (protocol === 3) out.bulk(T.bulkError, v.bytes);
      else out.prefixed('-', v.bytes);
    } else if (v instanceof Double) {
      const text = doubleText(v.value);
      if (protocol === 3) out.line(`,${text}`);
      else out.bulk(T.bulkString, Buffer.from(text, 'latin1'));
    } else if (v instanceof BigNumber) {
      if (protocol === 3) out.line(`(${v.value}`);
      else out.bulk(T.bulkString, Buffer.from(String(v.value), 'latin1'));
    } else if (v instanceof VerbatimString) {
      if (protocol === 3) out.bulk(T.verbatim, Buffer.concat([Buffer.from(`${v.format.padEnd(3).slice(0, 3)}:`, 'latin1'), v.text]));
      else out.bulk(T.bulkString, v.text);
    } else throw new TypeError(`encodeValue: not a RESP value: ${String(v)}`);
  }
  return out.result();
}

/** Writes an aggregate header and schedules its children, first child on top of the stack. */
function pushAggregate(out: Output, todo: EncodableValue[], type: string, count: number, children: readonly RespValue[]): void {
  out.line(`${type}${count}`);
  for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]!);
}

function pairs(entries: ReadonlyArray<[RespValue, RespValue]>): RespValue[] {
  const flat: RespValue[] = [];
  for (const [k, v] of entries) flat.push(k, v);
  return flat;
}

/** RESP3 double text: `inf`, `-inf`, `nan`, and `-0` kept distinct from `0`. */
function doubleText(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0 && 1 / d < 0) return '-0';
  return String(d);
}

function integerText(n: number): string {
  if (!Number.isInteger(n)) throw new TypeError(`encodeValue: ${n} is not an integer (wrap doubles in Double)`);
  // Beyond 2^53 String() may use exponent notation, which is not a RESP integer.
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

function nullText(type: number): string {
  return type === T.bulkString ? '$-1' : type === T.array ? '*-1' : '_';
}

/** Collects the pieces of the encoding and joins them once. */
class Output {
  private readonly parts: Uint8Array[] = [];
  private static readonly CRLF = Buffer.from('\r\n', 'latin1');

  line(text: string): void {
    this.parts.push(Buffer.from(`${text}\r\n`, 'latin1'));
  }

  prefixed(type: string, bytes: Uint8Array): void {
    this.parts.push(Buffer.from(type, 'latin1'), bytes, Output.CRLF);
  }

  bulk(type: number, bytes: Uint8Array): void {
    this.parts.push(Buffer.from(`${String.fromCharCode(type)}${bytes.length}\r\n`, 'latin1'), bytes, Output.CRLF);
  }

  result(): Buffer {
    return Buffer.concat(this.parts);
  }
}
