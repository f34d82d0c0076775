/**
 * The same arity and key-position checks as command-check.ts, but against what a connected server
 * says in its COMMAND reply (modules, newer or older versions). The caller decodes the reply into
 * plain objects; this module never touches a socket.
 */
import { checkArity, fixedKeyIndexes, type TemplateProblem } from './command-check.js';
import { commandSpec } from './command-table.js';
import { hasKeyPlaceholder } from './template-args.js';
import type { ParsedTemplate } from './template-syntax.js';

/** One command from the server's COMMAND reply. */
export interface ServerCommandInfo {
  name: string;
  arity: number;
  firstKey: number;
  lastKey: number;
  step: number;
  /** From the reply's flags; keys are then found by the server, not by position. */
  movableKeys?: boolean;
}

/** Problems of `template` against the server's table, keyed by lower- or upper-case name. */
export function checkAgainstServer(template: ParsedTemplate, commands: ReadonlyMap<string, ServerCommandInfo>): TemplateProblem[] {
  const name = template.command;
  const info = commands.get(name) ?? commands.get(name.toLowerCase());
  if (!info) return [{ message: `the server does not know ${name}`, column: template.args[0]?.column }];
  const usage = commandSpec(name)?.usage ?? name;
  const arity = checkArity(name, info.arity, usage, template.args.length);
  if (arity) return [arity];
  // Movable keys (ZUNIONSTORE, EVAL) depend on arguments; the offline table already checked them.
  if (info.movableKeys || commandSpec(name)?.numkeys) return [];
  const keys = fixedKeyIndexes(info.firstKey, info.lastKey, info.step, template.args.length);
  return template.args
    .map((arg, i) => ({ arg, i }))
    .filter(({ arg, i }) => i > 0 && !keys.has(i) && hasKeyPlaceholder(arg))
    .map(({ arg, i }) => ({ message: `{key} in argument ${i + 1} of ${name} is not a key position on this server`, column: arg.column }));
}
