/**
 * Checks one command template in the place it appears. Syntax, the command table and where a
 * command may be used (blocking pops only under `consumers:`) need nothing but the text; checks
 * that need the whole scenario (keyspace names, KEYS patterns) live in scenario-rules.ts.
 */
import { checkAgainstSpec, type TemplateProblem } from './command-check.js';
import { commandSpec, knownCommandNames, reservedReason } from './command-table.js';
import { nearest, parseTemplate, TemplateSyntaxError, type ParsedTemplate } from './template-syntax.js';

/** Where a template appears: a mix entry, one command of a `multi:` block, a setup step, a consumer. */
export type TemplateRole = 'mix' | 'multi' | 'setup' | 'consumer';

/** Parses a template, or returns the syntax problem; no command-table checks. */
export function tryParseTemplate(text: string): { template: ParsedTemplate } | { problem: TemplateProblem } {
  try {
    return { template: parseTemplate(text) };
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return { problem: { message: err.message, column: err.column } };
    throw err;
  }
}

/** Every problem with `text` as a template used in `role`. */
export function checkTemplateText(text: string, role: TemplateRole): TemplateProblem[] {
  const parsed = tryParseTemplate(text);
  if ('problem' in parsed) return [parsed.problem];
  const { template } = parsed;
  const name = template.command;
  const head = template.args[0]!.column;
  const reserved = reservedReason(name);
  if (reserved) return [{ message: `${name} cannot be sent from a template: ${reserved}`, column: head }];
  const spec = commandSpec(name);
  if (!spec) {
    const hint = nearest(name, knownCommandNames());
    return [{ message: `unknown command ${name}${hint ? `; did you mean ${hint}?` : ''}`, column: head }];
  }
  if (spec.blocking && role !== 'consumer') {
    return [{ message: `${name} blocks its connection; blocking pops belong under \`consumers:\``, column: head }];
  }
  if (!spec.blocking && role === 'consumer') {
    return [{ message: `a consumer runs a blocking pop (BRPOP, BLPOP, BRPOPLPUSH, BLMOVE, BZPOPMIN, BZPOPMAX), not ${name}`, column: head }];
  }
  return checkAgainstSpec(template, spec);
}
