/**
 * rbench encodes histograms with Node's zlib and base64 instead of hdr-histogram-js's JavaScript
 * ones (the worker encodes every second beside the load): the result must stay the portable HDR
 * form, read by the library (and so by any HdrHistogram reader), and reports written by the
 * library's encoder must still be read.
 */
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, encodeHistogram, HIGHEST_TRACKABLE_US, initHistogramBackend } from '../../../src/metrics/histogram-backend.js';

beforeAll(async () => {
  expect(await initHistogramBackend('wasm')).toBe('wasm');
});

afterAll(async () => {
  await initHistogramBackend('js'); // other tests in this thread start from the default
});

/** A histogram with a long tail and a value past the initial range (auto-resized). */
function sample(): hdr.Histogram {
  const h = createHistogram();
  let x = 7;
  for (let i = 0; i < 50_000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    h.recordValue(100 + Math.floor((x / 2147483648) ** 4 * 200_000));
  }
  h.recordValue(2 * HIGHEST_TRACKABLE_US);
  return h;
}

const percentiles = (h: hdr.Histogram): number[] => [50, 90, 99, 99.9, 100].map((p) => h.getValueAtPercentile(p));

describe('histogram encoding', () => {
  it('writes what hdr-histogram-js reads, value for value', () => {
    const h = sample();
    const theirs = hdr.decodeFromCompressedBase64(encodeHistogram(h), 64, true, HIGHEST_TRACKABLE_US);
    expect(theirs.totalCount).toBe(h.totalCount);
    expect(percentiles(theirs)).toEqual(percentiles(h));
    theirs.destroy();
    h.destroy();
  });

  it('reads what hdr-histogram-js writes, and its own encoding back', () => {
    const h = sample();
    for (const encoded of [hdr.encodeIntoCompressedBase64(h, 6), encodeHistogram(h)]) {
      const back = decodeHistogram(encoded);
      expect(back.totalCount).toBe(h.totalCount);
      expect(percentiles(back)).toEqual(percentiles(h));
      back.destroy();
    }
    h.destroy();
  });

  it('refuses text that is not a compressed histogram, or one cut short', () => {
    const encoded = encodeHistogram(sample());
    expect(() => decodeHistogram(Buffer.from('hello world').toString('base64'))).toThrow(/not a compressed HDR histogram/);
    expect(() => decodeHistogram(encoded.slice(0, 40))).toThrow(/cut short/);
  });
});
