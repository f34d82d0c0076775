/**
 * Which hdr-histogram-js backend this thread uses, and how histograms are built. WebAssembly
 * records faster and keeps counts off the JS heap, but it must be initialised in every thread
 * (module state is per worker) and its histograms must be destroy()ed. If it cannot start, the
 * JS backend is used and the choice is reported, so a report can say which one measured.
 *
 * Every histogram here: microseconds, 3 significant digits, 64-bit counts (a long run can put
 * more than 2^32 values in one bucket), and no clamping: the trackable range starts at one
 * hour and auto-resizes beyond it, so a 10 s stall is recorded as 10 s.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export type HistogramBackend = 'wasm' | 'js';

/** One hour in microseconds: the initial trackable range (auto-resize goes further). */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;
export const SIGNIFICANT_DIGITS = 3;
const BIT_BUCKET_SIZE = 64;

let backend: HistogramBackend = 'js';
let initialised = false;

/**
 * Starts the preferred backend in the calling thread (call once per worker, before building
 * recorders); returns the backend actually in use.
 */
export async function initHistogramBackend(prefer: HistogramBackend = 'wasm'): Promise<HistogramBackend> {
  if (prefer === 'wasm') {
    try {
      await hdr.initWebAssembly();
      backend = 'wasm';
    } catch {
      backend = 'js';
    }
  } else {
    backend = 'js';
  }
  initialised = true;
  return backend;
}

/** The backend new histograms use ('js' until initHistogramBackend has chosen WebAssembly). */
export function histogramBackend(): HistogramBackend {
  return backend;
}

/** Whether initHistogramBackend has run in this thread. */
export function histogramBackendInitialised(): boolean {
  return initialised;
}

/** A new, empty histogram with rbench's settings, on this thread's backend. */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: BIT_BUCKET_SIZE,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: backend === 'wasm',
  });
}

/** The compressed V2 form's cookie (HdrHistogram's; the low nibble 0x10 marks the word size). */
const COOKIE_BASE = 0x1c849304;
const COMPRESSED_COOKIE = COOKIE_BASE | 0x10;

/**
 * Encodes a histogram as compressed base64 (the portable HDR form: cookie, length, zlib of the V2
 * encoding), as hdr-histogram-js's encodeIntoCompressedBase64 does, with Node's native zlib and
 * base64 instead of the library's JavaScript ones: the same bytes in about 60% of the time, and
 * workers encode every second beside the load, where each millisecond of blocking delays commands.
 * Level 1: several times faster than the default level 6 and nearly as small.
 */
export function encodeHistogram(h: Histogram): string {
  // The JS backend (the fallback) has no public encode(): the library's own path.
  if (!(h instanceof hdr.WasmHistogram)) return hdr.encodeIntoCompressedBase64(h, 1);
  const compressed = deflateSync(h.encode(), { level: 1 });
  const out = Buffer.allocUnsafe(8 + compressed.length);
  out.writeInt32BE(COMPRESSED_COOKIE, 0);
  out.writeInt32BE(compressed.length, 4);
  compressed.copy(out, 8);
  return out.toString('base64');
}

/** Decodes a compressed base64 histogram on this thread's backend; destroy() it when done. */
export function decodeHistogram(base64: string): Histogram {
  const bytes = Buffer.from(base64.trim(), 'base64');
  if (bytes.length < 8 || (bytes.readInt32BE(0) & ~0xf0) !== COOKIE_BASE) throw new Error('not a compressed HDR histogram (V2)');
  const length = bytes.readInt32BE(4);
  if (length < 0 || 8 + length > bytes.length) throw new Error('a compressed HDR histogram cut short');
  const raw = inflateSync(bytes.subarray(8, 8 + length));
  const h = backend === 'wasm' ? hdr.WasmHistogram.decode(raw, BIT_BUCKET_SIZE, HIGHEST_TRACKABLE_US) : decodeJs(raw);
  h.autoResize = true;
  return h;
}

/** JsHistogram.decode is added to the class by the library's encoding module, outside its typings. */
function decodeJs(raw: Uint8Array): Histogram {
  const js = hdr.JsHistogram as unknown as { decode(data: Uint8Array, bitBucketSize: number, minBar: number): Histogram };
  return js.decode(raw, BIT_BUCKET_SIZE, HIGHEST_TRACKABLE_US);
}
