/**
 * Decoder behaviour beyond single frames: deep nesting, zero-copy views, bodies split across
 * chunks, wantsValue, switching modes between replies, reset.
 */
import { describe, expect, it } from 'vitest';
import { RespDecoder } from '../../../src/resp/decoder.js';
import { encodeValue } from '../../../src/resp/value-encoder.js';
import { SimpleString, type RespValue } from '../../../src/resp/values.js';
import { b, byteByByte, decodeCounts, decodeValues, splitAt } from './harness.js';

const DEEP = 10_000;

/** Depth of a chain of single-element arrays, walked without recursion. */
function chainDepth(v: RespValue): { depth: number; leaf: RespValue } {
  let depth = 0;
  let cur = v;
  while (Array.isArray(cur) && cur.length === 1) {
    cur = cur[0]!;
    depth++;
  }
  return { depth, leaf: cur };
}

describe('RespDecoder nesting', () => {
  const wire = b(`${'*1\r\n'.repeat(DEEP)}:7\r\n`);

  it(`decodes ${DEEP} nested arrays in value mode, whole and byte by byte`, () => {
    for (const chunks of [[wire], byteByByte(wire)]) {
      const values = decodeValues(chunks);
      expect(values).toHaveLength(1);
      expect(chainDepth(values[0]!)).toStrictEqual({ depth: DEEP, leaf: 7 });
    }
  });

  it(`counts ${DEEP} nested arrays as one reply in count mode, whole and byte by byte`, () => {
    for (const chunks of [[wire], byteByByte(wire)]) {
      expect(decodeCounts(chunks)).toStrictEqual([{ type: '*', isNull: false }]);
    }
  });

  it('round-trips a deep value through encodeValue', () => {
    let v: RespValue = b('leaf');
    for (let i = 0; i < DEEP; i++) v = [v, i];
    const [decoded] = decodeValues([encodeValue(v)]);
    let cur = decoded!;
    for (let i = DEEP - 1; i >= 0; i--) {
      if (!Array.isArray(cur)) throw new Error('not an array');
      expect(cur[1]).toBe(i);
      cur = cur[0]!;
    }
    expect(cur).toStrictEqual(b('leaf'));
  });
});

describe('RespDecoder bulk strings', () => {
  it('returns views of the chunk when the body lies inside it', () => {
    const chunk = b('$5\r\nhello\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    const [first, second] = decodeValues([chunk]);
    expect(Buffer.isBuffer(first) && first.buffer === chunk.buffer && first.byteOffset === chunk.byteOffset + 4).toBe(true);
    expect(Array.isArray(second) && second.every((x) => Buffer.isBuffer(x) && x.buffer === chunk.buffer)).toBe(true);
  });

  it('copies once a body split across chunks, and later chunks do not alter it', () => {
    const chunks = splitAt(b('$10\r\n0123456789\r\n'), [7, 9, 12]);
    const [v] = decodeValues(chunks);
    for (const c of chunks) c.fill(0x21);
    expect(v).toStrictEqual(b('0123456789'));
  });

  it('skips a large body across many chunks in count mode', () => {
    const body = Buffer.alloc(1_000_000, 0x0d); // all \r: only the length may be trusted
    const wire = Buffer.concat([b('$1000000\r\n'), body, b('\r\n+OK\r\n')]);
    const chunks = splitAt(wire, Array.from({ length: 200 }, (_, i) => 3 + i * 5003));
    expect(decodeCounts(chunks)).toStrictEqual([
      { type: '$', isNull: false },
      { type: '+', isNull: false },
    ]);
  });

  it('keeps a bulk error split across chunks for lastError in count mode', () => {
    expect(decodeCounts(splitAt(b('!9\r\nERR split\r\n'), [5, 8]))).toStrictEqual([
      { type: '!', isNull: false, error: 'ERR split' },
    ]);
  });
});

describe('RespDecoder modes', () => {
  it('decodes as a value only the frames wantsValue() asks for', () => {
    const got: Array<string | RespValue> = [];
    let n = 0;
    const decoder = new RespDecoder({
      onReply: (t) => got.push(String.fromCharCode(t)),
      onValue: (v) => got.push(v),
      wantsValue: () => n++ === 1,
    });
    decoder.feed(b('$1\r\na\r\n*2\r\n+x\r\n:1\r\n$1\r\nc\r\n'));
    expect(got).toStrictEqual(['$', [new SimpleString(b('x')), 1], '$']);
    expect(n).toBe(3);
  });

  it('does not ask wantsValue() for a skipped attribute in count mode', () => {
    let asked = 0;
    const types: number[] = [];
    const decoder = new RespDecoder({ onReply: (t) => types.push(t), onValue: () => {}, wantsValue: () => (asked++, false) });
    decoder.feed(b('|1\r\n+a\r\n+b\r\n:5\r\n'));
    expect(types).toStrictEqual([0x3a]);
    expect(asked).toBe(1);
    expect(decoder.lastInteger).toBe(5);
  });

  it('switches mode between replies, even inside a callback', () => {
    const got: Array<string | RespValue> = [];
    const decoder: RespDecoder = new RespDecoder({
      onReply: (t) => {
        got.push(String.fromCharCode(t));
        decoder.mode = 'value';
      },
      onValue: (v) => {
        got.push(v);
        decoder.mode = 'count';
      },
    });
    decoder.feed(b(':1\r\n:2\r\n:3'));
    decoder.feed(b('\r\n'));
    expect(got).toStrictEqual([':', 2, ':']);
  });

  it('reset() drops a half-read frame', () => {
    const got: RespValue[] = [];
    const decoder = new RespDecoder({ onReply: () => {}, onValue: (v) => got.push(v) }, { mode: 'value' });
    decoder.feed(b('*2\r\n$5\r\nhel'));
    decoder.reset();
    decoder.feed(b('$2\r\nok\r\n'));
    expect(got).toStrictEqual([b('ok')]);
  });
});

describe('RespDecoder reused read buffers', () => {
  it('reads only the first `length` bytes of a chunk, whatever stale bytes follow', () => {
    // One buffer reused for every read, as the socket layer does: the second read is shorter
    // than the first, and the old bytes behind it must not be taken for replies.
    const buffer = Buffer.alloc(64);
    const counts: string[] = [];
    const decoder = new RespDecoder({ onReply: (type) => counts.push(String.fromCharCode(type)), onValue: () => undefined }, { mode: 'count' });
    const first = b('+OK\r\n$3\r\nabc\r\n:12\r\n');
    first.copy(buffer);
    decoder.feed(buffer, first.length);
    const second = b('+OK\r\n+QU'); // a status reply, then one cut short
    second.copy(buffer);
    decoder.feed(buffer, second.length);
    b('EUED\r\n').copy(buffer);
    decoder.feed(buffer, 6);
    expect(counts).toStrictEqual(['+', '$', ':', '+', '+']);
    expect(decoder.lastInteger).toBe(12);
  });
});
