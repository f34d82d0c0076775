import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';
import { compileTemplate } from '../../../src/workload/template-compiler.js';
import { FIXED_US, makeContext } from './fixtures.js';
import { decodeCommands, RespSink } from './resp-sink.js';
import type { WorkloadOptions } from '../../../src/workload/context.js';

function run(template: string, times: number, overrides: Partial<WorkloadOptions> = {}): Buffer {
  const ctx = makeContext(overrides);
  const emitter = compileTemplate(parseTemplate(template), ctx);
  const sink = new RespSink();
  for (let i = 0; i < times; i++) emitter.emit(sink);
  return sink.take();
}

describe('compileTemplate', () => {
  it('writes literal-only commands as exact RESP', () => {
    expect(run('ping', 2).toString()).toBe('*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n');
    expect(run('CONFIG GET "max memory"', 1).toString()).toBe(
      '*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$10\r\nmax memory\r\n',
    );
  });

  it('writes SET {key} {value} with a key in the key space and a value of the data size', () => {
    const cmds = decodeCommands(run('SET {key} {value}', 200));
    expect(cmds).toHaveLength(200);
    for (const [name, key, value] of cmds) {
      expect(name).toBe('SET');
      expect(key).toMatch(/^key:\d+$/);
      expect(Number(key!.slice(4))).toBeLessThan(1000);
      expect(value).toHaveLength(16);
    }
    // By hand, the first command's framing.
    const bytes = run('SET {key} {value}', 1).toString('latin1');
    expect(bytes).toMatch(/^\*3\r\n\$3\r\nSET\r\n\$\d\r\nkey:\d+\r\n\$16\r\n[A-Za-z0-9]{16}\r\n$/);
  });

  it('produces the same bytes for the same seed and worker, different bytes for another worker', () => {
    const t = 'ZADD {key} {float:0..1000} member:{int:1..10000}';
    expect(run(t, 100).equals(run(t, 100))).toBe(true);
    expect(run(t, 100).equals(run(t, 100, { workerIndex: 1, workerCount: 2 }))).toBe(false);
    expect(run(t, 100).equals(run(t, 100, { seed: 43 }))).toBe(false);
  });

  it('composes mixed arguments, ints and floats within their ranges', () => {
    for (const [name, key, score, member] of decodeCommands(
      run('zadd {key} {float:-5..5} member:{int:1..10000}', 500),
    )) {
      expect(name).toBe('ZADD');
      expect(key).toMatch(/^key:\d+$/);
      expect(score).toMatch(/^-?\d+\.\d{4}$/);
      expect(Number(score)).toBeGreaterThanOrEqual(-5);
      expect(Number(score)).toBeLessThanOrEqual(5);
      expect(member).toMatch(/^member:\d+$/);
      const m = Number(member!.slice(7));
      expect(m).toBeGreaterThanOrEqual(1);
      expect(m).toBeLessThanOrEqual(10000);
    }
    const [[, a]] = decodeCommands(run('GET pre{int:7..7}mid{key:dest}post', 1)) as [string[]];
    expect(a).toMatch(/^pre7middst:\d+post$/);
  });

  it('writes {seq} interleaved across workers and {now} in unix ms', () => {
    const seqOf = (w: number) =>
      decodeCommands(run('SET s:{seq} {now}', 3, { workerIndex: w, workerCount: 3 })).map((c) => [c[1], c[2]]);
    expect(seqOf(0)).toEqual([
      ['s:0', String(FIXED_US / 1000)],
      ['s:3', String(FIXED_US / 1000)],
      ['s:6', String(FIXED_US / 1000)],
    ]);
    expect(seqOf(2).map((c) => c[0])).toEqual(['s:2', 's:5', 's:8']);
    expect(decodeCommands(run('INCRBY c {seq}', 2)).map((c) => c[2])).toEqual(['0', '1']);
  });

  it('draws {field} and {member} from their own cardinalities', () => {
    const fields = new Set(decodeCommands(run('HSET {key} {field} {value}', 2000)).map((c) => c[2]));
    expect(fields.size).toBe(20);
    for (const f of fields) expect(f).toMatch(/^field:(1?\d)$/);
    const members = decodeCommands(run('SADD {key} {member}', 100)).map((c) => c[2]!);
    for (const m of members) expect(Number(m.slice(7))).toBeLessThan(10000);
  });

  it('gives every key of a hashtag command the same {tag}, across key spaces', () => {
    const spaces: WorkloadOptions['keyspaces'] = [
      { name: null, prefix: 'k:', keys: 10_000, distribution: { kind: 'zipf', exponent: 0.99 }, hashtag: true },
      { name: 'dest', prefix: 'd:', keys: 300, distribution: { kind: 'uniform' }, hashtag: true },
    ];
    const cmds = decodeCommands(run('MSET {key} {value} {key} {value} {key:dest} x', 500, { keyspaces: spaces }));
    for (const c of cmds) {
      const keys = [c[1]!, c[3]!, c[5]!];
      const parsed = keys.map((k) => /^[kd]:\{(\d+)\}:(\d+)$/.exec(k));
      for (const m of parsed) {
        expect(m).not.toBeNull();
        // The tag is the index's group; G is capped at the smallest space (300).
        expect(Number(m![2]) % 300).toBe(Number(m![1]));
      }
      expect(new Set(parsed.map((m) => m![1])).size).toBe(1);
      expect(Number(parsed[2]![2])).toBeLessThan(300);
    }
    // Consecutive commands do not all share one tag.
    expect(new Set(cmds.map((c) => /\{(\d+)\}/.exec(c[1]!)![1])).size).toBeGreaterThan(10);
  });

  it('rejects a template naming an unknown key space', () => {
    expect(() => compileTemplate(parseTemplate('GET {key:nope}'), makeContext())).toThrow(/no key space "nope"/);
  });
});
