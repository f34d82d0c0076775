/**
 * Writing numbers as ASCII digits straight into a byte buffer, so no string is built per
 * command. Integers must be safe integers; floats are written with a fixed number of decimals.
 */

/** How many decimal digits a non-negative safe integer has (comparisons, no division). */
export function digitCount(n: number): number {
  if (n < 100000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  if (n < 10000000000) return n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
  let d = 11;
  for (let p = 100000000000; n >= p; p *= 10) d++;
  return d;
}

/** "00", "01", ... "99" as bytes: two digits per division halves the divisions. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Writes a non-negative safe integer at `pos`; returns the position after it. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  const end = pos + digitCount(n);
  let i = end;
  let v = n;
  // Above 2^31 divide as doubles until the rest fits int32 arithmetic, which V8 turns into multiplies.
  while (v >= 2147483648) {
    const q = Math.floor(v / 100);
    const r = 2 * (v - q * 100);
    buf[--i] = PAIRS[r + 1]!;
    buf[--i] = PAIRS[r]!;
    v = q;
  }
  let w = v | 0;
  while (w >= 100) {
    const q = (w / 100) | 0;
    const r = (w - q * 100) << 1;
    buf[--i] = PAIRS[r + 1]!;
    buf[--i] = PAIRS[r]!;
    w = q;
  }
  if (w >= 10) {
    buf[--i] = PAIRS[2 * w + 1]!;
    buf[--i] = PAIRS[2 * w]!;
  } else {
    buf[--i] = 48 + w;
  }
  return end;
}

/** Writes a safe integer, with a leading '-' when negative; returns the position after it. */
export function writeInt(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0) {
    buf[pos] = 45;
    return writeUint(buf, pos + 1, -n);
  }
  return writeUint(buf, pos, n);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Writes `x` rounded to `decimals` (0..6) places, e.g. 12.5 with 4 → "12.5000". */
export function writeFixed(buf: Uint8Array, pos: number, x: number, decimals: number): number {
  const scale = POW10[decimals] ?? 10000;
  let scaled = Math.round(x * scale);
  if (scaled < 0) {
    buf[pos++] = 45;
    scaled = -scaled;
  }
  const whole = Math.floor(scaled / scale);
  pos = writeUint(buf, pos, whole);
  if (decimals === 0) return pos;
  buf[pos++] = 46;
  let frac = scaled - whole * scale;
  for (let i = pos + decimals - 1; i >= pos; i--) {
    const q = Math.floor(frac / 10);
    buf[i] = 48 + frac - q * 10;
    frac = q;
  }
  return pos + decimals;
}

/** The widest a safe integer can be written, sign included. */
export const MAX_INT_DIGITS = 17;
