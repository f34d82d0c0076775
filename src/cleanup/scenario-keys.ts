/**
 * Which keys a scenario writes, as patterns: every template argument that names a key space
 * ({key}, {key:NAME}) becomes one SCAN MATCH glob (its literal start, then *) and one exact
 * regular expression, so deletion finds the scenario's keys quickly and touches no other key.
 * Also which databases it writes to: the target's, plus any a MOVE or COPY ... DB names.
 */
import type { KeyspacePlan, Plan } from '../plan/index.js';
import type { ParsedTemplate, TemplateArg } from '../scenario/template-syntax.js';

export interface KeyPattern {
  /** SCAN MATCH glob: a superset of the keys (the argument's literal start, then *). */
  match: string;
  /** The exact shape of the keys: only these are deleted. */
  exact: RegExp;
  /** The argument as written, for messages. */
  text: string;
}

export interface ScenarioKeys {
  patterns: KeyPattern[];
  /** Databases besides the target's own that the mix writes to (MOVE key 1, COPY ... DB 2). */
  extraDbs: number[];
  /** Key spaces used with an empty prefix: their keys are bare numbers, too easy to confuse with others. */
  emptyPrefixes: string[];
}

/** The key patterns and databases of every template of the plan (mix, setup, consumers). */
export function scenarioKeys(plan: Plan): ScenarioKeys {
  const templates = [...plan.mix, ...plan.setup].flatMap((s) => s.commands.map((c) => c.template));
  templates.push(...plan.roles.consumers.map((c) => c.command.template));
  const byText = new Map<string, KeyPattern>();
  const emptyPrefixes = new Set<string>();
  const extraDbs = new Set<number>();
  for (const template of templates) {
    for (const arg of template.args.slice(1)) {
      if (!arg.parts.some((p) => p.kind === 'key')) continue;
      const pattern = keyPattern(arg, plan, emptyPrefixes);
      byText.set(pattern.exact.source, pattern);
    }
    const db = writtenDb(template);
    if (db !== null) extraDbs.add(db);
  }
  return { patterns: [...byText.values()], extraDbs: [...extraDbs].sort((a, b) => a - b), emptyPrefixes: [...emptyPrefixes] };
}

function keyPattern(arg: TemplateArg, plan: Plan, emptyPrefixes: Set<string>): KeyPattern {
  let regex = '';
  let glob = '';
  let literalStart = true;
  let text = '';
  for (const part of arg.parts) {
    if (part.kind === 'literal') {
      regex += escapeRegex(part.text);
      if (literalStart) glob += escapeGlob(part.text);
      text += part.text;
      continue;
    }
    if (part.kind === 'key') {
      const space = keyspaceOf(plan, part.space);
      if (space.keyPrefix === '') emptyPrefixes.add(part.space ?? 'keyspace');
      // prefix, then rbench's own cluster hash tag ({g}:) when it adds one, then the key number.
      regex += `${escapeRegex(space.keyPrefix)}(?:\\{\\d+\\}:)?\\d+`;
      if (literalStart) glob += escapeGlob(space.keyPrefix);
      text += part.space === null ? '{key}' : `{key:${part.space}}`;
    } else {
      regex += part.kind === 'int' || part.kind === 'seq' || part.kind === 'now' ? '-?\\d+' : '.*';
      text += `{${part.kind}}`;
    }
    literalStart = false;
  }
  return { match: `${glob}*`, exact: new RegExp(`^${regex}$`, 's'), text };
}

function keyspaceOf(plan: Plan, name: string | null): KeyspacePlan {
  if (name === null) return plan.keyspace;
  const space = plan.keyspaces[name];
  if (space === undefined) throw new RangeError(`unknown keyspace ${name}`);
  return space;
}

/** MOVE key DB and COPY src dst DB n write to another database; the number when it is literal. */
function writtenDb(template: ParsedTemplate): number | null {
  const literal = (arg: TemplateArg | undefined): string | null => {
    if (arg === undefined || arg.parts.some((p) => p.kind !== 'literal')) return null;
    return arg.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
  };
  const number = (text: string | null) => (text !== null && /^\d+$/.test(text) ? Number(text) : null);
  if (template.command === 'MOVE') return number(literal(template.args[2]));
  if (template.command === 'COPY') {
    const i = template.args.findIndex((a) => literal(a)?.toUpperCase() === 'DB');
    return i > 0 ? number(literal(template.args[i + 1])) : null;
  }
  return null;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redis glob special characters: * ? [ ] and the backslash. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
