import { describe, expect, it } from 'vitest';
import { redactUrl, scrubSecrets } from '../../../src/client/redact.js';

describe('redactUrl', () => {
  it.each([
    ['redis://u:pw@h:1', 'redis://u:***@h:1'],
    ['redis://:pw@h', 'redis://:***@h'],
    ['redis://u:p@w/x@h:1/2', 'redis://u:***@h:1/2'],
    ['redis://u@h', 'redis://u@h'],
    ['redis://h:1', 'redis://h:1'],
    ['unix:///tmp/s.sock?db=1&password=pw', 'unix:///tmp/s.sock?db=1&password=***'],
    ['redis://h?Password=pw&db=1', 'redis://h?Password=***&db=1'],
    ['not a url at all', 'not a url at all'],
    ['sentinel://:a@s1/m?sentinelPassword=b&db=1', 'sentinel://:***@s1/m?sentinelPassword=***&db=1'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence, raw and percent-encoded', () => {
    expect(scrubSecrets('a p@ss b p%40ss c', ['p@ss'])).toBe('a *** b *** c');
  });
  it('ignores missing and empty secrets', () => {
    expect(scrubSecrets('text', [undefined, ''])).toBe('text');
  });
});
