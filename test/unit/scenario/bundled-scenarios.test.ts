/** Every bundled scenario is valid, starts with the schema line and a comment, and together they send every required command. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatIssue, validateScenarioFile, type Scenario } from '../../../src/scenario/index.js';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';
import { REQUIRED_COMMANDS } from '../../helpers/required-commands.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yml')).sort();

const REQUIRED = REQUIRED_COMMANDS;

async function load(file: string): Promise<Scenario> {
  const result = await validateScenarioFile(`scenarios/${file}`);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.scenario;
}

function templates(s: Scenario): string[] {
  const steps = [...(s.setup ?? []), ...s.mix];
  const consumers = s.consumers === undefined ? [] : [s.consumers].flat();
  return [...steps.flatMap((e) => e.multi ?? (e.command ? [e.command] : [])), ...consumers.map((c) => c.command)];
}

describe('bundled scenarios', () => {
  test.each(files)('%s is valid and documented', async (file) => {
    await load(file);
    const lines = readFileSync(`scenarios/${file}`, 'utf8').split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    expect(lines[2]).toMatch(/^# Models /);
  });

  test('together they send every required command and option', async () => {
    const all = (await Promise.all(files.map(load))).flatMap(templates);
    const sent = new Set(all.map((t) => parseTemplate(t).command));
    expect(REQUIRED.filter((c) => !sent.has(c))).toEqual([]);
    for (const option of [/^SET .* EX /, /^SET .* PX /, / NX/, / XX$/, /AGGREGATE/, /^ZRANGE .*WITHSCORES/, /^KEYS /]) {
      expect(all.some((t) => option.test(t)), String(option)).toBe(true);
    }
  });

  test('transactions, pub/sub, blocking queue and cache roles are present', async () => {
    const scenarios = await Promise.all(files.map(load));
    expect(scenarios.some((s) => s.mix.some((e) => e.multi !== undefined && e.multi.length > 1))).toBe(true);
    expect(scenarios.some((s) => s.subscribers !== undefined)).toBe(true);
    const consumers = scenarios.flatMap((s) => (s.consumers === undefined ? [] : [s.consumers].flat()));
    expect(new Set(consumers.map((c) => parseTemplate(c.command).command))).toEqual(new Set(['BRPOP', 'BLPOP', 'BRPOPLPUSH']));
    expect(scenarios.some((s) => s.mix.some((e) => e.hitRatio === true))).toBe(true);
  });
});
