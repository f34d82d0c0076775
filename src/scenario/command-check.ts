/**
 * Checks a parsed template against the command table: arity, key positions and the argument
 * rules that a wrong template most often breaks (ZADD pairs, SET options, numkeys, timeouts).
 * Everything here needs no server; see server-commands.ts for the check against COMMAND.
 */
import type { CommandSpec } from './command-table.js';
import { hasKeyPlaceholder, isNumeric, literalOf, optionWord } from './template-args.js';
import type { ParsedTemplate, TemplateArg } from './template-syntax.js';

/** One problem with a template; `column` is 1-based within the template text when known. */
export interface TemplateProblem {
  message: string;
  column?: number;
}

/** Arity as the server counts it (the command name included) against the number of arguments given. */
export function checkArity(name: string, arity: number, usage: string, argc: number): TemplateProblem | null {
  if (arity > 0 && argc !== arity) {
    return { message: `${name} needs exactly ${arity} arguments (${usage}), got ${argc}` };
  }
  if (arity < 0 && argc < -arity) {
    return { message: `${name} needs at least ${-arity} arguments (${usage}), got ${argc}` };
  }
  return null;
}

/** Argument indexes that hold keys, or null when they depend on a value the template does not fix. */
export function keyIndexes(spec: CommandSpec, args: readonly TemplateArg[]): Set<number> | null {
  const keys = new Set<number>();
  if (spec.numkeys) {
    const n = Number(literalOf(args[spec.numkeys.at]));
    if (!Number.isInteger(n)) return null;
    if (spec.numkeys.destination) keys.add(1);
    for (let i = 0; i < n; i++) keys.add(spec.numkeys.at + 1 + i);
    return keys;
  }
  return fixedKeyIndexes(spec.firstKey, spec.lastKey, spec.step, args.length);
}

/** Key indexes from COMMAND-style first/last/step numbers. */
export function fixedKeyIndexes(firstKey: number, lastKey: number, step: number, argc: number): Set<number> {
  const keys = new Set<number>();
  if (firstKey <= 0 || step <= 0) return keys;
  const last = lastKey < 0 ? argc + lastKey : lastKey;
  for (let i = firstKey; i <= last && i < argc; i += step) keys.add(i);
  return keys;
}

/** Every problem the table can see in `template`. */
export function checkAgainstSpec(template: ParsedTemplate, spec: CommandSpec): TemplateProblem[] {
  const { args } = template;
  const arity = checkArity(spec.name, spec.arity, spec.usage, args.length);
  if (arity) return [arity];
  const problems = [...checkSpecialRules(spec, args)];
  const keys = keyIndexes(spec, args);
  if (keys) {
    args.forEach((arg, i) => {
      if (i > 0 && !keys.has(i) && hasKeyPlaceholder(arg)) {
        problems.push({
          message: `{key} in argument ${i + 1} of ${spec.name} is not a key position (${spec.usage})`,
          column: arg.column,
        });
      }
    });
  }
  return problems;
}

