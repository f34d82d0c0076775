/** Every unit parser (src/shared/units.ts): suffixes, bare numbers, edge cases, and the messages. */
import { describe, expect, it } from 'vitest';
import { parseCount, parseDurationMs, parseRatePerSec, parseSizeBytes, UnitError } from '../../../src/shared/units.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250us', 0.25],
    ['1.5s', 1500],
    ['.5s', 500],
    ['2e3ms', 2000],
    [' 10 s ', 10_000],
    ['3', 3000],
    ['0s', 0],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('takes a bare number as seconds, upper-case units as lower-case', () => {
    expect(parseDurationMs(2)).toBe(2000);
    expect(parseDurationMs(0.25)).toBe(250);
    expect(parseDurationMs('2S')).toBe(2000);
    expect(parseDurationMs('1MS')).toBe(1);
  });

  it('names the value and the units it knows', () => {
    expect(() => parseDurationMs('5d')).toThrow('duration "5d" has an unknown unit "d"; use one of us, ms, s, m, h');
    expect(() => parseDurationMs('soon')).toThrow('duration "soon" is not understood; write it like "500ms", "30s" or "5m"');
    expect(() => parseDurationMs('1.s')).toThrow(/is not understood/);
    expect(() => parseDurationMs('-1s')).toThrow(/is not understood/);
    expect(() => parseDurationMs('')).toThrow(/is not understood/);
    expect(() => parseDurationMs(-1)).toThrow('duration must be a non-negative number, got -1');
    expect(() => parseDurationMs(Number.NaN)).toThrow(UnitError);
    expect(() => parseDurationMs(Number.POSITIVE_INFINITY)).toThrow(UnitError);
  });
});

describe('parseCount', () => {
  it.each([
    ['1000', 1000],
    ['10k', 10_000],
    ['10K', 10_000],
    ['1.5M', 1_500_000],
    ['2m', 2_000_000],
    ['1b', 1e9],
    ['3G', 3e9],
    ['1e6', 1_000_000],
    ['2.5e3', 2500],
    ['0', 0],
  ])('%j is %d', (text, n) => {
    expect(parseCount(text)).toBe(n);
  });

  it('takes bare numbers and rounds away float noise, but not fractions', () => {
    expect(parseCount(42)).toBe(42);
    expect(parseCount('0.1k')).toBe(100);
    expect(() => parseCount('1.5')).toThrow('count "1.5" is not a whole number');
    expect(() => parseCount(2.5)).toThrow(/not a whole number/);
    expect(() => parseCount('1.0001k')).toThrow(/not a whole number/);
  });

  it('rejects what is not a count', () => {
    expect(() => parseCount('10x')).toThrow('count "10x" has an unknown unit "x"; use one of k, K, m, M, b, B, g, G');
    expect(() => parseCount('many')).toThrow('count "many" is not understood; write it like "1000", "10k" or "1.5M"');
    expect(() => parseCount(-3)).toThrow(/non-negative/);
  });
});

describe('parseSizeBytes', () => {
  it.each([
    ['64', 64],
    ['64b', 64],
    ['1kb', 1024],
    ['1KB', 1024],
    ['1k', 1024],
    ['1.5kb', 1536],
    ['2mb', 2 * 1024 ** 2],
    ['1m', 1024 ** 2],
    ['1gb', 1024 ** 3],
    ['1g', 1024 ** 3],
    ['0', 0],
  ])('%j is %d bytes', (text, n) => {
    expect(parseSizeBytes(text)).toBe(n);
  });

  it('uses binary multiples, not decimal ones', () => {
    expect(parseSizeBytes('1kb')).not.toBe(1000);
    expect(parseSizeBytes(512)).toBe(512);
  });

  it('rejects fractions of a byte and unknown units', () => {
    expect(() => parseSizeBytes('0.5')).toThrow('size "0.5" is not a whole number of bytes');
    expect(() => parseSizeBytes('1.1kb')).toThrow(/not a whole number of bytes/);
    expect(() => parseSizeBytes('1tb')).toThrow('size "1tb" has an unknown unit "tb"; use one of b, kb, k, mb, m, gb, g');
    expect(() => parseSizeBytes('big')).toThrow(/write it like "64", "1kb" or "2mb"/);
  });
});

describe('parseRatePerSec', () => {
  it.each([
    ['20000/s', 20_000],
    ['20k/s', 20_000],
    ['1.2M/s', 1_200_000],
    ['600/m', 10],
    ['600/min', 10],
    ['120 / sec', 120],
    ['7200/h', 2],
    ['20k', 20_000],
    ['500', 500],
  ])('%j is %d per second', (text, n) => {
    expect(parseRatePerSec(text)).toBeCloseTo(n, 9);
  });

  it('takes a bare number as per second', () => {
    expect(parseRatePerSec(250)).toBe(250);
    expect(parseRatePerSec(0.5)).toBe(0.5);
  });

  it('rejects zero and anything it cannot read, naming the rate as written', () => {
    expect(() => parseRatePerSec('0/s')).toThrow('rate "0/s" must be above zero');
    expect(() => parseRatePerSec(0)).toThrow('rate "0" must be above zero');
    expect(() => parseRatePerSec('fast')).toThrow('rate "fast" is not understood; write it like "20000/s" or "20k/s"');
    expect(() => parseRatePerSec('5x/s')).toThrow('rate "5x/s" is not understood; write it like "20000/s" or "20k/s"');
    expect(() => parseRatePerSec('10/d')).toThrow(/rate "10\/d" is not understood/);
    expect(() => parseRatePerSec(-5)).toThrow(/rate "-5" is not understood/);
  });
});
