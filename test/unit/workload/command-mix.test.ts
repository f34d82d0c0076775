import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';
import { compileMix } from '../../../src/workload/command-mix.js';
import { compileTemplate } from '../../../src/workload/template-compiler.js';
import { makeContext } from './fixtures.js';
import { decodeCommands, RespSink } from './resp-sink.js';

describe('compileMix', () => {
  it('picks entries in proportion to their weights', () => {
    const ctx = makeContext();
    const e = (t: string) => compileTemplate(parseTemplate(t), ctx);
    const mix = compileMix(
      [
        { emitters: [e('GET {key}')], weight: 80 },
        { emitters: [e('SET {key} {value}')], weight: 15 },
        { emitters: [e('DEL {key}')], weight: 5 },
        { emitters: [e('PING')], weight: 0 },
      ],
      ctx,
    );
    const counts = [0, 0, 0, 0];
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[mix.pick()]!++;
    expect(counts[0]! / draws).toBeCloseTo(0.8, 2);
    expect(counts[1]! / draws).toBeCloseTo(0.15, 2);
    expect(counts[2]! / draws).toBeCloseTo(0.05, 2);
    expect(counts[3]).toBe(0);
  });

  it('wraps a transaction entry in MULTI/EXEC with one hash tag and counts its replies', () => {
    const ctx = makeContext({
      keyspaces: [{ name: null, prefix: 'a:', keys: 5000, distribution: { kind: 'uniform' }, hashtag: true }],
    });
    const e = (t: string) => compileTemplate(parseTemplate(t), ctx);
    const mix = compileMix([{ emitters: [e('INCR {key}'), e('EXPIRE {key} 60')], weight: 1, transaction: true }], ctx);
    const sink = new RespSink();
    expect(mix.emit(mix.pick(), sink)).toBe(4);
    const cmds = decodeCommands(sink.take());
    expect(cmds.map((c) => c[0])).toEqual(['MULTI', 'INCR', 'EXPIRE', 'EXEC']);
    const tag = (k: string) => /\{(\d+)\}/.exec(k)![1];
    expect(tag(cmds[1]![1]!)).toBe(tag(cmds[2]![1]!));
    expect(cmds[2]![2]).toBe('60');
  });

  it('gives the Nth {key} of every command in a MULTI block the same key, and fresh keys per block', () => {
    const ctx = makeContext({
      keyspaces: [
        { name: null, prefix: 'a:', keys: 1_000_000, distribution: { kind: 'uniform' } },
        { name: 'dst', prefix: 'b:', keys: 1_000_000, distribution: { kind: 'uniform' } },
      ],
    });
    const e = (t: string) => compileTemplate(parseTemplate(t), ctx);
    const mix = compileMix(
      [{ emitters: [e('SET {key} x'), e('RENAME {key} {key:dst}'), e('GET {key:dst}')], weight: 1, transaction: true }],
      ctx,
    );
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const sink = new RespSink();
      mix.emit(0, sink);
      const [, set, rename, get] = decodeCommands(sink.take());
      expect(rename![1]).toBe(set![1]);
      expect(get![1]).toBe(rename![2]);
      seen.add(set![1]!);
    }
    expect(seen.size).toBeGreaterThan(15);
    // Outside a block every {key} is its own draw.
    const single = compileMix([{ emitters: [e('MGET {key} {key} {key}')], weight: 1 }], ctx);
    const sink = new RespSink();
    single.emit(0, sink);
    const [mget] = decodeCommands(sink.take());
    expect(new Set(mget!.slice(1)).size).toBe(3);
  });
});
