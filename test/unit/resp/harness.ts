/**
 * Shared helpers for the RESP tests: feed chunks to a decoder and record what reached the sink.
 */
import { RespDecoder, type RespDecoderOptions } from '../../../src/resp/decoder.js';
import { RespType } from '../../../src/resp/types.js';
import { Attributed, RespMap, RespNull, RespPush, RespSet, SimpleError, SimpleString, BulkError, Double, BigNumber, VerbatimString, type RespValue } from '../../../src/resp/values.js';

/** One onReply call in count mode, with the decoder fields it documents as meaningful. */
export interface CountEvent {
  type: string;
  isNull: boolean;
  error?: string;
  integer?: number;
}

/** Decodes `chunks` in value mode and returns every top-level value. */
export function decodeValues(chunks: Buffer[], options: RespDecoderOptions = {}): RespValue[] {
  const values: RespValue[] = [];
  const decoder = new RespDecoder(
    { onReply: () => { throw new Error('onReply in value mode'); }, onValue: (v) => values.push(v) },
    { ...options, mode: 'value' },
  );
  for (const c of chunks) decoder.feed(c);
  return values;
}

/** Decodes `chunks` in count mode and returns every onReply call. */
export function decodeCounts(chunks: Buffer[], options: RespDecoderOptions = {}): CountEvent[] {
  const events: CountEvent[] = [];
  const decoder: RespDecoder = new RespDecoder(
    {
      onReply: (type, isNull) => {
        const e: CountEvent = { type: String.fromCharCode(type), isNull };
        if (type === RespType.simpleError || type === RespType.bulkError) e.error = decoder.lastError;
        if (type === RespType.integer) e.integer = decoder.lastInteger;
        events.push(e);
      },
      onValue: () => { throw new Error('onValue in count mode'); },
    },
    { ...options, mode: 'count' },
  );
  for (const c of chunks) decoder.feed(c);
  return events;
}

/** The whole buffer as one chunk. */
export function whole(bytes: Buffer): Buffer[] {
  return [bytes];
}

/** One chunk per byte, each its own Buffer. */
export function byteByByte(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(Buffer.from([bytes[i]!]));
  return out;
}

/** Chunks cut at the given offsets (any order, duplicates and out-of-range offsets ignored). */
export function splitAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(prev, c)));
    prev = c;
  }
  return out;
}

/** The type byte count mode reports for a top-level value (attributes are skipped). */
export function topLevelType(v: RespValue): { type: string; isNull: boolean } {
  if (v instanceof Attributed) return topLevelType(v.value);
  if (v instanceof RespNull) return { type: String.fromCharCode(v.type), isNull: true };
  const type = Buffer.isBuffer(v) ? '$'
    : typeof v === 'number' || typeof v === 'bigint' ? ':'
    : typeof v === 'boolean' ? '#'
    : Array.isArray(v) ? '*'
    : v instanceof SimpleString ? '+'
    : v instanceof SimpleError ? '-'
    : v instanceof BulkError ? '!'
    : v instanceof Double ? ','
    : v instanceof BigNumber ? '('
    : v instanceof VerbatimString ? '='
    : v instanceof RespMap ? '%'
    : v instanceof RespSet ? '~'
    : v instanceof RespPush ? '>'
    : '?';
  return { type, isNull: false };
}

/** Shorthand for a Buffer from latin1 text. */
export function b(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
