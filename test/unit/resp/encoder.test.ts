/**
 * Command encoder: exact bytes, growth, and take() results that later writes never touch.
 * Plus encodeValue in RESP2 form (RESP3 form is covered by the decoder round-trip property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandEncoder, encodeCommand } from '../../../src/resp/encoder.js';
import { encodeValue } from '../../../src/resp/value-encoder.js';
import { Attributed, BigNumber, BulkError, Double, NULL, RespMap, RespSet, VerbatimString } from '../../../src/resp/values.js';
import { b, decodeValues } from './harness.js';

/** The RESP of a command, built the slow obvious way. */
function reference(args: ReadonlyArray<string | Uint8Array>): Buffer {
  const parts: Buffer[] = [b(`*${args.length}\r\n`)];
  for (const a of args) {
    const bytes = typeof a === 'string' ? Buffer.from(a, 'utf8') : Buffer.from(a);
    parts.push(b(`$${bytes.length}\r\n`), bytes, b('\r\n'));
  }
  return Buffer.concat(parts);
}

describe('encodeCommand', () => {
  it('writes the exact RESP of ascii arguments', () => {
    expect(encodeCommand(['SET', 'key:1', 'value'])).toStrictEqual(b('*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$5\r\nvalue\r\n'));
  });

  it('writes the empty string and no arguments', () => {
    expect(encodeCommand(['ECHO', ''])).toStrictEqual(b('*2\r\n$4\r\nECHO\r\n$0\r\n\r\n'));
    expect(encodeCommand([])).toStrictEqual(b('*0\r\n'));
  });

  it('counts UTF-8 bytes, not characters, for non-ascii strings short and long', () => {
    const long = 'é'.repeat(100) + 'x';
    for (const s of ['héllo', '😀', 'a😀b', '日本語', long, 'x'.repeat(63) + 'é', 'y'.repeat(500)]) {
      expect(encodeCommand(['SET', s])).toStrictEqual(reference(['SET', s]));
    }
    expect(encodeCommand(['héllo'])).toStrictEqual(Buffer.concat([b('*1\r\n$6\r\n'), Buffer.from('héllo'), b('\r\n')]));
  });

  it('writes integers and floats as Redis parses them', () => {
    const cases: Array<[number, string]> = [
      [0, '0'], [7, '7'], [10, '10'], [-12, '-12'], [1234567890123, '1234567890123'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'], [Number.MIN_SAFE_INTEGER, '-9007199254740991'],
      [1.5, '1.5'], [-0.25, '-0.25'], [1e21, '1e+21'], [Infinity, 'inf'], [-Infinity, '-inf'],
    ];
    for (const [n, text] of cases) expect(encodeCommand(['INCRBY', n])).toStrictEqual(reference(['INCRBY', text]));
    expect(() => encodeCommand(['INCRBY', NaN])).toThrow(RangeError);
    // a failed call leaves nothing behind for the next one
    expect(encodeCommand(['PING'])).toStrictEqual(reference(['PING']));
  });

  it('copies binary arguments', () => {
    const bin = Uint8Array.from([0, 13, 10, 255]);
    expect(encodeCommand(['SET', bin])).toStrictEqual(reference(['SET', bin]));
  });

  it('matches the reference for random arguments', () => {
    const arg = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }));
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (args) => {
        expect(encodeCommand(args)).toStrictEqual(reference(args));
      }),
      { numRuns: 500 },
    );
  });
});

describe('CommandEncoder', () => {
  it('copies binary arguments and raw RESP exactly on both sides of the short-copy limit', () => {
    for (const n of [0, 1, 31, 32, 33, 200]) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff));
      const enc = new CommandEncoder(64);
      enc.command(2).argBuffer(Buffer.from('SET')).argBuffer(bytes);
      expect(enc.take().equals(reference(['SET', bytes]))).toBe(true);
      enc.raw(reference(['GET', bytes]));
      expect(enc.take().equals(reference(['GET', bytes]))).toBe(true);
    }
  });

  it('reports the length written since the last take()', () => {
    const enc = new CommandEncoder();
    enc.command(1).arg('PING');
    expect(enc.length).toBe(14);
    expect(enc.take().length).toBe(14);
    expect(enc.length).toBe(0);
  });

  it('grows past its initial size and keeps every byte', () => {
    const enc = new CommandEncoder(64);
    const expected: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      enc.command(3).arg('SET').arg(`key:${i}`).argNumber(i);
      expected.push(reference(['SET', `key:${i}`, String(i)]));
    }
    enc.argBuffer(Buffer.alloc(100_000, 0x61)); // one argument larger than any slab so far
    expected.push(Buffer.concat([b('$100000\r\n'), Buffer.alloc(100_000, 0x61), b('\r\n')]));
    expect(enc.take()).toStrictEqual(Buffer.concat(expected));
  });

  it('never changes a buffer returned by take(), with or without a new slab', () => {
    const enc = new CommandEncoder(64);
    enc.command(2).arg('GET').arg('a');
    const first = enc.take();
    const firstCopy = Buffer.from(first);
    enc.command(2).arg('GET').arg('b'); // same slab, after the taken bytes
    const second = enc.take();
    const secondCopy = Buffer.from(second);
    for (let i = 0; i < 100; i++) enc.command(2).arg('SET').arg('z'.repeat(50)); // forces new slabs
    const third = enc.take();
    expect(first).toStrictEqual(firstCopy);
    expect(second).toStrictEqual(secondCopy);
    expect(first).toStrictEqual(reference(['GET', 'a']));
    expect(second).toStrictEqual(reference(['GET', 'b']));
    expect(third.length).toBe(100 * reference(['SET', 'z'.repeat(50)]).length);
  });

  it('carries a half-written pipeline into a new slab', () => {
    const enc = new CommandEncoder(64);
    enc.command(2).arg('GET').arg('first');
    enc.command(2).arg('GET').arg('x'.repeat(200));
    const [a, c] = decodeValues([enc.take()]);
    expect(a).toStrictEqual([b('GET'), b('first')]);
    expect(c).toStrictEqual([b('GET'), b('x'.repeat(200))]);
  });
});

