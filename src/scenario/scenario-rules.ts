/**
 * Rules that need more than one field: keyspace names used in templates exist, KEYS and SCAN stay
 * inside the scenario's own keys, roles have the commands that feed them, and so on. They run on
 * the raw data next to the schema check, so one pass reports everything.
 */
import { expandChannel } from './channels.js';
import { defaultPrefix, keyPrefixOf } from './keyspace-prefix.js';
import { entriesOf, field, templateSites, type TemplateSite } from './scenario-walk.js';
import { tryParseTemplate } from './template-check.js';
import { literalOf, optionWord } from './template-args.js';
import { nearest, TemplateSyntaxError, type ParsedTemplate } from './template-syntax.js';
import type { LocatedProblem } from './zod-issues.js';

const PRODUCERS = new Set(['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX', 'ZADD', 'LMOVE', 'RPOPLPUSH']);

interface Parsed extends TemplateSite {
  template: ParsedTemplate;
}

/** Every cross-field problem in the raw scenario data. */
export function checkScenarioRules(data: unknown): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  const problem = (path: LocatedProblem['path'], message: string, innerColumn?: number) =>
    out.push({ path, message, target: innerColumn === undefined ? { path } : { path, innerColumn } });

  if (field(data, 'duration') !== undefined && field(data, 'requests') !== undefined) {
    problem(['requests'], 'set `duration` or `requests`, not both');
  }
  const pipeline = field(data, 'pipeline');
  if (Array.isArray(pipeline)) {
    pipeline.forEach((depth, i) => {
      if (pipeline.indexOf(depth) !== i) problem(['pipeline', i], `pipeline depth ${String(depth)} is listed twice`);
    });
  }
  const prefixes = keyPrefixes(data, problem);
  const parsed: Parsed[] = [];
  for (const site of templateSites(data)) {
    const result = tryParseTemplate(site.text);
    if ('template' in result) parsed.push({ ...site, template: result.template });
  }
  checkKeyspaceRefs(parsed, Object.keys(prefixes.named), problem);
  checkPatterns(parsed, [...prefixes.all], problem);
  checkRoles(data, parsed, problem);
  return out;
}

type Report = (path: LocatedProblem['path'], message: string, innerColumn?: number) => void;

// The key prefixes the scenario owns (raw and hash-tagged), for the KEYS / SCAN MATCH rule.
function keyPrefixes(data: unknown, problem: Report): { all: Set<string>; named: Record<string, unknown> } {
  const name = typeof field(data, 'name') === 'string' ? (field(data, 'name') as string) : 'scenario';
  const all = new Set<string>();
  const named = Object.fromEntries(entriesOf(field(data, 'keyspaces')));
  const spaces: [string[], string | null, unknown][] = [[['keyspace'], null, field(data, 'keyspace')]];
  for (const [spaceName, spec] of Object.entries(named)) spaces.push([['keyspaces', spaceName], spaceName, spec]);
  for (const [path, spaceName, spec] of spaces) {
    const rawPrefix = field(spec, 'prefix');
    const prefix = typeof rawPrefix === 'string' ? rawPrefix : defaultPrefix(name, spaceName);
    const hashtag = field(spec, 'hashtag') === true;
    if (hashtag && prefix.includes('{')) {
      problem([...path, 'hashtag'], 'the prefix already holds a {tag}; `hashtag: true` would nest braces, so drop one of them');
    }
    all.add(prefix);
    all.add(keyPrefixOf(prefix, hashtag));
  }
  return { all, named };
}

function checkKeyspaceRefs(parsed: Parsed[], names: string[], problem: Report): void {
  for (const site of parsed) {
    for (const arg of site.template.args) {
      for (const part of arg.parts) {
        if (part.kind !== 'key' || part.space === null || names.includes(part.space)) continue;
        const hint = nearest(part.space, names);
        const known = names.length === 0 ? 'there is no `keyspaces:` section' : `known: ${names.join(', ')}`;
        problem(site.path, `{key:${part.space}} names no keyspace${hint ? `; did you mean {key:${hint}}?` : ` (${known})`}`, arg.column);
      }
    }
  }
}

// KEYS and SCAN walk the whole database; limited to this scenario's prefix they stay cheap and
// never touch data the scenario did not create.
function checkPatterns(parsed: Parsed[], prefixes: string[], problem: Report): void {
  for (const site of parsed) {
    const { command, args } = site.template;
    let patternArg = command === 'KEYS' ? args[1] : undefined;
    if (command === 'SCAN') {
      const at = args.findIndex((a, i) => i >= 2 && optionWord(a) === 'MATCH');
      patternArg = at < 0 ? undefined : args[at + 1];
      if (at < 0) {
        problem(site.path, `SCAN needs MATCH with a pattern under the scenario's prefix (e.g. SCAN 0 MATCH ${prefixes[0] ?? 'prefix:'}* COUNT 100)`, 1);
        continue;
      }
    }
    if (patternArg === undefined) continue;
    const pattern = literalOf(patternArg);
    if (pattern === null || !prefixes.some((p) => p !== '' && pattern.startsWith(p))) {
      problem(
        site.path,
        `${command} pattern must be plain text starting with a keyspace prefix (${prefixes.map((p) => `"${p}"`).join(', ')}) so it only walks this scenario's keys`,
        patternArg.column,
      );
    }
  }
}

function checkRoles(data: unknown, parsed: Parsed[], problem: Report): void {
  const mix = parsed.filter((s) => s.path[0] === 'mix');
  const subscribers = field(data, 'subscribers');
  if (subscribers !== undefined) {
    if (!mix.some((s) => s.template.command === 'PUBLISH')) {
      problem(['subscribers'], 'subscribers need publishers: add a mix entry like `PUBLISH news:{int:1..10} {value}`');
    }
    if (field(subscribers, 'channels') === undefined && field(subscribers, 'patterns') === undefined) {
      problem(['subscribers'], 'name `channels` or `patterns` to subscribe to');
    }
    const channels = field(subscribers, 'channels');
    const list = Array.isArray(channels) ? channels : [channels];
    list.forEach((channel, i) => {
      if (typeof channel !== 'string') return;
      try {
        expandChannel(channel);
      } catch (err) {
        if (!(err instanceof TemplateSyntaxError)) throw err;
        problem(Array.isArray(channels) ? ['subscribers', 'channels', i] : ['subscribers', 'channels'], err.message, err.column);
      }
    });
  }
  if (field(data, 'consumers') !== undefined && !mix.some((s) => PRODUCERS.has(s.template.command))) {
    problem(['consumers'], 'consumers need producers: add a mix entry that pushes, like `LPUSH {key} {value}`');
  }
}
