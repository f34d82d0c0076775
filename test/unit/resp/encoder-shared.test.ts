/**
 * Large arguments held by reference (argShared, rawShared): the bytes a socket gets are exactly
 * what a copying encoder writes, the value's own memory is what goes out (no copy), and short
 * arguments or a copying encoder never produce pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BY_REFERENCE_BYTES, CommandEncoder } from '../../../src/resp/encoder.js';

function filled(n: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = 0x41 + ((i * 7 + seed) % 26);
  return out;
}

/** SET key value, written with argShared for the value. */
function writeSet(enc: CommandEncoder, key: string, value: Buffer): void {
  enc.command(3).arg('SET').arg(key).argShared(value);
}

describe('CommandEncoder shared arguments', () => {
  it('references a value at the threshold and copies one just below it', () => {
    const enc = new CommandEncoder(256);
    writeSet(enc, 'k', filled(BY_REFERENCE_BYTES - 1, 1));
    expect(enc.hasParts).toBe(false);
    enc.take();
    const big = filled(BY_REFERENCE_BYTES, 2);
    writeSet(enc, 'k', big);
    expect(enc.hasParts).toBe(true);
    const parts = enc.takeParts();
    // header piece, the value itself, then the CRLF after it
    expect(parts).toHaveLength(3);
    expect(parts[1]!.buffer).toBe(big.buffer);
    expect(parts[1]!.byteOffset).toBe(big.byteOffset);
    expect(Buffer.concat(parts).toString('latin1')).toBe(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${big.length}\r\n${big.toString('latin1')}\r\n`);
    expect(enc.length).toBe(0);
    expect(enc.hasParts).toBe(false);
  });

  it('counts referenced bytes in length and joins them in take()', () => {
    const enc = new CommandEncoder(64);
    const v = filled(64 * 1024, 3);
    writeSet(enc, 'a', v);
    writeSet(enc, 'b', v);
    const expected = Buffer.concat([
      Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\na\r\n$${v.length}\r\n`), v, Buffer.from('\r\n'),
      Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$${v.length}\r\n`), v, Buffer.from('\r\n'),
    ]);
    expect(enc.length).toBe(expected.length);
    expect(enc.take().equals(expected)).toBe(true);
  });

  it('copies everything when built with byReference false (a router staging encoder)', () => {
    const enc = new CommandEncoder(64, false);
    const v = filled(3 * BY_REFERENCE_BYTES, 4);
    writeSet(enc, 'k', v);
    enc.rawShared(v, 0, v.length);
    expect(enc.hasParts).toBe(false);
    const out = enc.take();
    expect(out.subarray(out.length - v.length).equals(v)).toBe(true);
  });

  it('rawShared references a long range of another buffer and copies a short one', () => {
    const src = filled(2 * BY_REFERENCE_BYTES, 5);
    const enc = new CommandEncoder(64);
    enc.rawShared(src, 10, 20);
    expect(enc.hasParts).toBe(false);
    enc.rawShared(src, 0, BY_REFERENCE_BYTES + 1);
    expect(enc.hasParts).toBe(true);
    const parts = enc.takeParts();
    expect(parts[1]!.buffer).toBe(src.buffer);
    expect(Buffer.concat(parts).equals(Buffer.concat([src.subarray(10, 20), src.subarray(0, BY_REFERENCE_BYTES + 1)]))).toBe(true);
  });

  it('writes the same bytes as argBuffer for any mix of sizes and flush points', () => {
    const sizes = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: BY_REFERENCE_BYTES - 2, max: BY_REFERENCE_BYTES + 2 }), fc.constant(70_000));
    fc.assert(
      fc.property(fc.array(fc.tuple(sizes, fc.boolean()), { minLength: 1, maxLength: 12 }), fc.integer({ min: 64, max: 4096 }), (cmds, slab) => {
        const shared = new CommandEncoder(slab);
        const copying = new CommandEncoder(slab);
        const sent: Buffer[] = [];
        const expected: Buffer[] = [];
        cmds.forEach(([size, flushAfter], i) => {
          const v = filled(size, i);
          shared.command(2).arg('APPEND').argShared(v);
          copying.command(2).arg('APPEND').argBuffer(v);
          if (flushAfter) {
            sent.push(...shared.takeParts());
            expected.push(Buffer.from(copying.take()));
          }
        });
        sent.push(...shared.takeParts());
        expected.push(Buffer.from(copying.take()));
        expect(Buffer.concat(sent).equals(Buffer.concat(expected))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
