/** bench:peers' command lines: the same row on one server and on a cluster, per tool. */
import { describe, expect, it } from 'vitest';
import type { BenchTarget } from '../../../bench/peer-targets.js';
import { memtierArgv, rbenchArgv, redisBenchmarkArgv, type RunSpec } from '../../../bench/peer-tools.js';

const target = (kind: BenchTarget['kind']): BenchTarget => ({
  kind,
  host: '127.0.0.1',
  port: 7001,
  url: kind === 'cluster' ? 'cluster://127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003' : 'redis://127.0.0.1:7001',
  nodes: [],
  counters: () => Promise.reject(new Error('not in this test')),
  flush: () => Promise.resolve(),
  stop: () => Promise.resolve(),
});
const spec = (kind: BenchTarget['kind'], over: Partial<RunSpec> = {}): RunSpec => ({ target: target(kind), command: 'GET', pipeline: 16, dataSize: 65536, ...over });

describe('redisBenchmarkArgv', () => {
  it('one server: the row as flags', () => {
    expect(redisBenchmarkArgv(spec('standalone'), 5000).join(' ')).toBe(
      'redis-benchmark -h 127.0.0.1 -p 7001 -c 50 -n 5000 -P 16 -d 65536 -t get -r 10000 --precision 3',
    );
  });

  it('cluster: --cluster with one thread (it would start one per master)', () => {
    expect(redisBenchmarkArgv(spec('cluster', { command: 'SET', dataSize: 3 }), 5000).join(' ')).toBe(
      'redis-benchmark -h 127.0.0.1 -p 7001 -c 50 -n 5000 --cluster --threads 1 -P 16 -d 3 -t set -r 10000 --precision 3',
    );
  });
});

describe('memtierArgv', () => {
  it('one server, timed: percentiles up to p100 (its max)', () => {
    expect(memtierArgv(spec('standalone'), { seconds: 5 }).join(' ')).toBe(
      'memtier_benchmark -s 127.0.0.1 -p 7001 --protocol redis -c 50 -t 1 --pipeline 16 --ratio 0:1 -d 65536 --key-minimum 1 --key-maximum 10000 ' +
        '--hide-histogram --test-time 5 --print-percentiles 50,99,99.9,100',
    );
  });

  it('cluster pre-fill: --cluster-mode, one connection, key by key', () => {
    const argv = memtierArgv(spec('cluster', { command: 'SET' }), { requests: 10000, keyPattern: 'P:P' }, 1);
    expect(argv.slice(0, 9)).toEqual(['memtier_benchmark', '-s', '127.0.0.1', '-p', '7001', '--protocol', 'redis', '--cluster-mode', '-c']);
    expect(argv.join(' ')).toContain('-c 1 -t 1 --pipeline 16 --ratio 1:0');
    expect(argv.join(' ')).toMatch(/--key-pattern P:P --requests 10000$/);
  });
});

describe('rbenchArgv', () => {
  it('runs the given checkout against the cluster URL for a duration', () => {
    const argv = rbenchArgv('/tmp/before', spec('cluster'), { seconds: 5, durationArg: '5s' });
    expect(argv.slice(1).join(' ')).toBe(
      '/tmp/before/bin/rbench run --target cluster://127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 --command GET {key} --data-size 65536 ' +
        '--keys 10000 --connections 50 --pipeline 16 --duration 5s --workers 1 --reset none --json=- --quiet',
    );
    expect(argv[0]).toBe(process.execPath);
  });

  it('overwrites the prefilled keys as the peers do, instead of deleting them first (its default reset)', () => {
    const argv = rbenchArgv('/r', spec('standalone', { command: 'SET' }), { requests: 1000 });
    expect(argv[argv.indexOf('--reset') + 1]).toBe('none');
  });

  it('takes a request count instead', () => {
    expect(rbenchArgv('/r', spec('standalone', { command: 'SET' }), { requests: 120000 }).join(' ')).toContain("--command SET {key} {value} --data-size 65536 --keys 10000 --connections 50 --pipeline 16 --requests 120000");
  });
});
