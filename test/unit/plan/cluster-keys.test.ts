import { describe, expect, test } from 'vitest';
import { keySlot } from '../../../src/client/cluster/key-slot.js';
import { buildPlan, clusterKeyPlan, splitPlan } from '../../../src/plan/index.js';
import { validateScenarioText, type Scenario } from '../../../src/scenario/index.js';
import { compileWorkload } from '../../../src/worker/workload-setup.js';
import { MAIN_MIX, workloadLayout } from '../../../src/worker/workload-layout.js';
import { CommandEncoder } from '../../../src/resp/encoder.js';

function plan(text: string) {
  const result = validateScenarioText(text, 'inline.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildPlan(result.scenario as Scenario, { cpuCount: 2, workers: 1 });
}

describe('clusterKeyPlan', () => {
  test('tags untagged keyspaces that multi-key commands and blocks use, and no others', () => {
    const p = plan(`name: t
keyspaces:
  dst: { prefix: "d:", keys: 100 }
  solo: { prefix: "s:", keys: 100 }
  tagged: { prefix: "t:{x}:", keys: 100 }
mix:
  - command: "MGET {key} {key}"
  - command: "SUNIONSTORE {key:dst} {key} {key}"
  - command: "GET {key:solo}"
  - multi: ["INCR {key:tagged}", "EXPIRE {key:tagged} 5"]
`);
    const { autoTag, problems } = clusterKeyPlan(p);
    expect(problems).toEqual([]);
    expect(autoTag.sort()).toEqual([null, 'dst'].sort());
  });

  test('names every step that mixes tagged and untagged, or different tags', () => {
    const p = plan(`name: t
keyspace: { prefix: "a:", keys: 10, hashtag: true }
keyspaces:
  b: { prefix: "b:{x}:", keys: 10 }
  c: { prefix: "c:", keys: 10 }
mix:
  - command: "SMOVE {key} {key:b} m"
  - { name: pair, multi: ["SET {key:b} 1", "SET {key:c} 1"] }
  - command: "RENAME {key} {key}"
`);
    const { problems } = clusterKeyPlan(p);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^mix\[0\] "SMOVE": .*the main keyspace \(tag \{a:\}\) and keyspace "b" \(tag \{x\}\)/);
    expect(problems[1]).toMatch(/^mix\[1\] "pair": .*keyspace "c" \(no hash tag\)/);
  });

  test('with the automatic tags, every key of one command lands in one slot, and keys spread', () => {
    const p = plan('name: t\nkeyspace: { keys: 50000 }\nmix:\n  - command: "MGET {key} {key} {key}"\n');
    const share = splitPlan(p, 1)[0]!;
    const workload = compileWorkload(p, share, workloadLayout(p), clusterKeyPlan(p).autoTag);
    const enc = new CommandEncoder();
    const slots = new Set<number>();
    for (let i = 0; i < 500; i++) {
      workload.mix(MAIN_MIX).mix.emit(0, enc);
      const args = enc.take().toString('latin1').split('\r\n').filter((_, k) => k % 2 === 0 && k > 0);
      const keys = args.slice(1);
      expect(keys).toHaveLength(3);
      const s = new Set(keys.map((k) => keySlot(k)));
      expect(s.size, keys.join(' ')).toBe(1);
      slots.add([...s][0]!);
    }
    expect(slots.size).toBeGreaterThan(300);
  });
});
