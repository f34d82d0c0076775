import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitCount, writeFixed, writeInt } from '../../../src/shared/digits.js';

const render = (write: (buf: Uint8Array, pos: number) => number): string => {
  const buf = Buffer.alloc(40, 0x78);
  const end = write(buf, 3);
  expect(buf.toString('latin1', 0, 3)).toBe('xxx'); // nothing written before pos
  return buf.toString('latin1', 3, end);
};

describe('digits', () => {
  it('writes every safe integer as String() does', () => {
    const edge = [0, 9, 10, 99, 100, 2147483647, 2147483648, 4294967296, 9999999999, 10000000000, Number.MAX_SAFE_INTEGER];
    for (const n of [...edge, ...edge.map((x) => -x)]) expect(render((b, p) => writeInt(b, p, n))).toBe(String(n));
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(render((b, p) => writeInt(b, p, n))).toBe(String(n));
        if (n >= 0) expect(digitCount(n)).toBe(String(n).length);
      }),
    );
  });

  it('writes floats with fixed decimals', () => {
    expect(render((b, p) => writeFixed(b, p, 12.5, 4))).toBe('12.5000');
    expect(render((b, p) => writeFixed(b, p, -0.00004, 4))).toBe('0.0000'); // no negative zero
    expect(render((b, p) => writeFixed(b, p, 999.99996, 4))).toBe('1000.0000');
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        expect(Number(render((b, p) => writeFixed(b, p, x, 4)))).toBeCloseTo(x, 3);
      }),
    );
  });
});
