/**
 * Parsers for the payload of one RESP header line (the bytes between the type byte and \r\n).
 * Each takes the bytes as [start, end) of a buffer plus the absolute stream offset of `start`,
 * so an error can name the exact byte, whether the line came whole from one chunk or was
 * reassembled from several.
 */
import { RespProtocolError } from './errors.js';

const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;

/** Fifteen decimal digits always fit in a double exactly; beyond, the slow bigint path decides. */
const SAFE_DIGITS = 15;

/** A decimal length, or exactly `-1` (returned as -1, the RESP2 null). */
export function parseLength(buf: Uint8Array, start: number, end: number, abs: number): number {
  if (start === end) throw new RespProtocolError('empty length', abs);
  if (buf[start] === MINUS) {
    if (end - start === 2 && buf[start + 1] === 0x31) return -1;
    throw new RespProtocolError('negative length (only -1 is allowed)', abs);
  }
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c < ZERO || c > NINE) throw new RespProtocolError(`invalid byte 0x${hex(c)} in length`, abs + i - start);
    n = n * 10 + (c - ZERO);
    // Stop before precision is lost; any configured maximum is far below this.
    if (n > Number.MAX_SAFE_INTEGER) throw new RespProtocolError('length too large', abs);
  }
  return n;
}

/** A RESP integer: optional sign, then digits. A number when safe, a bigint beyond. */
export function parseInteger(buf: Uint8Array, start: number, end: number, abs: number): number | bigint {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  if (i === end) throw new RespProtocolError('integer without digits', abs + i - start);
  let n = 0;
  for (let j = i; j < end; j++) {
    const c = buf[j]!;
    if (c < ZERO || c > NINE) throw new RespProtocolError(`invalid byte 0x${hex(c)} in integer`, abs + j - start);
    n = n * 10 + (c - ZERO);
  }
  if (end - i <= SAFE_DIGITS) return negative ? -n : n;
  const big = BigInt(Buffer.from(buf.buffer, buf.byteOffset + i, end - i).toString('latin1'));
  const signed = negative ? -big : big;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return signed <= max && signed >= -max ? Number(signed) : signed;
}

const DOUBLE_SYNTAX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A RESP3 double: decimal or exponent notation, `inf`, `-inf`, `nan`. */
export function parseDouble(buf: Uint8Array, start: number, end: number, abs: number): number {
  const text = latin1(buf, start, end);
  switch (text) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
      return NaN;
  }
  if (!DOUBLE_SYNTAX.test(text)) throw new RespProtocolError(`invalid double ${quote(text)}`, abs);
  return Number(text);
}

/** A RESP3 boolean: exactly `t` or `f`. */
export function parseBoolean(buf: Uint8Array, start: number, end: number, abs: number): boolean {
  if (end - start === 1) {
    if (buf[start] === 0x74) return true;
    if (buf[start] === 0x66) return false;
  }
  throw new RespProtocolError(`invalid boolean ${quote(latin1(buf, start, end))}`, abs);
}

const BIG_SYNTAX = /^[+-]?\d+$/;

/** A RESP3 big number: optional sign, then digits, any length. */
export function parseBigNumber(buf: Uint8Array, start: number, end: number, abs: number): bigint {
  const text = latin1(buf, start, end);
  if (!BIG_SYNTAX.test(text)) throw new RespProtocolError(`invalid big number ${quote(text)}`, abs);
  return BigInt(text);
}

/** The RESP3 null carries nothing: its line must be empty. */
export function checkNullLine(start: number, end: number, abs: number): void {
  if (end !== start) throw new RespProtocolError('null (_) followed by data', abs);
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/** Quotes bad input for a message, cut short: a big number line may be megabytes long. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function hex(c: number): string {
  return c.toString(16).padStart(2, '0');
}
