/** Scenario bytes to text: the size cap and strict UTF-8 with the position of the first bad byte. */
import { describe, expect, it } from 'vitest';
import { decodeScenarioBytes, firstInvalidUtf8 } from '../../../src/scenario/scenario-bytes.js';
import { MAX_SCENARIO_BYTES } from '../../../src/scenario/limits.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('firstInvalidUtf8', () => {
  it.each([
    ['plain ASCII', bytes('name: t\n'), 8],
    ['2-, 3- and 4-byte characters', bytes('é€😀'), 9],
    ['a Latin-1 byte', bytes('caf', [0xe9], '\n'), 3],
    ['a cut-off sequence at the end', bytes('ab', [0xe2, 0x82]), 2],
    ['an overlong encoding of "/"', bytes('a', [0xc0, 0xaf]), 1],
    ['a UTF-16 surrogate', bytes('a', [0xed, 0xa0, 0x80]), 1],
    ['a code point above U+10FFFF', bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a stray continuation byte', bytes('ok', [0x80]), 2],
  ])('%s', (_what, input, offset) => {
    expect(firstInvalidUtf8(input)).toBe(offset);
  });
});

describe('decodeScenarioBytes', () => {
  it('returns the text of valid UTF-8', () => {
    expect(decodeScenarioBytes(bytes('name: café\n'))).toEqual({ ok: true, text: 'name: café\n' });
  });

  it('gives line and column in characters, not bytes', () => {
    const result = decodeScenarioBytes(bytes('name: t\nmix:\n  - command: "SET {key} é', [0xff], '"\n'));
    expect(result).toEqual({ ok: false, problem: { line: 3, column: 26, message: 'byte 0xff is not valid UTF-8; save the file as UTF-8' } });
  });

  it('refuses a file over the cap by its whole size', () => {
    const result = decodeScenarioBytes(new Uint8Array(10), 50 * 1024 * 1024);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem.message).toMatch(/^the file is 50 MB; a scenario is at most 1 MB/);
    expect(decodeScenarioBytes(new Uint8Array(MAX_SCENARIO_BYTES).fill(0x20)).ok).toBe(true);
  });
});
