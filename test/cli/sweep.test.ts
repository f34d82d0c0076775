/**
 * `rbench sweep` against a real server made the bottleneck: every command is `WAIT 1 20`, which
 * (with no replicas) holds its connection for 20 ms, so 60 connections carry at most 3,000 ops/s,
 * far below what the client can send. A timer rather than CPU work sets that limit, so it barely
 * moves when other processes load this machine (a Lua busy loop's capacity halved under load).
 * `--hz 500` makes the server notice the timeouts every 2 ms instead of every 100 ms. The sweep
 * must show achieved throughput following the target until saturation, stop early there, find a
 * knee near it and a max-within-SLO rate that a follow-up `rbench run --rate` confirms.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { reportSchemaErrors } from '../helpers/report-schema.js';
import { describeRun, hasStackTrace, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { connectTo, useRedis } from '../helpers/redis.js';

requireBuiltCli();
const server = useRedis({ extraArgs: ['--hz', '500'] });
const tmp = useTempDir();

// Margins sized for a starved machine (test suites of four sessions on two cores): below capacity
// p99 is the 20 ms hold plus scheduling stalls, seen up to ~500 ms; a step at 4x capacity grows a
// backlog for its whole 3 s, so its p99 passes 2 s. Stalls also leave up to ~15% of a short
// step's commands unsent at its end, hence `achievedBelow: 0.7` rather than the default 0.9.
const SLO_P99_MS = 1000;
const SCENARIO = `name: busy-server
connections: 60
workers: 1
keyspace: { keys: 1000 }
setup:
  - { command: "HSET {key} f1 {value} f2 {value} f3 {value}" }
mix:
  - { command: "WAIT 1 20" }
slo: { p99: ${SLO_P99_MS}ms, errorRate: 0 }
sweep: { over: rate, values: [1000], stepDuration: 3s, warmup: 500ms, achievedBelow: 0.7 }
`;

describe('rbench sweep', () => {
  test('rate sweep: throughput rises to saturation, knee near it, max within SLO confirmed by a fixed-rate run', { timeout: 90_000 }, async () => {
    const file = join(tmp(), 'busy.yml');
    await writeFile(file, SCENARIO);
    const url = server().url;

    // 60 connections each held 20 ms carry at most 3,000 ops/s; on a loaded machine (each hold
    // stretched by scheduling delays) we saw as little as ~1,700/s. Three steps well below that and
    // steps well above it, so no step sits at the edge, where a pass or a miss would be luck.
    // --values replaces the scenario's list; the rest of its sweep section stays.
    const capacity = 60 / 0.02;
    const rates = [300, 600, 900, 12_000, 24_000];
    const out = join(tmp(), 'sweep.json');
    const sweep = await runCli([
      'sweep', file, '--target', url, '--over', 'rate', '--values', rates.join(','),
      '--plan-ops', '1M/s', '--plan-keys', '1e6', '--shard-memory', '1gb', '--out', out,
    ]);
    expect(sweep.code, describeRun(sweep)).toBe(0);
    const report = await readReport(out);
    expect(reportSchemaErrors(report)).toEqual([]);
    const c = report.capacity!;
    // Skipped steps leave no phase behind, and skipping is not an interruption.
    expect(report.phases.map((p) => p.name)).toEqual(c.steps.map((s) => s.name));
    expect(report.interrupted).toBe(false);
    const context = `capacity <= ${capacity}/s\n${sweep.stdout}`;

    // Achieved throughput follows the target below capacity...
    const steps = c.steps;
    for (const s of steps.slice(0, 3)) expect(s.opsPerSec, context).toBeGreaterThan(0.75 * s.targetRate!);
    expect(steps[1]!.opsPerSec, context).toBeGreaterThan(steps[0]!.opsPerSec);
    expect(steps[2]!.opsPerSec, context).toBeGreaterThan(steps[1]!.opsPerSec);
    // ...and the sweep stops at the first step the server cannot carry.
    const last = steps[steps.length - 1]!;
    expect(last.saturated, context).not.toBeNull();
    expect(last.opsPerSec, context).toBeLessThan(0.7 * last.targetRate!);
    expect(steps.map((s) => s.value), context).toEqual(rates.slice(0, 4));
    expect(c.stoppedEarly, context).toMatch(/below 70%/);
    expect(c.plannedValues).toEqual(rates);

    // The knee is a step below saturation (the last one, unless stalls lifted its p99).
    expect(c.knee, context).not.toBeNull();
    expect(c.knee!.value, context).toBeLessThan(last.targetRate!);
    expect(c.maxWithinSlo, context).not.toBeNull();
    expect(c.maxWithinSlo!.value, context).toBeGreaterThanOrEqual(rates[1]!);
    expect(c.maxWithinSlo!.value, context).toBeLessThan(last.targetRate!);
    expect(c.summary, context).toMatch(/^sustains .* ops\/s at p99 <= 1s and no errors with this mix; latency rises sharply above .* ops\/s$/);
    expect(sweep.stdout.replace(/\s+/g, ' ')).toContain(c.summary); // the terminal view wraps long lines
    expect(sweep.stdout).toContain('p99 latency vs throughput');

    // Memory per key and per field from the setup's hashes of 3 fields.
    const memory = c.memory!;
    expect(memory.measured).toBe('after setup');
    expect(memory.keysAfter - memory.keysBefore).toBe(1000);
    expect(memory.bytesPerKeyFromInfo).toBeGreaterThan(30);
    const main = memory.samples.find((s) => s.keyspace === 'main')!;
    expect(main).toMatchObject({ sampled: 100, found: 100, types: { hash: 100 }, elementsPerKey: 3, elementName: 'field' });
    expect(main.bytesPerElement! * 3).toBeCloseTo(main.bytesPerKey);
    // The projection's arithmetic, from the figures it printed.
    const p = c.projection!;
    expect(p.shardsForThroughput).toBe(Math.ceil((1e6 * 1.5) / c.maxWithinSlo!.opsPerSec));
    expect(p.shardsForMemory).toBe(Math.ceil((1e6 * memory.bytesPerKey! * 1.5) / 1024 ** 3));
    expect(p.shards).toBe(Math.max(p.shardsForThroughput!, p.shardsForMemory!));

    // The follow-up: a fixed-rate run at the max-within-SLO rate meets the SLO.
    const confirm = await runCli([
      'run', file, '--target', url, '--rate', String(c.maxWithinSlo!.value), '--duration', '3s', '--warmup', '500ms',
      '--quiet', '--out', join(tmp(), 'confirm.json'),
    ]);
    expect(confirm.code, describeRun(confirm)).toBe(0);
    const phase = (await readReport(join(tmp(), 'confirm.json'))).phases[0]!;
    expect(phase.totals.latencyUs.p99, context).toBeLessThanOrEqual(SLO_P99_MS * 1000);
    expect(phase.schedule!.achievedRate, context).toBeGreaterThan(0.75 * c.maxWithinSlo!.value);
  });

  test('a value-size sweep writes each step with its own value size', { timeout: 60_000 }, async () => {
    const file = join(tmp(), 'sizes.yml');
    await writeFile(
      file,
      'name: sizes\nconnections: 4\nworkers: 1\nkeyspace: { prefix: "sizes:", keys: 100k }\nmix:\n  - command: "SET {key} {value}"\n' +
        'sweep: { over: valueSize, values: [100, "5kb"], stepDuration: 1s, earlyStop: false }\n',
    );
    const out = join(tmp(), 'sizes.json');
    // --reset none: both steps' keys stay, so the sizes of both can be read back (a reset would delete the first's).
    const result = await runCli(['sweep', file, '--target', server().url, '--quiet', '--out', out, '--reset', 'none']);
    expect(result.code, describeRun(result)).toBe(0);
    const c = (await readReport(out)).capacity!;
    expect(c.steps.map((s) => [s.name, s.value])).toEqual([['valueSize=100b', 100], ['valueSize=5120b', 5120]]);
    expect(c.memory?.measured).toBe('after the sweep');
    // Keys written in either step hold that step's size, and nothing else.
    const admin = await connectTo(server());
    try {
      const keys = (await admin.call(['KEYS', 'sizes:*'])) as Buffer[];
      const lengths = new Set(await Promise.all(keys.slice(0, 2000).map(async (k) => Number(await admin.call(['STRLEN', k.toString()])))));
      expect([...lengths].sort((a, b) => a - b)).toEqual([100, 5120]);
    } finally {
      await admin.close();
    }
  });

  test('without a sweep section or --over: exit 2 with a hint, no stack trace', async () => {
    const file = join(tmp(), 'plain.yml');
    await writeFile(file, 'name: plain\nmix:\n  - command: "GET {key}"\n');
    const result = await runCli(['sweep', file, '--target', 'redis://127.0.0.1:1']);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/nothing to sweep/);
    expect(result.stderr).toMatch(/--over rate --values/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
