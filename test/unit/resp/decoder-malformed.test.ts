/**
 * Malformed input: each case must throw RespProtocolError naming the right byte offset, the same
 * whether the bytes arrive whole or one at a time, in both modes; and never hang.
 */
import { describe, expect, it } from 'vitest';
import { RespDecoder, type RespDecoderOptions } from '../../../src/resp/decoder.js';
import { RespProtocolError } from '../../../src/resp/errors.js';
import { b, byteByByte, whole } from './harness.js';

interface Bad {
  name: string;
  wire: string;
  message: string;
  offset: number;
  options?: RespDecoderOptions;
  /** count mode skips verbatim bodies without looking, so it cannot see a bad format */
  valueOnly?: boolean;
}

const bad: Bad[] = [
  { name: 'unknown type byte', wire: '?foo\r\n', message: 'unknown type byte 0x3f', offset: 0 },
  { name: 'unknown type byte after a good reply', wire: '+OK\r\n@', message: 'unknown type byte 0x40', offset: 5 },
  { name: 'non-numeric length', wire: '$abc\r\n', message: 'invalid byte 0x61 in length', offset: 1 },
  { name: 'length with a trailing letter', wire: '*12x\r\n', message: 'invalid byte 0x78 in length', offset: 3 },
  { name: 'empty length', wire: '$\r\n', message: 'empty length', offset: 1 },
  { name: 'negative bulk length', wire: '$-2\r\n', message: 'negative length (only -1 is allowed)', offset: 1 },
  { name: 'negative array length', wire: '*-5\r\n', message: 'negative length (only -1 is allowed)', offset: 1 },
  { name: 'null length on a map', wire: '%-1\r\n', message: 'length -1 is only allowed for $ and *', offset: 1 },
  { name: 'null length on a bulk error', wire: '!-1\r\n', message: 'length -1 is only allowed for $ and *', offset: 1 },
  { name: 'non-numeric integer', wire: ':12a\r\n', message: 'invalid byte 0x61 in integer', offset: 3 },
  { name: 'integer without digits', wire: ':-\r\n', message: 'integer without digits', offset: 2 },
  { name: 'bulk body longer than its length', wire: '$3\r\nabcd\r\n', message: 'expected \\r, got 0x64', offset: 7 },
  { name: 'bulk body not followed by \\n', wire: '$1\r\na\rX', message: 'expected \\n, got 0x58', offset: 6 },
  { name: '\\r without \\n in a header', wire: '+OK\rX', message: 'expected \\n, got 0x58', offset: 4 },
  {
    name: 'bulk length above the default 512 MiB',
    wire: '+OK\r\n$536870913\r\n',
    message: 'bulk length 536870913 above the maximum 536870912',
    offset: 5,
  },
  {
    name: 'bulk length above a configured maximum',
    wire: '$11\r\nhello world\r\n',
    message: 'bulk length 11 above the maximum 10',
    offset: 0,
    options: { maxBulkLength: 10 },
  },
  {
    name: 'aggregate length above a configured maximum',
    wire: '*3\r\n:1\r\n:2\r\n:3\r\n',
    message: 'aggregate length 3 above the maximum 2',
    offset: 0,
    options: { maxAggregateLength: 2 },
  },
  { name: 'absurd length', wire: '$99999999999999999999\r\n', message: 'length too large', offset: 1 },
  { name: 'bad double', wire: ',abc\r\n', message: 'invalid double "abc"', offset: 1 },
  { name: 'double with two points', wire: ',1.2.3\r\n', message: 'invalid double "1.2.3"', offset: 1 },
  { name: 'bad boolean', wire: '#x\r\n', message: 'invalid boolean "x"', offset: 1 },
  { name: 'boolean too long', wire: '#tt\r\n', message: 'invalid boolean "tt"', offset: 1 },
  { name: 'bad big number', wire: '(12x\r\n', message: 'invalid big number "12x"', offset: 1 },
  { name: 'null with data', wire: '_x\r\n', message: 'null (_) followed by data', offset: 1 },
  {
    name: 'nesting deeper than the maximum',
    wire: '*1\r\n*1\r\n*1\r\n:1\r\n',
    message: 'nesting deeper than 2',
    offset: 8,
    options: { maxDepth: 2 },
  },
  {
    name: 'verbatim without format',
    wire: '=3\r\nabc\r\n',
    message: 'verbatim string without "xxx:" format',
    offset: 0,
    valueOnly: true,
  },
];

function thrown(chunks: Buffer[], mode: 'count' | 'value', options: RespDecoderOptions = {}): RespProtocolError {
  const decoder = new RespDecoder({ onReply: () => {}, onValue: () => {} }, { ...options, mode });
  try {
    for (const c of chunks) decoder.feed(c);
  } catch (err) {
    if (err instanceof RespProtocolError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('RespDecoder malformed input', () => {
  for (const c of bad) {
    for (const mode of c.valueOnly === true ? (['value'] as const) : (['count', 'value'] as const)) {
      for (const [feedName, feed] of Object.entries({ whole, 'byte by byte': byteByByte })) {
        it(`${c.name}: ${mode} mode, ${feedName}`, () => {
          const err = thrown(feed(b(c.wire)), mode, c.options);
          expect(err.offset).toBe(c.offset);
          expect(err.message).toBe(`RESP protocol error at byte offset ${c.offset}: ${c.message}`);
          expect(err.name).toBe('RespProtocolError');
        });
      }
    }
  }

  it('refuses an over-long numeric header line without buffering it', () => {
    const err = thrown([b(':'), b('1'.repeat(100))], 'count');
    expect(err.message).toBe('RESP protocol error at byte offset 0: header line longer than 64 bytes');
  });

  it('stays failed after an error until reset, then counts offsets from zero', () => {
    const replies: number[] = [];
    const decoder = new RespDecoder({ onReply: (t) => replies.push(t), onValue: () => {} });
    decoder.feed(b('+OK\r\n'));
    expect(() => decoder.feed(b('?'))).toThrow('byte offset 5: unknown type byte 0x3f');
    expect(() => decoder.feed(b('+OK\r\n'))).toThrow('byte offset 5');
    expect(replies).toEqual([0x2b]);
    decoder.reset();
    decoder.feed(b(':1\r\n'));
    expect(() => decoder.feed(b('x'))).toThrow('byte offset 4: unknown type byte 0x78');
    expect(replies).toEqual([0x2b, 0x3a]);
  });

  it('counts offsets across chunks', () => {
    const err = thrown([b('$3\r\nab'), b('c\r\n*'), b('1\r\n#q\r\n')], 'value');
    expect(err.offset).toBe(14);
  });
});