const SET_FLAGS = new Set(['NX', 'XX', 'GET', 'KEEPTTL']);
const SET_WITH_VALUE = new Set(['EX', 'PX', 'EXAT', 'PXAT']);
const ZADD_FLAGS = new Set(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR']);

function checkSpecialRules(spec: CommandSpec, args: readonly TemplateArg[]): TemplateProblem[] {
  switch (spec.name) {
    case 'SET':
      return checkSetOptions(args);
    case 'ZADD':
      return checkZadd(args);
    case 'MSET':
    case 'MSETNX':
      return checkPairs(spec.name, args, 1, 'key value');
    case 'HSET':
    case 'HMSET':
      return checkPairs(spec.name, args, 2, 'field value');
    case 'LINSERT':
      return expectWord(spec, args, 2, ['BEFORE', 'AFTER']);
    case 'MOVE':
      return checkMove(args);
    default:
      if (spec.numkeys) return checkNumkeys(spec, args);
      if (spec.timeoutAt !== null) return checkTimeout(spec, args);
      return [];
  }
}

function checkSetOptions(args: readonly TemplateArg[]): TemplateProblem[] {
  for (let i = 3; i < args.length; i++) {
    const arg = args[i]!;
    const word = optionWord(arg);
    if (word !== null && SET_FLAGS.has(word)) continue;
    if (word !== null && SET_WITH_VALUE.has(word)) {
      const value = args[i + 1];
      if (!isNumeric(value)) {
        return [{ message: `SET ${word} needs a number after it (SET key value ${word} n)`, column: (value ?? arg).column }];
      }
      i++;
      continue;
    }
    return [{ message: `SET has no option \`${literalOf(arg) ?? 'placeholder'}\` (options: NX, XX, GET, KEEPTTL, EX n, PX n, EXAT n, PXAT n)`, column: arg.column }];
  }
  return [];
}

function checkZadd(args: readonly TemplateArg[]): TemplateProblem[] {
  let i = 2;
  while (i < args.length && ZADD_FLAGS.has(optionWord(args[i]) ?? '')) i++;
  const rest = args.length - i;
  if (rest < 2 || rest % 2 !== 0) {
    return [{ message: `ZADD needs score member pairs after the key and options (ZADD key score member), got ${rest} argument${rest === 1 ? '' : 's'}` }];
  }
  for (let j = i; j < args.length; j += 2) {
    const score = args[j]!;
    const literal = literalOf(score);
    if (literal !== null && !isNumeric(score) && !/^[-+]?inf$/i.test(literal)) {
      return [{ message: `ZADD score \`${literal}\` is not a number`, column: score.column }];
    }
  }
  return [];
}

function checkPairs(name: string, args: readonly TemplateArg[], from: number, pair: string): TemplateProblem[] {
  const rest = args.length - from;
  if (rest % 2 === 0) return [];
  return [{ message: `${name} needs ${pair} pairs, got ${rest} arguments after ${from === 1 ? name : 'the key'}` }];
}

function expectWord(spec: CommandSpec, args: readonly TemplateArg[], at: number, words: string[]): TemplateProblem[] {
  const arg = args[at];
  const word = optionWord(arg);
  if (arg && word !== null && words.includes(word)) return [];
  return [{ message: `${spec.name} argument ${at + 1} must be ${words.join(' or ')} (${spec.usage})`, column: arg?.column }];
}

function checkMove(args: readonly TemplateArg[]): TemplateProblem[] {
  const db = args[2];
  const literal = literalOf(db);
  const ok = literal === null ? db?.parts.length === 1 && db.parts[0]?.kind === 'int' : /^\d+$/.test(literal);
  if (ok) return [];
  return [{ message: `MOVE needs a database number as its last argument (MOVE key db), got \`${literal ?? 'a placeholder'}\``, column: db?.column }];
}

function checkNumkeys(spec: CommandSpec, args: readonly TemplateArg[]): TemplateProblem[] {
  const at = spec.numkeys!.at;
  const arg = args[at]!;
  const literal = literalOf(arg);
  const n = literal === null ? NaN : Number(literal);
  if (!Number.isInteger(n) || n < 1) {
    return [{ message: `${spec.name} numkeys (argument ${at + 1}) must be a plain number of at least 1, so rbench knows which arguments are keys`, column: arg.column }];
  }
  const following = args.length - at - 1;
  if (following < n) {
    return [{ message: `${spec.name} numkeys is ${n} but only ${following} argument${following === 1 ? '' : 's'} follow${following === 1 ? 's' : ''} (${spec.usage})`, column: arg.column }];
  }
  if (spec.name.startsWith('EVAL')) return [];
  return checkSetOperationOptions(spec, args, at + 1 + n, n);
}

// ZUNIONSTORE and friends: after the keys come WEIGHTS (one per key), AGGREGATE and WITHSCORES.
function checkSetOperationOptions(spec: CommandSpec, args: readonly TemplateArg[], from: number, n: number): TemplateProblem[] {
  const store = spec.name.endsWith('STORE');
  const diff = spec.name.startsWith('ZDIFF');
  for (let i = from; i < args.length; i++) {
    const arg = args[i]!;
    const word = optionWord(arg);
    if (word === 'WEIGHTS' && !diff) {
      for (let w = 1; w <= n; w++) {
        if (!isNumeric(args[i + w])) return [{ message: `${spec.name} WEIGHTS needs ${n} numbers, one per key`, column: arg.column }];
      }
      i += n;
    } else if (word === 'AGGREGATE' && !diff) {
      const how = optionWord(args[i + 1]);
      if (how === null || !['SUM', 'MIN', 'MAX'].includes(how)) {
        return [{ message: `${spec.name} AGGREGATE must be followed by SUM, MIN or MAX`, column: (args[i + 1] ?? arg).column }];
      }
      i++;
    } else if (word === 'WITHSCORES' && !store) {
      continue;
    } else {
      return [{ message: `${spec.name} has no option \`${literalOf(arg) ?? 'placeholder'}\` after its keys (${spec.usage})`, column: arg.column }];
    }
  }
  return [];
}

function checkTimeout(spec: CommandSpec, args: readonly TemplateArg[]): TemplateProblem[] {
  const at = spec.timeoutAt! < 0 ? args.length + spec.timeoutAt! : spec.timeoutAt!;
  const arg = args[at]!;
  const literal = literalOf(arg);
  if (literal !== null && isNumeric(arg) && Number(literal) > 0) return [];
  return [{
    message: `${spec.name} timeout must be a number of seconds above 0, so consumers stop when the run ends (${spec.usage}), got \`${literal ?? 'a placeholder'}\``,
    column: arg.column,
  }];
}