describe('encodeValue in RESP2 form', () => {
  it('maps RESP3-only types the way Redis does for RESP2 clients', () => {
    const map = new RespMap([[b('a'), 1]]);
    expect(encodeValue(map, 2)).toStrictEqual(b('*2\r\n$1\r\na\r\n:1\r\n'));
    expect(encodeValue(new RespSet([true, false]), 2)).toStrictEqual(b('*2\r\n:1\r\n:0\r\n'));
    expect(encodeValue(NULL, 2)).toStrictEqual(b('$-1\r\n'));
    expect(encodeValue(null, 2)).toStrictEqual(b('$-1\r\n'));
    expect(encodeValue(new Double(1.5), 2)).toStrictEqual(b('$3\r\n1.5\r\n'));
    expect(encodeValue(new BigNumber(12n), 2)).toStrictEqual(b('$2\r\n12\r\n'));
    expect(encodeValue(new BulkError(b('ERR x')), 2)).toStrictEqual(b('-ERR x\r\n'));
    expect(encodeValue(new VerbatimString('txt', b('hi')), 2)).toStrictEqual(b('$2\r\nhi\r\n'));
    expect(encodeValue(new Attributed(map, b('v')), 2)).toStrictEqual(b('$1\r\nv\r\n'));
  });

  it('writes RESP3 forms, including JS strings and null as conveniences', () => {
    expect(encodeValue('héllo')).toStrictEqual(Buffer.concat([b('$6\r\n'), Buffer.from('héllo'), b('\r\n')]));
    expect(encodeValue(null)).toStrictEqual(b('_\r\n'));
    expect(encodeValue(new Double(-0))).toStrictEqual(b(',-0\r\n'));
    expect(encodeValue(new VerbatimString('txt', b('hi')))).toStrictEqual(b('=6\r\ntxt:hi\r\n'));
    expect(() => encodeValue(1.5)).toThrow(TypeError);
  });
});

