/**
 * The syntax of a command template such as `ZADD {key} {float:0..1000} member:{int:1..10000}`.
 * Parsing happens once, at validation; src/workload compiles the result into an emitter that
 * writes straight into the encoder's buffer.
 *
 * Arguments are separated by spaces; an argument in double quotes may contain spaces (`\"` and
 * `\\` escape inside quotes). Inside an argument, literal text and placeholders concatenate.
 */

export type TemplatePart =
  | { kind: 'literal'; text: string }
  /** `{key}` (the main keyspace, space = null) or `{key:NAME}` (a named keyspace). */
  | { kind: 'key'; space: string | null }
  /** `{value}`: random bytes of the scenario's data size. */
  | { kind: 'value' }
  /** `{int:A..B}`: a uniform integer in [A, B]. */
  | { kind: 'int'; min: number; max: number }
  /** `{float:A..B}`: a uniform float in [A, B). */
  | { kind: 'float'; min: number; max: number }
  /** `{seq}`: a per-run counter. */
  | { kind: 'seq' }
  /** `{now}`: unix time in milliseconds. */
  | { kind: 'now' }
  /** `{field}` / `{member}`: drawn from their own cardinality, independent of the key count. */
  | { kind: 'field' }
  | { kind: 'member' };

export type PlaceholderKind = TemplatePart['kind'];

/** One RESP argument: the concatenation of its parts. */
export interface TemplateArg {
  parts: TemplatePart[];
  /** 1-based column of the argument's first character in the template text. */
  column: number;
}

export interface ParsedTemplate {
  /** The command name, upper-cased (`SET`, `ZADD`); empty templates are rejected. */
  command: string;
  /** Every argument, the command name first. */
  args: TemplateArg[];
}

/** A template that does not parse; `column` is 1-based within the template text. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const PLACEHOLDER_NAMES = ['key', 'value', 'int', 'float', 'seq', 'now', 'field', 'member'];

/** Parses a template; throws TemplateSyntaxError naming the column of the first problem. */
export function parseTemplate(text: string): ParsedTemplate {
  const args: TemplateArg[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) break;
    const start = i;
    const parts: TemplatePart[] = [];
    let literal = '';
    let quoted = false;
    const pushLiteral = () => {
      if (literal !== '') parts.push({ kind: 'literal', text: literal });
      literal = '';
    };
    if (text[i] === '"') {
      quoted = true;
      i++;
    }
    for (;;) {
      if (i >= text.length) {
        if (quoted) throw new TemplateSyntaxError('unterminated quote', start + 1);
        break;
      }
      const ch = text[i]!;
      if (quoted && ch === '"') {
        i++;
        if (i < text.length && text[i] !== ' ' && text[i] !== '\t') {
          throw new TemplateSyntaxError('a closing quote must be followed by a space', i + 1);
        }
        break;
      }
      if (!quoted && (ch === ' ' || ch === '\t')) break;
      if (quoted && ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        literal += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '{') {
        const close = text.indexOf('}', i);
        if (close < 0) throw new TemplateSyntaxError('a placeholder opened with { is never closed', i + 1);
        pushLiteral();
        parts.push(parsePlaceholder(text.slice(i + 1, close), i + 1));
        i = close + 1;
        continue;
      }
      if (ch === '}') throw new TemplateSyntaxError('a } with no opening {', i + 1);
      literal += ch;
      i++;
    }
    pushLiteral();
    if (parts.length === 0) parts.push({ kind: 'literal', text: '' });
    args.push({ parts, column: start + 1 });
  }
  const first = args[0];
  if (!first) throw new TemplateSyntaxError('the command is empty', 1);
  const head = first.parts[0];
  if (first.parts.length !== 1 || head?.kind !== 'literal' || head.text === '') {
    throw new TemplateSyntaxError('the command name must be plain text, not a placeholder', first.column);
  }
  return { command: head.text.toUpperCase(), args };
}

function parsePlaceholder(body: string, column: number): TemplatePart {
  const colon = body.indexOf(':');
  const name = (colon < 0 ? body : body.slice(0, colon)).trim();
  const param = colon < 0 ? null : body.slice(colon + 1).trim();
  const noParam = (part: TemplatePart): TemplatePart => {
    if (param !== null) throw new TemplateSyntaxError(`{${name}} takes no parameter`, column);
    return part;
  };
  switch (name) {
    case 'key':
      if (param === null) return { kind: 'key', space: null };
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(param)) {
        throw new TemplateSyntaxError(`{key:${param}}: a keyspace name is letters, digits, _ and -`, column);
      }
      return { kind: 'key', space: param };
    case 'value':
      return noParam({ kind: 'value' });
    case 'seq':
      return noParam({ kind: 'seq' });
    case 'now':
      return noParam({ kind: 'now' });
    case 'field':
      return noParam({ kind: 'field' });
    case 'member':
      return noParam({ kind: 'member' });
    case 'int':
    case 'float': {
      const range = param === null ? null : /^(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)$/.exec(param);
      if (!range) throw new TemplateSyntaxError(`{${name}:A..B} needs a range, like {${name}:1..100}`, column);
      const min = Number(range[1]);
      const max = Number(range[2]);
      if (name === 'int' && (!Number.isInteger(min) || !Number.isInteger(max))) {
        throw new TemplateSyntaxError(`{int:${param}}: the bounds must be whole numbers`, column);
      }
      if (min > max) throw new TemplateSyntaxError(`{${name}:${param}}: the lower bound is above the upper`, column);
      return { kind: name, min, max };
    }
    default: {
      const hint = nearest(name, PLACEHOLDER_NAMES);
      throw new TemplateSyntaxError(
        `unknown placeholder {${body}}${hint ? `; did you mean {${hint}}?` : ''} (known: ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ')})`,
        column,
      );
    }
  }
}

/** The closest candidate within edit distance 2, for "did you mean" hints. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
