/** bench:peers' command line: --only picks row groups, --rbench DIR adds a second build, bad input is exit 2. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseOnly, parseOtherRbench, parsePeerArgs } from '../../../bench/peer-options.js';
import { UsageError } from '../../../src/shared/errors.js';
import { REPO_ROOT } from '../../helpers/cli.js';

/** A fake file system holding a built checkout at /tmp/before. */
const builtAt = (dir: string) => (path: string) => path === join(dir, 'bin', 'rbench') || path === join(dir, 'dist', 'src', 'cli', 'main.js');

describe('parsePeerArgs', () => {
  it('defaults to every group, 3 rounds of 5 s, pinned, no second rbench', () => {
    expect(parsePeerArgs([])).toEqual({ rounds: 3, durationS: 5, durationArg: '5s', pin: true, only: ['base', 'values', 'cluster'], otherRbench: null });
  });

  it('takes --only as a comma list, in either spelling, and keeps the run order', () => {
    expect(parsePeerArgs(['--only', 'cluster,values'])!.only).toEqual(['values', 'cluster']);
    expect(parsePeerArgs(['--only=cluster'])!.only).toEqual(['cluster']);
    expect(parsePeerArgs(['--only', 'base, base'])!.only).toEqual(['base']);
  });

  it('takes --rbench DIR when DIR is a built checkout, labelled after the folder', () => {
    const options = parsePeerArgs(['--rbench', '/tmp/before', '--rounds', '1', '--duration', '2', '--no-pin'], builtAt('/tmp/before'))!;
    expect(options.otherRbench).toEqual({ dir: '/tmp/before', label: 'rbench@before' });
    expect(options).toMatchObject({ rounds: 1, durationS: 2, durationArg: '2s', pin: false });
  });

  it('returns null for --help', () => {
    expect(parsePeerArgs(['--help'])).toBeNull();
  });

  it.each([
    [['--only', 'clusters'], /--only: unknown group "clusters"/],
    [['--only', 'values,'], /--only: unknown group ""/],
    [['--only'], /--only needs a value/],
    [['--rbench', '/tmp/before'], /--rbench \/tmp\/before: no bin\/rbench there/],
    [['--rounds', '0'], /--rounds must be a positive integer, got "0"/],
    [['--duration', 'soon'], /bad --duration "soon"/],
    [['--warmup', '1s'], /unknown argument "--warmup"/],
  ])('refuses %j with a usage error', (argv, message) => {
    const exists = (path: string) => path.startsWith('/elsewhere');
    let caught: unknown;
    try {
      parsePeerArgs(argv, exists);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toMatch(message);
    expect((caught as UsageError).exitCode).toBe(2);
  });
});

describe('the pieces', () => {
  it('parseOnly lists the groups in run order', () => {
    expect(parseOnly('cluster,base')).toEqual(['base', 'cluster']);
  });

  it('parseOtherRbench names the missing dist/ of an unbuilt checkout', () => {
    const sourceOnly = (path: string) => path === '/src/co/bin/rbench';
    expect(() => parseOtherRbench('/src/co', sourceOnly)).toThrow(/no dist\/src\/cli\/main\.js there/);
  });

  it('parseDuration reads ms, s, m and bare seconds', () => {
    expect([parseDuration('500ms'), parseDuration('2s'), parseDuration('1m'), parseDuration('1.5')]).toEqual([0.5, 2, 60, 1.5]);
  });
});

describe('node dist/bench/peers.js with bad input', () => {
  it('prints one line and a hint, exits 2, before starting anything', () => {
    const script = join(REPO_ROOT, 'dist', 'bench', 'peers.js');
    expect(existsSync(script), `${script} is missing: npm run build`).toBe(true);
    const r = spawnSync(process.execPath, [script, '--only', 'nope'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bench:peers: --only: unknown group "nope"\n  use base, values, cluster, or a comma-separated list of them\n');
  });
});
