/**
 * Every RESP2/RESP3 type, fed whole and one byte at a time, in value mode and in count mode.
 */
import { describe, expect, it } from 'vitest';
import {
  Attributed, BigNumber, BulkError, Double, NULL, NULL_ARRAY, NULL_BULK, RespMap, RespPush, RespSet,
  SimpleError, SimpleString, VerbatimString, type RespValue,
} from '../../../src/resp/values.js';
import { b, byteByByte, decodeCounts, decodeValues, whole, type CountEvent } from './harness.js';

interface Case {
  name: string;
  wire: string;
  values: RespValue[];
  counts: CountEvent[];
}

const ss = (s: string): SimpleString => new SimpleString(b(s));
const map = (...kv: RespValue[]): RespMap => {
  const entries: Array<[RespValue, RespValue]> = [];
  for (let i = 0; i < kv.length; i += 2) entries.push([kv[i]!, kv[i + 1]!]);
  return new RespMap(entries);
};

const cases: Case[] = [
  { name: 'simple string', wire: '+OK\r\n', values: [ss('OK')], counts: [{ type: '+', isNull: false }] },
  { name: 'empty simple string', wire: '+\r\n', values: [ss('')], counts: [{ type: '+', isNull: false }] },
  {
    name: 'simple error',
    wire: "-ERR unknown command 'foo'\r\n",
    values: [new SimpleError(b("ERR unknown command 'foo'"))],
    counts: [{ type: '-', isNull: false, error: "ERR unknown command 'foo'" }],
  },
  { name: 'integer 0', wire: ':0\r\n', values: [0], counts: [{ type: ':', isNull: false, integer: 0 }] },
  { name: 'negative integer', wire: ':-42\r\n', values: [-42], counts: [{ type: ':', isNull: false, integer: -42 }] },
  { name: 'integer with plus sign', wire: ':+7\r\n', values: [7], counts: [{ type: ':', isNull: false, integer: 7 }] },
  {
    name: 'largest safe integer',
    wire: ':9007199254740991\r\n',
    values: [9007199254740991],
    counts: [{ type: ':', isNull: false, integer: 9007199254740991 }],
  },
  {
    name: 'integer beyond 2^53 as bigint',
    wire: ':-9223372036854775808\r\n',
    values: [-9223372036854775808n],
    counts: [{ type: ':', isNull: false, integer: -9223372036854775808 }],
  },
  { name: 'bulk string', wire: '$5\r\nhello\r\n', values: [b('hello')], counts: [{ type: '$', isNull: false }] },
  { name: 'empty bulk string', wire: '$0\r\n\r\n', values: [b('')], counts: [{ type: '$', isNull: false }] },
  { name: 'bulk string holding \\r\\n', wire: '$4\r\n\r\n\r\n\r\n', values: [b('\r\n\r\n')], counts: [{ type: '$', isNull: false }] },
  { name: 'null bulk', wire: '$-1\r\n', values: [NULL_BULK], counts: [{ type: '$', isNull: true }] },
  { name: 'null array', wire: '*-1\r\n', values: [NULL_ARRAY], counts: [{ type: '*', isNull: true }] },
  { name: 'RESP3 null', wire: '_\r\n', values: [NULL], counts: [{ type: '_', isNull: true }] },
  { name: 'empty array', wire: '*0\r\n', values: [[]], counts: [{ type: '*', isNull: false }] },
  {
    name: 'array of mixed',
    wire: '*3\r\n$1\r\na\r\n:1\r\n$-1\r\n',
    values: [[b('a'), 1, NULL_BULK]],
    counts: [{ type: '*', isNull: false }],
  },
  {
    name: 'nested arrays',
    wire: '*2\r\n*1\r\n+x\r\n*0\r\n',
    values: [[[ss('x')], []]],
    counts: [{ type: '*', isNull: false }],
  },
  { name: 'true', wire: '#t\r\n', values: [true], counts: [{ type: '#', isNull: false }] },
  { name: 'false', wire: '#f\r\n', values: [false], counts: [{ type: '#', isNull: false }] },
  { name: 'double', wire: ',3.14\r\n', values: [new Double(3.14)], counts: [{ type: ',', isNull: false }] },
  { name: 'double with exponent', wire: ',1.5e+21\r\n', values: [new Double(1.5e21)], counts: [{ type: ',', isNull: false }] },
  { name: 'integral double', wire: ',10\r\n', values: [new Double(10)], counts: [{ type: ',', isNull: false }] },
  { name: 'negative zero', wire: ',-0\r\n', values: [new Double(-0)], counts: [{ type: ',', isNull: false }] },
  { name: 'inf', wire: ',inf\r\n', values: [new Double(Infinity)], counts: [{ type: ',', isNull: false }] },
  { name: '-inf', wire: ',-inf\r\n', values: [new Double(-Infinity)], counts: [{ type: ',', isNull: false }] },
  { name: 'nan', wire: ',nan\r\n', values: [new Double(NaN)], counts: [{ type: ',', isNull: false }] },
  {
    name: 'big number',
    wire: '(3492890328409238509324850943850943825024385\r\n',
    values: [new BigNumber(3492890328409238509324850943850943825024385n)],
    counts: [{ type: '(', isNull: false }],
  },
  { name: 'negative big number', wire: '(-12\r\n', values: [new BigNumber(-12n)], counts: [{ type: '(', isNull: false }] },
  {
    name: 'bulk error',
    wire: '!21\r\nSYNTAX invalid syntax\r\n',
    values: [new BulkError(b('SYNTAX invalid syntax'))],
    counts: [{ type: '!', isNull: false, error: 'SYNTAX invalid syntax' }],
  },
  {
    name: 'verbatim string',
    wire: '=15\r\ntxt:Some string\r\n',
    values: [new VerbatimString('txt', b('Some string'))],
    counts: [{ type: '=', isNull: false }],
  },
  {
    name: 'map',
    wire: '%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n',
    values: [map(ss('first'), 1, ss('second'), 2)],
    counts: [{ type: '%', isNull: false }],
  },
  { name: 'empty map', wire: '%0\r\n', values: [map()], counts: [{ type: '%', isNull: false }] },
  {
    name: 'set',
    wire: '~3\r\n+a\r\n:1\r\n#f\r\n',
    values: [new RespSet([ss('a'), 1, false])],
    counts: [{ type: '~', isNull: false }],
  },
  {
    name: 'push',
    wire: '>3\r\n+message\r\n+chan\r\n$3\r\nhey\r\n',
    values: [new RespPush([ss('message'), ss('chan'), b('hey')])],
    counts: [{ type: '>', isNull: false }],
  },
  {
    name: 'top-level attribute (spec example)',
    wire: '|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n',
    values: [
      new Attributed(
        map(ss('key-popularity'), map(b('a'), new Double(0.1923), b('b'), new Double(0.0012))),
        [2039123, 9543892],
      ),
    ],
    counts: [{ type: '*', isNull: false }],
  },
  {
    name: 'attribute inside an array is not a child',
    wire: '*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n',
    values: [[new Attributed(map(ss('ttl'), 3600), 1), 2]],
    counts: [{ type: '*', isNull: false }],
  },
  {
    name: 'two attributes before one value',
    wire: '|1\r\n+a\r\n:1\r\n|0\r\n$-1\r\n',
    values: [new Attributed(map(ss('a'), 1), new Attributed(map(), NULL_BULK))],
    counts: [{ type: '$', isNull: true }],
  },
  {
    name: 'several replies in one stream',
    wire: '+OK\r\n:5\r\n-WRONGTYPE bad\r\n$-1\r\n$2\r\nhi\r\n',
    values: [ss('OK'), 5, new SimpleError(b('WRONGTYPE bad')), NULL_BULK, b('hi')],
    counts: [
      { type: '+', isNull: false },
      { type: ':', isNull: false, integer: 5 },
      { type: '-', isNull: false, error: 'WRONGTYPE bad' },
      { type: '$', isNull: true },
      { type: '$', isNull: false },
    ],
  },
  {
    name: 'non-ascii error text',
    wire: '-ERR clé\r\n',
    values: [new SimpleError(Buffer.from('ERR clé', 'utf8'))],
    counts: [{ type: '-', isNull: false, error: 'ERR clé' }],
  },
];

const feeds = { whole, 'byte by byte': byteByByte };

describe('RespDecoder cases', () => {
  for (const c of cases) {
    const bytes = Buffer.from(c.wire, 'utf8');
    for (const [feedName, feed] of Object.entries(feeds)) {
      it(`${c.name}: value mode, ${feedName}`, () => {
        expect(decodeValues(feed(bytes))).toStrictEqual(c.values);
      });
      it(`${c.name}: count mode, ${feedName}`, () => {
        expect(decodeCounts(feed(bytes))).toStrictEqual(c.counts);
      });
    }
  }
});
