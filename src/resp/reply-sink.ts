/**
 * The decoder's contract with whoever owns the connection: where replies go, and its limits.
 */
import type { RespValue } from './values.js';

/** Where decoded replies go. */
export interface ReplySink {
  /** count mode: one top-level reply ended. type = its RESP type byte; isNull = null bulk/array or RESP3 null. For '-' and '!' replies decoder.lastError holds the error text; for ':' decoder.lastInteger holds the number. */
  onReply(type: number, isNull: boolean): void;
  /** value mode (or when wantsValue() said yes): a whole top-level reply as a value */
  onValue(value: RespValue): void;
  /** count mode: asked at the start of each top-level frame; true = decode this one frame as a value and deliver it through onValue. Optional. */
  wantsValue?(): boolean;
}

/** Decoder limits and starting mode. */
export interface RespDecoderOptions {
  mode?: 'count' | 'value';
  /** Largest accepted bulk string / bulk error / verbatim length (default 512 MiB, as Redis). */
  maxBulkLength?: number;
  /** Largest accepted aggregate length (default 2^32 - 1). */
  maxAggregateLength?: number;
  /** Deepest accepted nesting of aggregates (default 100,000). */
  maxDepth?: number;
}
