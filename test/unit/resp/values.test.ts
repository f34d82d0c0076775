/**
 * Helpers of the value model: text is decoded only on request, errors expose their kind.
 */
import { describe, expect, it } from 'vitest';
import {
  asString, Attributed, BigNumber, BulkError, Double, isErrorReply, isNull, NULL, NULL_ARRAY, NULL_BULK, RespMap,
  SimpleError, SimpleString, VerbatimString,
} from '../../../src/resp/values.js';
import { b } from './harness.js';

describe('RESP values', () => {
  it('decodes text only when asked, as UTF-8', () => {
    expect(new SimpleString(Buffer.from('héllo')).toString()).toBe('héllo');
    expect(new VerbatimString('txt', b('abc')).toString()).toBe('abc');
    expect(asString(Buffer.from('clé'))).toBe('clé');
    expect(asString(42)).toBe('42');
    expect(asString(new Double(1.5))).toBe('1.5');
    expect(asString(new BigNumber(10n ** 30n))).toBe('1' + '0'.repeat(30));
    expect(asString(new Attributed(new RespMap([]), b('x')))).toBe('x');
    expect(asString([b('a')])).toBeNull();
    expect(asString(NULL_BULK)).toBeNull();
  });

  it('gives an error reply its kind and message', () => {
    const moved = new SimpleError(b('MOVED 3999 127.0.0.1:6381'));
    expect(moved.code).toBe('MOVED');
    expect(moved.message).toBe('MOVED 3999 127.0.0.1:6381');
    expect(new BulkError(b('NOSPACE')).code).toBe('NOSPACE');
    expect(isErrorReply(moved)).toBe(true);
    expect(isErrorReply(b('MOVED'))).toBe(false);
  });

  it('tells the nulls apart from other values', () => {
    for (const n of [NULL, NULL_BULK, NULL_ARRAY]) expect(isNull(n)).toBe(true);
    expect(isNull(b(''))).toBe(false);
    expect(isNull([])).toBe(false);
  });

  it('looks up map entries by string key', () => {
    const m = new RespMap([[b('server'), b('redis')], [new SimpleString(b('version')), b('7.2.4')]]);
    expect(m.get('version')).toStrictEqual(b('7.2.4'));
    expect(m.get('server')).toStrictEqual(b('redis'));
    expect(m.get('mode')).toBeUndefined();
  });
});
