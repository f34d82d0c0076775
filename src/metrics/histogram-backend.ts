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

/** Encodes a histogram as compressed base64 (the portable HDR form). */
export function encodeHistogram(h: Histogram): string {
  // Level 1: several times faster than the default level 6 and nearly as small; workers encode every
  // second beside the load, where a few ms of blocking delays commands.
  return hdr.encodeIntoCompressedBase64(h, 1);
}

/** Decodes a compressed base64 histogram on this thread's backend; destroy() it when done. */
export function decodeHistogram(base64: string): Histogram {
  const h = hdr.decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE, backend === 'wasm', HIGHEST_TRACKABLE_US);
  h.autoResize = true;
  return h;
}
