/**
 * What the header line after each RESP type byte holds, as a table indexed by the byte: the
 * decoder looks a frame's type up once to know whether the line is short and numeric (a length,
 * an integer, a double, a boolean, nothing), free text of any length, or not RESP at all.
 */
import { RespType as T } from './types.js';

/** The kinds of header line; plain numbers so the table is a Uint8Array. */
export const LineKind = {
  /** Not a RESP type byte: the stream is broken. */
  unknown: 0,
  /** A length, integer, double, boolean or nothing: a few bytes. */
  numeric: 1,
  /** Simple string, simple error, big number: any length. */
  text: 2,
} as const;

/** LINE_KIND[typeByte] is that type's LineKind. */
export const LINE_KIND = new Uint8Array(256);
for (const t of [T.bulkString, T.bulkError, T.verbatim, T.array, T.map, T.set, T.push, T.attribute, T.integer, T.double, T.boolean, T.null]) {
  LINE_KIND[t] = LineKind.numeric;
}
for (const t of [T.simpleString, T.simpleError, T.bigNumber]) LINE_KIND[t] = LineKind.text;
