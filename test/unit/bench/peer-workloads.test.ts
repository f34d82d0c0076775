/** bench:peers' rows: which blocks each group runs, in which order, with which labels. */
import { describe, expect, it } from 'vitest';
import { blocksFor, fmtSize } from '../../../bench/peer-workloads.js';

describe('blocksFor', () => {
  it('runs SET before GET in every block, P=1 before P=16', () => {
    for (const block of blocksFor(['base', 'values', 'cluster'])) {
      expect(block.rows.map((r) => `${r.command} ${r.pipeline}`)).toEqual(['SET 1', 'SET 16', 'GET 1', 'GET 16']);
    }
  });

  it('base: 3-byte values on one server, labelled as before', () => {
    const [base, ...rest] = blocksFor(['base']);
    expect(rest).toEqual([]);
    expect(base).toMatchObject({ target: 'standalone', dataSize: 3 });
    expect(base!.rows.map((r) => r.label)).toEqual(['SET P=1', 'SET P=16', 'GET P=1', 'GET P=16']);
  });

  it('values: a block of 4 KB, then one of 64 KB, on one server', () => {
    const blocks = blocksFor(['values']);
    expect(blocks.map((b) => [b.target, b.dataSize])).toEqual([['standalone', 4096], ['standalone', 65536]]);
    expect(blocks[1]!.rows.map((r) => r.label)).toEqual(['SET 64KB P=1', 'SET 64KB P=16', 'GET 64KB P=1', 'GET 64KB P=16']);
    expect(blocks.flatMap((b) => b.rows.map((r) => r.group))).toEqual(Array(8).fill('values'));
  });

  it('cluster: 3-byte values on the cluster, in the order base, values, cluster whatever the order asked', () => {
    const blocks = blocksFor(['cluster', 'base']);
    expect(blocks.map((b) => [b.target, b.dataSize, b.rows[0]!.label])).toEqual([
      ['standalone', 3, 'SET P=1'],
      ['cluster', 3, 'cluster SET P=1'],
    ]);
  });
});

describe('fmtSize', () => {
  it('prints whole kilobytes as KB and the rest in bytes', () => {
    expect([fmtSize(3), fmtSize(4096), fmtSize(65536), fmtSize(1500)]).toEqual(['3B', '4KB', '64KB', '1500B']);
  });
});
