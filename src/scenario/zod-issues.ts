/**
 * Turns zod's issues into scenario problems worded for a person editing YAML: "unknown key
 * `pipline`; did you mean `pipeline`?", "is required", "must be one of ...". Union failures are
 * resolved to the branch whose type matched, so a bad field inside `consumers: {...}` is reported
 * there rather than as "invalid input".
 */
import type * as z from 'zod';
import { nearest } from './template-syntax.js';
import type { TemplateIssueParams } from './template-field.js';
import type { DocPath, Target } from './yaml-source.js';
import { knownKeysAt } from './zod-navigation.js';

/** A problem with where it points and the path it is reported under. */
export interface LocatedProblem {
  target: Target;
  path: DocPath;
  message: string;
}

type Issue = z.core.$ZodIssue;

/** Every zod issue as located problems; `data` is the parsed YAML, `root` the schema it was checked against. */
export function problemsFromZod(issues: readonly Issue[], data: unknown, root: z.core.$ZodType): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  for (const issue of issues) collect(issue, [], data, root, out);
  return out;
}

function collect(issue: Issue, prefix: PropertyKey[], data: unknown, root: z.core.$ZodType, out: LocatedProblem[]): void {
  const path = [...prefix, ...issue.path];
  const value = valueAt(data, path);
  const push = (message: string, target: Target = { path }): void => {
    out.push({ target, path, message });
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(root, path);
      for (const key of issue.keys) {
        const hint = nearest(key, known);
        out.push({
          target: { path: [...path, key], at: 'key' },
          path,
          message: `unknown key \`${key}\`${hint ? `; did you mean \`${hint}\`?` : ` (known: ${known.join(', ')})`}`,
        });
      }
      return;
    }
    case 'invalid_union': {
      if (issue.errors.length === 0) {
        // A discriminated union whose `type` matched no branch.
        const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
        return push(oneOf(value, options));
      }
      // The branch whose shape matched is the one the user meant; report its own problems.
      const matched = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matched.length > 0) {
        const best = matched.reduce((a, b) => (b.length < a.length ? b : a));
        for (const inner of best) collect(inner, path, data, root, out);
        return;
      }
      return push(issue.message === 'Invalid input' ? `has the wrong type (got ${describe(value)})` : `${issue.message}, got ${describe(value)}`);
    }
    case 'invalid_type':
      if (value === undefined) return push('is required');
      return push(`expected ${expectedName(issue.expected)}, got ${describe(value)}`);
    case 'invalid_value':
      return push(oneOf(value, issue.values.map(String)));
    case 'too_small':
      return push(tooSmall(issue));
    case 'too_big':
      return push(issue.origin === 'array' ? `has more than ${String(issue.maximum)} entries` : `must be at most ${String(issue.maximum)}`);
    case 'invalid_key':
      return push(`the key is not allowed: ${issue.issues[0]?.message ?? issue.message}`, { path, at: 'key' });
    case 'custom': {
      const params = (issue.params ?? {}) as TemplateIssueParams;
      return push(issue.message, params.templateColumn === undefined ? { path } : { path, innerColumn: params.templateColumn });
    }
    default:
      return push(issue.message);
  }
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const min = Number(issue.minimum);
  if (issue.origin === 'array') return min === 1 ? 'needs at least one entry' : `needs at least ${min} entries`;
  if (issue.origin === 'string') return 'must not be empty';
  return issue.inclusive === false ? `must be above ${min}` : `must be at least ${min}`;
}

function oneOf(value: unknown, options: string[]): string {
  const hint = typeof value === 'string' ? nearest(value, options) : null;
  const got = value === undefined ? '' : ` \`${String(value)}\``;
  return `unknown value${got}${hint ? `; did you mean \`${hint}\`?` : ''} (expected one of ${options.join(', ')})`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'int':
      return 'a whole number';
    default:
      return `a ${expected}`;
  }
}

/** A short name for what the YAML held, for "expected X, got Y". */
export function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'boolean') return String(value);
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
