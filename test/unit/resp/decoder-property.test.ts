/**
 * Property: any stream of RESP3 values, encoded and cut at arbitrary points, decodes back to the
 * same values (value mode) and to one onReply per top-level value with the right type (count mode).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue } from '../../../src/resp/value-encoder.js';
import {
  Attributed, BigNumber, BulkError, Double, NULL, NULL_ARRAY, NULL_BULK, RespMap, RespPush, RespSet,
  SimpleError, SimpleString, VerbatimString, type RespValue,
} from '../../../src/resp/values.js';
import { b, decodeCounts, decodeValues, splitAt, topLevelType } from './harness.js';

const bytes = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
/** Simple strings and errors cannot hold \r or \n. */
const lineBytes = bytes.map((buf) => Buffer.from(buf.filter((c) => c !== 13 && c !== 10)));
const beyondSafe = fc.oneof(
  fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 70n), max: -BigInt(Number.MAX_SAFE_INTEGER) - 1n }),
);

const scalar: fc.Arbitrary<RespValue> = fc.oneof(
  { arbitrary: bytes, weight: 4 },
  lineBytes.map((x) => new SimpleString(x)),
  lineBytes.map((x) => new SimpleError(x)),
  fc.maxSafeInteger(),
  beyondSafe,
  fc.boolean(),
  fc.double().map((d) => new Double(d)),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }).map((n) => new BigNumber(n)),
  bytes.map((x) => new BulkError(x)),
  fc.tuple(fc.constantFrom('txt', 'mkd'), bytes).map(([f, t]) => new VerbatimString(f, t)),
  fc.constantFrom<RespValue>(NULL_BULK, NULL_ARRAY, NULL),
);

const { value } = fc.letrec<{ value: RespValue; map: RespMap }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 5 },
    fc.array(tie('value'), { maxLength: 4 }),
    tie('map'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new RespSet(items)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new RespPush(items)),
    fc.tuple(tie('map'), tie('value')).map(([attrs, v]) => new Attributed(attrs, v)),
  ),
  map: fc
    .array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 })
    .map((entries) => new RespMap(entries)),
}));

const stream = fc.record({
  values: fc.array(value, { minLength: 1, maxLength: 5 }),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

describe('RespDecoder round trip (property)', () => {
  it('the equality used here tells apart what must differ', () => {
    expect([NULL_BULK]).not.toStrictEqual([NULL_ARRAY]);
    expect([new Double(0)]).not.toStrictEqual([new Double(-0)]);
    expect([b('a')]).not.toStrictEqual([b('b')]);
    expect([new SimpleString(b('a'))]).not.toStrictEqual([new SimpleError(b('a'))]);
    expect([1]).not.toStrictEqual([1n]);
  });

  it('value mode: encode, cut anywhere, decode gives the same values', () => {
    fc.assert(
      fc.property(stream, ({ values, cuts }) => {
        const wire = Buffer.concat(values.map((v) => encodeValue(v)));
        const chunks = splitAt(wire, cuts.map((c) => c % (wire.length + 1)));
        expect(decodeValues(chunks)).toStrictEqual(values);
      }),
      { numRuns: 1500 },
    );
  });

  it('count mode: one onReply per top-level value, with its type', () => {
    fc.assert(
      fc.property(stream, ({ values, cuts }) => {
        const wire = Buffer.concat(values.map((v) => encodeValue(v)));
        const chunks = splitAt(wire, cuts.map((c) => c % (wire.length + 1)));
        const events = decodeCounts(chunks).map((e) => ({ type: e.type, isNull: e.isNull }));
        expect(events).toStrictEqual(values.map(topLevelType));
      }),
      { numRuns: 1500 },
    );
  });

  it('byte-by-byte feeding agrees with whole feeding', () => {
    fc.assert(
      fc.property(value, (v) => {
        const wire = encodeValue(v);
        const oneByOne = splitAt(wire, Array.from({ length: wire.length }, (_, i) => i));
        expect(decodeValues(oneByOne)).toStrictEqual([v]);
      }),
      { numRuns: 300 },
    );
  });
});