describe('CommandEncoder.moveSince and spanSince', () => {
  it('moves the bytes written since a mark to another encoder and forgets them', () => {
    const from = new CommandEncoder(64, false);
    const to = new CommandEncoder(64);
    from.command(1).arg('PING');
    const mark = from.length;
    from.command(2).arg('GET');
    from.moveSince(mark, to);
    to.arg('foo');
    expect(from.take().equals(encodeCommand(['PING']))).toBe(true);
    expect(to.take().equals(encodeCommand(['GET', 'foo']))).toBe(true);
  });

  it('gives the bytes since a mark as one range that later writes leave alone', () => {
    const enc = new CommandEncoder(64);
    enc.command(1).arg('PING');
    const mark = enc.length;
    enc.command(2).arg('SET').argBuffer(Buffer.alloc(500, 0x7a)); // a new slab starts mid-command
    const span = { buf: Buffer.alloc(0), start: 0, end: 0 };
    enc.spanSince(mark, span);
    const copy = Buffer.from(span.buf.subarray(span.start, span.end));
    expect(copy.equals(encodeCommand(['SET', Buffer.alloc(500, 0x7a)]))).toBe(true);
    enc.take();
    for (let i = 0; i < 20; i++) enc.command(1).arg('x'.repeat(40));
    expect(span.buf.subarray(span.start, span.end).equals(copy)).toBe(true);
  });

  it('refuses a mark whose bytes were taken or cut by a reference', () => {
    const enc = new CommandEncoder(64);
    enc.command(1).arg('PING');
    const mark = enc.length;
    enc.take();
    expect(() => enc.spanSince(mark, { buf: Buffer.alloc(0), start: 0, end: 0 })).toThrow(RangeError);
    const m2 = enc.length;
    enc.command(2).arg('SET').argShared(Buffer.alloc(8192));
    expect(() => enc.spanSince(m2, { buf: Buffer.alloc(0), start: 0, end: 0 })).toThrow(RangeError);
  });

  describe('releaseTaken (a slab written over once what was taken has left)', () => {
    // At 4 KB a slab is its own ArrayBuffer (smaller Buffers share Node's pool), so identity tells.
    const SLAB = 4096;
    const fill = (enc: CommandEncoder, n: number) => {
      for (let i = 0; i < n; i++) enc.command(2).arg('GET').arg(`key:${i}`);
    };

    it('without it, a full slab is left to the views taken from it and a new one starts', () => {
      const enc = new CommandEncoder(SLAB);
      fill(enc, 5);
      const first = enc.take();
      const before = Buffer.from(first);
      fill(enc, 400); // well past the slab
      expect(enc.take().buffer).not.toBe(first.buffer);
      expect(first.equals(before)).toBe(true);
    });

    it('with nothing written since the last take, the next command starts at the slab\'s first byte', () => {
      const enc = new CommandEncoder(SLAB);
      fill(enc, 20);
      const first = enc.take();
      enc.releaseTaken();
      fill(enc, 1);
      const next = enc.take();
      expect(next.buffer).toBe(first.buffer);
      expect(next.byteOffset).toBe(0);
      expect(next.equals(encodeCommand(['GET', 'key:0']))).toBe(true);
    });

    it('a connection that releases after every flush never fills its slab', () => {
      const enc = new CommandEncoder(SLAB);
      const slab = enc.take().buffer;
      let furthest = 0;
      for (let i = 0; i < 10_000; i++) {
        fill(enc, 3);
        const out = enc.take();
        expect(out.buffer).toBe(slab);
        furthest = Math.max(furthest, out.byteOffset + out.length);
        enc.releaseTaken();
      }
      expect(furthest).toBeLessThan(100);
    });

    it('restartIfEmpty starts over only with nothing pending, and grants nothing for later', () => {
      const enc = new CommandEncoder(SLAB);
      fill(enc, 20);
      const first = enc.take();
      enc.command(2).arg('GET'); // half a command pending: it must stay where it is
      enc.restartIfEmpty();
      enc.arg('k');
      const pending = enc.take();
      expect(pending.byteOffset).toBe(first.length);
      expect(pending.equals(encodeCommand(['GET', 'k']))).toBe(true);
      enc.restartIfEmpty();
      fill(enc, 1);
      const next = enc.take();
      expect([next.buffer, next.byteOffset]).toEqual([first.buffer, 0]);
      // Unlike releaseTaken, a full slab later is not written over: ranges taken since may be kept.
      const kept = Buffer.from(next);
      fill(enc, 400);
      expect(enc.take().buffer).not.toBe(first.buffer);
      expect(next.equals(kept)).toBe(true);
    });

    it('after it, the same slab is written over, the half-written command carried to its start', () => {
      const enc = new CommandEncoder(SLAB);
      const slab = enc.take().buffer;
      for (let i = 0; i < 150; i++) {
        fill(enc, 1);
        enc.take(); // one flush each, as a connection sends them
      }
      enc.command(2).arg('GET'); // half a command pending: the release cannot start over yet
      enc.releaseTaken();
      enc.arg('x'.repeat(600)); // does not fit in what is left of the slab
      const out = enc.take();
      expect(out.buffer).toBe(slab);
      expect(out.byteOffset).toBe(0);
      expect(out.equals(encodeCommand(['GET', 'x'.repeat(600)]))).toBe(true);
    });

    it('ends with the next take: bytes taken after it keep their slab', () => {
      const enc = new CommandEncoder(SLAB);
      fill(enc, 2);
      enc.take();
      enc.releaseTaken();
      fill(enc, 3);
      const kept = enc.take(); // taken after the release: still in a socket's queue, say
      const copy = Buffer.from(kept);
      fill(enc, 400);
      enc.take();
      expect(kept.equals(copy)).toBe(true);
    });

    it('leaves the slab alone while pieces of it wait beside a referenced value', () => {
      const enc = new CommandEncoder(SLAB);
      enc.take();
      enc.releaseTaken();
      enc.command(3).arg('SET').arg('k').argShared(Buffer.alloc(8192, 0x61));
      fill(enc, 400);
      const joined = Buffer.concat(enc.takeParts());
      expect(joined.subarray(0, 27).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$8192\r\n');
      expect(joined.includes(Buffer.from('$5\r\nkey:0\r\n'))).toBe(true);
      expect(joined.includes(Buffer.from('$7\r\nkey:399\r\n'))).toBe(true);
    });
  });
});
