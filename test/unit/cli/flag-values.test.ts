/** Flag values as typed: joined before yargs misreads them, and echoed in messages. */
import { describe, expect, it } from 'vitest';
import { checkNumberFlags, joinDashValues, rawFlagValue, wholeNumberFlag } from '../../../src/cli/flag-values.js';

describe('joinDashValues', () => {
  it('joins a lone "-" and negative numbers to their option, and nothing else', () => {
    expect(joinDashValues(['run', '--json', '-', '--duration', '-5s', '--warmup', '-.5', '--quiet', '-h'])).toEqual([
      'run', '--json=-', '--duration=-5s', '--warmup=-.5', '--quiet', '-h',
    ]);
    expect(joinDashValues(['--out', 'x', '--json=-'])).toEqual(['--out', 'x', '--json=-']);
  });
});

describe('checkNumberFlags', () => {
  it('names the first flag yargs turned into NaN with the text given', () => {
    const argv = ['run', '--connections', 'abc', '--runs=2'];
    expect(() => checkNumberFlags({ connections: NaN, runs: 2 }, argv)).toThrow('--connections needs a number, got "abc"');
    expect(() => checkNumberFlags({ weight: [1, NaN], 'wait-replicas': 1 }, ['--weight', '1', '--weight', 'x'])).toThrow('--weight needs a number, got "x"');
    expect(() => checkNumberFlags({ connections: 5, runs: 2 }, argv)).not.toThrow();
  });

  it('reads --flag value and --flag=value', () => {
    expect(rawFlagValue(['--seed', '7'], 'seed')).toBe('7');
    expect(rawFlagValue(['--seed=abc'], 'seed')).toBe('abc');
    expect(rawFlagValue(['--seeds=1'], 'seed')).toBeNull();
  });
});

describe('wholeNumberFlag', () => {
  it('echoes the value given', () => {
    expect(wholeNumberFlag('pipeline', '16', 1)).toBe(16);
    expect(() => wholeNumberFlag('pipeline', 'x', 1)).toThrow('--pipeline must be a whole number of at least 1, got "x"');
    expect(() => wholeNumberFlag('seed', -1, 0)).toThrow('--seed must be a whole number of at least 0, got "-1"');
    expect(() => wholeNumberFlag('pipeline', '', 1)).toThrow(/got ""/);
  });
});
